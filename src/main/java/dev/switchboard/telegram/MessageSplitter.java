package dev.switchboard.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text longer than one Telegram message into parts, preferring a paragraph break, then a line
 * break, then the end of a sentence, then a space, and only then a hard cut.
 *
 * <p>Telegram HTML is split by its visible text, which is what Telegram counts (UTF-16 units after
 * entity parsing). Cuts fall between characters only, never inside a tag or an entity; tags open at
 * a cut are closed at the end of the part and opened again at the start of the next, so a long code
 * block becomes two code blocks of the same language.
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

    /**
     * Splits Telegram HTML into messages of at most {@code limit} visible characters each.
     * Whitespace at the cuts goes (inside a code block only the line break), as in {@link #split}.
     * Lenient with input it does not expect: a stray {@code <} or {@code &} becomes text, an
     * unmatched end tag is dropped, an unclosed tag is closed at the end.
     *
     * @param limit at least 2
     * @return each part's HTML and visible text, in order; empty if there is nothing visible
     */
    static List<TelegramText> splitHtml(String html, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        Markup markup = Markup.parse(html);
        String plain = markup.plain.toString();
        List<int[]> ranges = new ArrayList<>();
        int position = markup.skipWhitespace(0);
        while (position < plain.length()) {
            int end = plain.length() - position <= limit ? plain.length()
                    : markup.tokenBoundary(position + cutPoint(plain.substring(position, position + limit + 1), limit),
                            position);
            int contentEnd = end;
            while (contentEnd > position && Character.isWhitespace(plain.charAt(contentEnd - 1))) {
                contentEnd--;
            }
            if (contentEnd > position) {
                ranges.add(new int[] {position, contentEnd});
            }
            position = markup.skipWhitespace(end);
        }
        return markup.render(ranges);
    }

    /** A text token shows {@code visible}; a tag token has a {@code name} and shows nothing. */
    private record Token(String source, String visible, String name, boolean closing, boolean preformatted) {

        static Token text(String source, String visible, boolean preformatted) {
            return new Token(source, visible, null, false, preformatted);
        }

        boolean isTag() {
            return name != null;
        }
    }

    /** HTML as balanced tokens, its visible text, and which token shows each visible character. */
    private static final class Markup {

        private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9-]*)(\\s[^<>]*)?>");
        private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});");

        private final List<Token> tokens = new ArrayList<>();
        private final StringBuilder plain = new StringBuilder();
        /** For each visible character, the index of its token. */
        private final List<Integer> owner = new ArrayList<>();

        static Markup parse(String html) {
            Markup markup = new Markup();
            List<Token> open = new ArrayList<>();
            Matcher tag = TAG.matcher(html);
            Matcher entity = ENTITY.matcher(html);
            int i = 0;
            while (i < html.length()) {
                char c = html.charAt(i);
                boolean preformatted = open.stream().anyMatch(t -> t.name().equals("pre") || t.name().equals("code"));
                if (c == '<' && tag.region(i, html.length()).lookingAt()) {
                    String name = tag.group(2).toLowerCase(Locale.ROOT);
                    if (tag.group(1).isEmpty()) {
                        Token token = new Token(tag.group(), "", name, false, false);
                        open.add(token);
                        markup.tokens.add(token);
                    } else {
                        markup.close(open, name);
                    }
                    i = tag.end();
                } else if (c == '&' && entity.region(i, html.length()).lookingAt()) {
                    String visible = decode(entity.group(1));
                    markup.add(Token.text(visible == null ? "&amp;" : entity.group(), visible == null ? "&" : visible,
                            preformatted));
                    i = visible == null ? i + 1 : entity.end();
                } else {
                    String source = switch (c) {
                        case '<' -> "&lt;";
                        case '>' -> "&gt;";
                        case '&' -> "&amp;";
                        default -> String.valueOf(c);
                    };
                    markup.add(Token.text(source, String.valueOf(c), preformatted));
                    i++;
                }
            }
            while (!open.isEmpty()) {
                markup.close(open, open.getLast().name());
            }
            return markup;
        }

        private static String decode(String entity) {
            return switch (entity) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                default -> {
                    boolean hex = entity.charAt(1) == 'x' || entity.charAt(1) == 'X';
                    int codePoint = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
                    yield codePoint != 0 && Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : null;
                }
            };
        }

        private void add(Token token) {
            tokens.add(token);
            plain.append(token.visible());
            for (int k = 0; k < token.visible().length(); k++) {
                owner.add(tokens.size() - 1);
            }
        }

        /** Closes {@code name} and whatever is open inside it; an end tag that matches nothing is dropped. */
        private void close(List<Token> open, String name) {
            int at = -1;
            for (int k = open.size() - 1; k >= 0; k--) {
                if (open.get(k).name().equals(name)) {
                    at = k;
                    break;
                }
            }
            while (at >= 0 && open.size() > at) {
                String closed = open.removeLast().name();
                tokens.add(new Token("</" + closed + ">", "", closed, true, false));
            }
        }

        /** Moves a cut that falls inside a token showing two characters back to that token's start. */
        int tokenBoundary(int cut, int floor) {
            int at = cut;
            while (at > floor && at < owner.size() && owner.get(at).equals(owner.get(at - 1))) {
                at--;
            }
            return at > floor ? at : cut;
        }

        /** The first visible position from {@code from} not to drop at a cut: in code only line breaks go. */
        int skipWhitespace(int from) {
            int at = from;
            while (at < plain.length()) {
                char c = plain.charAt(at);
                boolean code = tokens.get(owner.get(at)).preformatted();
                if (code ? c != '\n' : !Character.isWhitespace(c)) {
                    break;
                }
                at++;
            }
            return at;
        }

        List<TelegramText> render(List<int[]> ranges) {
            List<TelegramText> parts = new ArrayList<>(ranges.size());
            List<Token> open = new ArrayList<>();
            int next = 0;
            for (int[] range : ranges) {
                int first = owner.get(range[0]);
                int last = owner.get(range[1] - 1);
                for (; next < first; next++) {
                    track(open, tokens.get(next));
                }
                Part part = new Part();
                open.forEach(part::open);
                for (; next <= last; next++) {
                    Token token = tokens.get(next);
                    track(open, token);
                    if (!token.isTag()) {
                        part.text(token);
                    } else if (token.closing()) {
                        part.close();
                    } else {
                        part.open(token);
                    }
                }
                while (part.depth() > 0) {
                    part.close();
                }
                parts.add(new TelegramText(part.html.toString(), part.plain.toString()));
            }
            return parts;
        }

        private static void track(List<Token> open, Token token) {
            if (token.isTag()) {
                if (token.closing()) {
                    open.removeLast();
                } else {
                    open.add(token);
                }
            }
        }
    }

    /** One part's HTML; a tag that ends up enclosing nothing visible is left out. */
    private static final class Part {

        private final StringBuilder html = new StringBuilder();
        private final StringBuilder plain = new StringBuilder();
        private final List<Token> open = new ArrayList<>();
        private final List<int[]> marks = new ArrayList<>();

        void open(Token tag) {
            open.add(tag);
            marks.add(new int[] {html.length(), plain.length()});
            html.append(tag.source());
        }

        void text(Token token) {
            html.append(token.source());
            plain.append(token.visible());
        }

        void close() {
            Token tag = open.removeLast();
            int[] mark = marks.removeLast();
            if (plain.length() == mark[1]) {
                html.setLength(mark[0]);
            } else {
                html.append("</").append(tag.name()).append('>');
            }
        }

        int depth() {
            return open.size();
        }
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
