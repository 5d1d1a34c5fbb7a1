package dev.switchboard.conversation;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a chat's history fits a model's context: counted with a real tokenizer (cl100k, which
 * OpenAI's models use; for other models it is a close estimate), newest messages first, after the
 * system prompt and the summary, leaving room for the reply.
 */
final class ContextWindow {

    /** Per-message overhead of the chat format (role markers), as OpenAI documents it. */
    static final int MESSAGE_OVERHEAD = 4;

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /**
     * A message as context sees it.
     *
     * @param textTokens its text's token count as stored with it ({@link #textTokens}), or null if it
     *     has none (a request's own message, or a message stored before counts were): counted here
     */
    record Entry(long seq, String role, String text, Integer textTokens) {

        Entry(long seq, String role, String text) {
            this(seq, role, text, null);
        }

        /** What the message takes of the window, with its share of the chat format. */
        int tokens() {
            return (textTokens == null ? ContextWindow.textTokens(text) : textTokens) + MESSAGE_OVERHEAD;
        }
    }

    /**
     * @param kept the newest entries that fit, oldest first
     * @param dropped the older entries that did not fit, oldest first
     */
    record Fit(List<Entry> kept, List<Entry> dropped) {
    }

    private ContextWindow() {
    }

    /** What a message with this text takes of the window, with its share of the chat format. */
    static int tokens(String text) {
        return textTokens(text) + MESSAGE_OVERHEAD;
    }

    /**
     * The tokens of the text alone. A stored message keeps this count (counted once when the text is
     * written, not again on every turn that reads the history): a count depends only on the text and
     * this tokenizer.
     */
    static int textTokens(String text) {
        return ENCODING.countTokensOrdinary(text);
    }

    /** The room for the reply: a quarter of the window, at most 1024 tokens. */
    static int replyBudget(int contextWindow) {
        return Math.min(1024, contextWindow / 4);
    }

    /**
     * Splits {@code history} (oldest first) into what fits after {@code fixedTokens} (system prompt,
     * summary, the new messages) and what does not.
     */
    static Fit fit(List<Entry> history, int contextWindow, int fixedTokens) {
        return fit(history, contextWindow, fixedTokens, Integer.MAX_VALUE);
    }

    /** As {@link #fit(List, int, int)}, keeping at most the newest {@code mostKept} entries. */
    static Fit fit(List<Entry> history, int contextWindow, int fixedTokens, int mostKept) {
        int room = contextWindow - replyBudget(contextWindow) - fixedTokens;
        int first = history.size();
        for (int i = history.size() - 1; i >= 0 && history.size() - i <= mostKept; i--) {
            int cost = history.get(i).tokens();
            if (cost > room) {
                break;
            }
            room -= cost;
            first = i;
        }
        return new Fit(List.copyOf(history.subList(first, history.size())),
                List.copyOf(new ArrayList<>(history.subList(0, first))));
    }
}
