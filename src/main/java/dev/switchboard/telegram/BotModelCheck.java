package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * Tells the bot service whether a model id names a model the owner may use. The telegram module
 * does not know models; the module that calls them provides this, and every bean of this type is
 * asked before a bot is created or changed.
 */
public interface BotModelCheck {

    /** True if {@code modelId} is one of {@code owner}'s models. */
    boolean isUsableBy(UserId owner, UUID modelId);
}
