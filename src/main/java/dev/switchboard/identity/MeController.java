package dev.switchboard.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user: profile, password and login sessions. */
@RestController
@RequestMapping("/api/me")
class MeController {

    record PasswordChange(@NotNull @Size(max = 1024) String currentPassword,
            @NotNull @Size(min = 8, max = 1024) String newPassword) {
    }

    private final IdentityService identity;

    MeController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping
    IdentityService.UserView me(@AuthenticationPrincipal AuthenticatedUser user) {
        return identity.me(user);
    }

    /** Ends every session of the user, this one included; the client logs in again. */
    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody PasswordChange body,
            HttpServletRequest request) {
        identity.changePassword(user, body.currentPassword(), body.newPassword(), ClientInfo.of(request));
    }

    @GetMapping("/sessions")
    List<IdentityService.SessionView> sessions(@AuthenticationPrincipal AuthenticatedUser user,
            Authentication authentication) {
        return identity.sessions(user, AuthenticatedUserToken.sessionOf(authentication));
    }

    @DeleteMapping("/sessions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeSession(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            HttpServletRequest request) {
        identity.revokeSession(user, id, ClientInfo.of(request));
    }
}
