package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Telegram's {@code parse_mode=HTML}, as the fake checks it: the documented tags only, balanced and
 * properly nested, the entities {@code &lt; &gt; &amp; &quot;} and numeric ones, at most 4096
 * characters (UTF-16 units) of text after parsing. Errors carry Telegram's descriptions
 * ("Bad Request: can't parse entities: ...").
 *
 * <p>Deliberately stricter than Telegram in one place: a bare {@code &} that does not start an
 * entity is refused (Telegram keeps it literally), so tests catch text that was not escaped.
 */
public final class TelegramHtml {

    /** The most text one message may hold, after entity parsing. */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
            "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
    private static final Map<String, Character> NAMED_ENTITIES = Map.of("lt", '<', "gt", '>', "amp", '&', "quot", '"');

    private TelegramHtml() {
    }

    /** Why Telegram would refuse a text; {@link #description()} is Telegram's wording. */
    public static final class InvalidException extends RuntimeException {

        InvalidException(String description) {
            super(description);
        }

        /** E.g. "Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 0". */
        public String description() {
            return getMessage();
        }
    }

    /**
     * The text a user would see.
     *
     * @throws InvalidException if Telegram would answer 400 to this text
     */
    public static String plainText(String html) {
        var plain = parse(html);
        return checkLength(plain);
    }

    /** Checks a text sent without parse mode: not empty, not too long. */
    public static String checkLength(String plain) {
        if (plain.isBlank()) {
            throw new InvalidException("Bad Request: message text is empty");
        }
        if (plain.length() > MAX_MESSAGE_LENGTH) {
            throw new InvalidException("Bad Request: message is too long");
        }
        return plain;
    }

    private record Tag(String name, Map<String, String> attributes) {
    }

    private static String parse(String html) {
        var plain = new StringBuilder();
        var open = new ArrayDeque<Tag>();
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '&') {
                i = entity(html, i, plain);
            } else if (c == '<') {
                if (i + 1 < n && html.charAt(i + 1) == '/') {
                    i = endTag(html, i, open);
                } else {
                    i = startTag(html, i, open);
                }
            } else {
                plain.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end tag corresponding to start tag \"" + open.peek().name() + "\"");
        }
        return plain.toString();
    }

    private static int entity(String html, int at, StringBuilder plain) {
        int semicolon = html.indexOf(';', at);
        if (semicolon > at + 1 && semicolon - at <= 10) {
            var name = html.substring(at + 1, semicolon);
            var named = NAMED_ENTITIES.get(name);
            if (named != null) {
                plain.append(named);
                return semicolon + 1;
            }
            if (name.matches("#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}")) {
                int codePoint = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                if (Character.isValidCodePoint(codePoint) && codePoint != 0) {
                    plain.appendCodePoint(codePoint);
                    return semicolon + 1;
                }
            }
        }
        throw error("Unsupported HTML entity at byte offset " + byteOffset(html, at)
                + "; escape '&' as \"&amp;\"");
    }

    private static int endTag(String html, int at, ArrayDeque<Tag> open) {
        int close = html.indexOf('>', at);
        if (close < 0) {
            throw error("Unclosed end tag at byte offset " + byteOffset(html, at));
        }
        var name = html.substring(at + 2, close).strip().toLowerCase(Locale.ROOT);
        if (open.isEmpty()) {
            throw error("Unexpected end tag at byte offset " + byteOffset(html, at));
        }
        var expected = open.peek().name();
        if (!expected.equals(name)) {
            throw error("Unmatched end tag at byte offset " + byteOffset(html, at) + ", expected \"</" + expected
                    + ">\", found \"</" + name + ">\"");
        }
        open.pop();
        return close + 1;
    }

    private static int startTag(String html, int at, ArrayDeque<Tag> open) {
        int n = html.length();
        int i = at + 1;
        int nameStart = i;
        while (i < n && (Character.isLetterOrDigit(html.charAt(i)) || html.charAt(i) == '-')) {
            i++;
        }
        var name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !TAGS.contains(name)) {
            throw error("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, at));
        }
        var attributes = new LinkedHashMap<String, String>();
        while (true) {
            while (i < n && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            if (i >= n) {
                throw error("Unclosed start tag at byte offset " + byteOffset(html, at));
            }
            if (html.charAt(i) == '>') {
                i++;
                break;
            }
            int attrStart = i;
            while (i < n && (Character.isLetterOrDigit(html.charAt(i)) || html.charAt(i) == '-'
                    || html.charAt(i) == '_')) {
                i++;
            }
            var attr = html.substring(attrStart, i).toLowerCase(Locale.ROOT);
            if (attr.isEmpty()) {
                throw error("Empty attribute name in the tag \"" + name + "\" at byte offset "
                        + byteOffset(html, at));
            }
            while (i < n && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            if (i < n && html.charAt(i) == '=') {
                i++;
                while (i < n && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    throw error("Unclosed start tag at byte offset " + byteOffset(html, at));
                }
                char quote = html.charAt(i);
                String value;
                if (quote == '"' || quote == '\'') {
                    int end = html.indexOf(quote, i + 1);
                    if (end < 0) {
                        throw error("Unclosed start tag at byte offset " + byteOffset(html, at));
                    }
                    value = decodeAttribute(html.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int valueStart = i;
                    while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                        i++;
                    }
                    value = decodeAttribute(html.substring(valueStart, i));
                }
                attributes.put(attr, value);
            } else {
                attributes.put(attr, "");
            }
        }
        checkTag(name, attributes, open, html, at);
        open.push(new Tag(name, attributes));
        return i;
    }

    private static String decodeAttribute(String raw) {
        var decoded = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '&') {
                i = entity(raw, i, decoded);
            } else {
                decoded.append(raw.charAt(i++));
            }
        }
        return decoded.toString();
    }

    private static void checkTag(String name, Map<String, String> attributes, ArrayDeque<Tag> open, String html,
            int at) {
        var offset = " at byte offset " + byteOffset(html, at);
        if (!open.isEmpty()) {
            var parent = open.peek().name();
            if (parent.equals("code") || parent.equals("pre") && !name.equals("code")) {
                throw error("Tag \"" + name + "\" can't be used inside tag \"" + parent + "\"" + offset);
            }
        }
        for (var outer : open) {
            if (outer.name().equals(name) && (name.equals("a") || name.equals("blockquote") || name.equals("pre"))) {
                throw error("Tag \"" + name + "\" can't be nested in itself" + offset);
            }
        }
        switch (name) {
            case "span" -> {
                if (!"tg-spoiler".equals(attributes.get("class"))) {
                    throw error("Tag \"span\" must have class \"tg-spoiler\"" + offset);
                }
            }
            case "a" -> {
                var href = attributes.get("href");
                if (href == null || href.isBlank()) {
                    throw error("Tag \"a\" must have attribute \"href\"" + offset);
                }
            }
            case "code" -> {
                var language = attributes.get("class");
                if (language != null && !language.matches("language-[A-Za-z0-9_+#.-]+")) {
                    throw error("Unsupported class \"" + language + "\" of tag \"code\"" + offset);
                }
            }
            case "tg-emoji" -> {
                if (!attributes.getOrDefault("emoji-id", "").matches("[0-9]+")) {
                    throw error("Tag \"tg-emoji\" must have attribute \"emoji-id\"" + offset);
                }
            }
            default -> {
            }
        }
    }

    private static int byteOffset(String html, int index) {
        return html.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }

    private static InvalidException error(String reason) {
        return new InvalidException("Bad Request: can't parse entities: " + reason);
    }
}
