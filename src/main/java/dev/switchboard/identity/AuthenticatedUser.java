package dev.switchboard.identity;

/**
 * The caller of a request, whether they came with an access token or an API key. Controllers of
 * every module receive it with {@code @AuthenticationPrincipal AuthenticatedUser user} and scope
 * every query to {@link #id()}.
 *
 * @param id the user
 * @param email the user's login
 * @param role what the user may do
 */
public record AuthenticatedUser(UserId id, String email, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
