package dev.switchboard.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text longer than one Telegram message into parts, preferring a paragraph break, then a line
 * break, then the end of a sentence, then a space, and only then a hard cut.
 */
final class MessageSplitter {

    /** Telegram's limit on one message's text. */
    static final int TELEGRAM_LIMIT = 4096;

    private MessageSplitter() {
    }

    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            parts.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cutPoint(String text, int limit) {
        String window = text.substring(0, limit);
        int minimum = limit / 2;
        int paragraph = window.lastIndexOf("\n\n");
        if (paragraph >= minimum) {
            return paragraph;
        }
        int line = window.lastIndexOf('\n');
        if (line >= minimum) {
            return line;
        }
        int sentence = Math.max(window.lastIndexOf(". "), Math.max(window.lastIndexOf("! "), window.lastIndexOf("? ")));
        if (sentence >= minimum) {
            return sentence + 1;
        }
        int space = window.lastIndexOf(' ');
        if (space >= minimum) {
            return space;
        }
        // Never cut a UTF-16 surrogate pair in two.
        return Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
    }
}
