package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import java.util.Objects;

/**
 * Who takes a decision and where.
 *
 * @param userId the Switchboard user (for a draft: its owner, in the web app or their linked Telegram account)
 * @param telegramUserId the Telegram user, when decided in Telegram
 * @param source where
 */
public record Decider(UserId userId, Long telegramUserId, DecisionSource source) {

    public Decider {
        Objects.requireNonNull(source, "source");
    }

    /** The user, in the web app or through the API. */
    public static Decider web(UserId userId) {
        return new Decider(Objects.requireNonNull(userId, "userId"), null, DecisionSource.WEB);
    }

    /** The user through their linked Telegram account. */
    public static Decider telegram(UserId userId, long telegramUserId) {
        return new Decider(Objects.requireNonNull(userId, "userId"), telegramUserId, DecisionSource.TELEGRAM);
    }

    /** Someone in a bot's chat who is not (known to be) a Switchboard user. */
    public static Decider chatMember(Long telegramUserId) {
        return new Decider(null, telegramUserId, DecisionSource.TELEGRAM);
    }

    java.util.UUID userUuid() {
        return userId == null ? null : userId.value();
    }
}
