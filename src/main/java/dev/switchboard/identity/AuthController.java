package dev.switchboard.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The public endpoints: registration, login, refresh and logout. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    /** The email is normalised (trimmed, lower case) before it is validated. */
    record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 1024) String password,
            @Size(max = 100) String name) {
        RegisterRequest {
            email = IdentityService.normaliseEmail(email);
        }
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
    }

    private final IdentityService identity;

    AuthController(IdentityService identity) {
        this.identity = identity;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    IdentityService.UserView register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        return identity.register(body.email(), body.password(), body.name(), ClientInfo.of(request));
    }

    @PostMapping("/login")
    IdentityService.TokenPair login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
        return identity.login(body.email(), body.password(), ClientInfo.of(request));
    }

    @PostMapping("/refresh")
    IdentityService.TokenPair refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        return identity.refresh(body.refreshToken(), ClientInfo.of(request));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
        identity.logout(body.refreshToken(), ClientInfo.of(request));
    }
}
