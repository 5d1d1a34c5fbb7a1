package dev.switchboard.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users, settings and the security audit, for admins only (the filter chain answers others 403). */
@RestController
@RequestMapping("/api/admin")
@Validated
class AdminController {

    record Settings(boolean registrationOpen) {
    }

    record SettingsChange(@NotNull Boolean registrationOpen) {
    }

    private final IdentityService identity;
    private final AuditLog audit;

    AdminController(IdentityService identity, AuditLog audit) {
        this.identity = identity;
        this.audit = audit;
    }

    @GetMapping("/users")
    List<IdentityService.UserView> users() {
        return identity.allUsers();
    }

    @PostMapping("/users/{id}/disable")
    IdentityService.UserView disable(@AuthenticationPrincipal AuthenticatedUser admin, @PathVariable UUID id,
            HttpServletRequest request) {
        return identity.setEnabled(admin, id, false, ClientInfo.of(request));
    }

    @PostMapping("/users/{id}/enable")
    IdentityService.UserView enable(@AuthenticationPrincipal AuthenticatedUser admin, @PathVariable UUID id,
            HttpServletRequest request) {
        return identity.setEnabled(admin, id, true, ClientInfo.of(request));
    }

    @GetMapping("/settings")
    Settings settings() {
        return new Settings(identity.registrationOpen());
    }

    @PatchMapping("/settings")
    Settings changeSettings(@AuthenticationPrincipal AuthenticatedUser admin, @Valid @RequestBody SettingsChange body,
            HttpServletRequest request) {
        identity.setRegistrationOpen(admin, body.registrationOpen(), ClientInfo.of(request));
        return new Settings(identity.registrationOpen());
    }

    @GetMapping("/audit")
    List<AuditLog.Entry> audit(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.latest(limit);
    }
}
