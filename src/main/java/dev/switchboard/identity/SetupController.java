package dev.switchboard.identity;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a first-time visitor needs to know before anyone can sign in: public, and it tells only
 * whether an admin account still has to be created (the first registration becomes ADMIN).
 */
@RestController
class SetupController {

    /** {@code needsAdmin} is true while no user exists. */
    record Setup(boolean needsAdmin) {
    }

    private final IdentityService identity;

    SetupController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping("/api/setup")
    Setup setup() {
        return new Setup(!identity.hasAnyUser());
    }
}
