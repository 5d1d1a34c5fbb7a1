package dev.switchboard.identity;

/** What a user may do: {@code USER} manages their own things, {@code ADMIN} also manages users and settings. */
public enum Role {
    USER,
    ADMIN
}
