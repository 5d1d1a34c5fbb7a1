package dev.switchboard.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Turns a model's Markdown into Telegram's HTML subset ({@code parse_mode=HTML}) with commonmark-java.
 *
 * <p>Bold, italics, strikethrough ({@code ~~x~~}), inline code and code blocks (with their language)
 * map to Telegram's tags; headings become bold lines; lists become "• " and "1. " lines, nested ones
 * indented; block quotes become {@code <blockquote>} (nested ones are flattened, Telegram refuses
 * them); a thematic break becomes a line; tables become preformatted text; images become links
 * named by their alt text. Links keep only the http, https, tg and mailto schemes, others become
 * their text. Raw HTML in the input is shown as text, never passed through. Any input renders:
 * this never throws.
 */
public final class TelegramMarkdown {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(StrikethroughExtension.builder().requireTwoTildes(true).build(),
                    TablesExtension.create()))
            .build();
    private static final Pattern SAFE_LINK = Pattern.compile("(?i)(https?://|tg://|mailto:)\\S+");
    private static final String RULE = "——————————";
    /** Deeper lists are not indented further, so that indentation cannot outgrow the text. */
    private static final int MAX_INDENT = 24;

    private TelegramMarkdown() {
    }

    /**
     * Renders Markdown as Telegram HTML and as the plain text a user would see of it.
     *
     * @param markdown the model's Markdown; null reads as empty
     * @return the HTML and its visible text; {@code plain} equals what Telegram shows for
     *     {@code html}, and is blank only when {@code markdown} is
     */
    public static TelegramText render(String markdown) {
        String source = markdown == null ? "" : markdown;
        TelegramText rendered;
        try {
            Renderer renderer = new Renderer();
            PARSER.parse(source).accept(renderer);
            rendered = new TelegramText(renderer.html.toString(), renderer.plain.toString());
        } catch (RuntimeException | StackOverflowError e) {
            // Pathologically nested input can exhaust the stack of a recursive walk; the text still goes out.
            rendered = literal(source);
        }
        return rendered.plain().isBlank() ? literal(source) : rendered;
    }

    /** The input shown exactly as written. */
    private static TelegramText literal(String source) {
        String text = source.strip();
        return new TelegramText(escape(text), text);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escapeInto(text, out, false);
        return out.toString();
    }

    private static void escapeInto(String text, StringBuilder out, boolean attribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }

    /**
     * Walks the syntax tree writing HTML and plain text side by side. Blocks ask for a separation
     * (one or two line breaks) that is written only when more content follows, so nothing trails.
     */
    private static final class Renderer extends AbstractVisitor {

        private final StringBuilder html = new StringBuilder();
        private final StringBuilder plain = new StringBuilder();
        private int pendingBreaks;
        /** Just after a list marker or an opening blockquote: the first block there needs no separation. */
        private boolean atBlockStart;
        private String indent = "";
        private int quoteDepth;
        private boolean inLink;

        private void separate(int breaks) {
            if (atBlockStart || plain.isEmpty()) {
                return;
            }
            pendingBreaks = Math.max(pendingBreaks, breaks);
        }

        private void flush() {
            if (pendingBreaks > 0) {
                String breaks = "\n".repeat(pendingBreaks) + indent;
                html.append(breaks);
                plain.append(breaks);
                pendingBreaks = 0;
            }
            atBlockStart = false;
        }

        private void text(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            flush();
            escapeInto(text, html, false);
            plain.append(text);
        }

        private void lineBreak() {
            flush();
            html.append('\n').append(indent);
            plain.append('\n').append(indent);
        }

        private void open(String tag) {
            flush();
            html.append(tag);
        }

        private void close(String tag) {
            html.append(tag);
        }

        /** Blocks in a tight list item are a line apart, others a blank line. */
        private static int gap(Node block) {
            return block.getParent() instanceof ListItem item && item.getParent() instanceof ListBlock list
                    && list.isTight() ? 1 : 2;
        }

        @Override
        public void visit(Heading heading) {
            separate(2);
            open("<b>");
            visitChildren(heading);
            close("</b>");
        }

        @Override
        public void visit(Paragraph paragraph) {
            separate(gap(paragraph));
            visitChildren(paragraph);
        }

        @Override
        public void visit(BlockQuote quote) {
            separate(gap(quote));
            if (quoteDepth++ == 0) {
                open("<blockquote>");
                atBlockStart = true;
                visitChildren(quote);
                close("</blockquote>");
            } else {
                visitChildren(quote);
            }
            quoteDepth--;
        }

        @Override
        public void visit(BulletList list) {
            list(list);
        }

        @Override
        public void visit(OrderedList list) {
            list(list);
        }

        private void list(ListBlock list) {
            separate(list.getParent() instanceof ListItem ? 1 : gap(list));
            visitChildren(list);
        }

        @Override
        public void visit(ListItem item) {
            ListBlock list = (ListBlock) item.getParent();
            separate(list.isTight() ? 1 : 2);
            String marker = "• ";
            if (list instanceof OrderedList ordered) {
                int number = ordered.getMarkerStartNumber() == null ? 1 : ordered.getMarkerStartNumber();
                for (Node previous = item.getPrevious(); previous != null; previous = previous.getPrevious()) {
                    number++;
                }
                marker = number + ". ";
            }
            text(marker);
            String outer = indent;
            if (outer.length() < MAX_INDENT) {
                indent = outer + " ".repeat(marker.length());
            }
            atBlockStart = true;
            visitChildren(item);
            atBlockStart = false;
            indent = outer;
        }

        @Override
        public void visit(FencedCodeBlock code) {
            codeBlock(code, code.getLiteral(), language(code.getInfo()));
        }

        @Override
        public void visit(IndentedCodeBlock code) {
            codeBlock(code, code.getLiteral(), null);
        }

        private void codeBlock(Node block, String literal, String language) {
            separate(gap(block));
            open(language == null ? "<pre>" : "<pre><code class=\"language-" + language + "\">");
            String content = literal == null ? "" : literal.stripTrailing();
            text(content.isEmpty() ? " " : content);
            close(language == null ? "</pre>" : "</code></pre>");
        }

        private static String language(String info) {
            if (info == null || info.isBlank()) {
                return null;
            }
            String word = info.strip().split("\\s+", 2)[0].replaceAll("[^A-Za-z0-9_+#.-]", "");
            return word.isEmpty() ? null : word.substring(0, Math.min(word.length(), 32));
        }

        @Override
        public void visit(ThematicBreak rule) {
            separate(gap(rule));
            text(RULE);
        }

        @Override
        public void visit(HtmlBlock block) {
            separate(gap(block));
            text(block.getLiteral() == null ? "" : block.getLiteral().stripTrailing());
        }

        @Override
        public void visit(HtmlInline inline) {
            text(inline.getLiteral());
        }

        @Override
        public void visit(Text text) {
            text(text.getLiteral());
        }

        @Override
        public void visit(Code code) {
            if (code.getLiteral() == null || code.getLiteral().isEmpty()) {
                return;
            }
            open("<code>");
            text(code.getLiteral());
            close("</code>");
        }

        @Override
        public void visit(Emphasis emphasis) {
            wrap(emphasis, "i");
        }

        @Override
        public void visit(StrongEmphasis strong) {
            wrap(strong, "b");
        }

        private void wrap(Node node, String tag) {
            open("<" + tag + ">");
            visitChildren(node);
            close("</" + tag + ">");
        }

        @Override
        public void visit(SoftLineBreak softBreak) {
            // Models break lines on purpose; chat clients show them.
            lineBreak();
        }

        @Override
        public void visit(HardLineBreak hardBreak) {
            lineBreak();
        }

        @Override
        public void visit(Link link) {
            link(link, link.getDestination());
        }

        @Override
        public void visit(Image image) {
            link(image, image.getDestination());
        }

        private void link(Node node, String destination) {
            String href = destination == null ? "" : destination.strip();
            boolean safe = SAFE_LINK.matcher(href).matches() && !inLink;
            if (safe) {
                open("<a href=\"");
                escapeInto(href, html, true);
                html.append("\">");
                inLink = true;
            }
            int before = plain.length();
            visitChildren(node);
            if (plain.length() == before) {
                text(href);
            }
            if (safe) {
                inLink = false;
                close("</a>");
            }
        }

        @Override
        public void visit(CustomNode node) {
            if (node instanceof Strikethrough) {
                wrap(node, "s");
            } else {
                visitChildren(node);
            }
        }

        @Override
        public void visit(CustomBlock block) {
            if (block instanceof TableBlock table) {
                table(table);
            } else {
                visitChildren(block);
            }
        }

        /** A table as aligned columns of plain text in a preformatted block. */
        private void table(TableBlock table) {
            List<List<String>> rows = new ArrayList<>();
            int headerRows = 0;
            List<Node> stack = new ArrayList<>(List.of(table));
            while (!stack.isEmpty()) {
                Node node = stack.removeLast();
                if (node instanceof TableRow row) {
                    List<String> cells = new ArrayList<>();
                    boolean header = false;
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        Renderer inner = new Renderer();
                        inner.visitChildren(cell);
                        cells.add(inner.plain.toString().replace('\n', ' ').strip());
                        header |= cell instanceof TableCell tableCell && tableCell.isHeader();
                    }
                    rows.add(cells);
                    if (header) {
                        headerRows = rows.size();
                    }
                } else {
                    List<Node> children = new ArrayList<>();
                    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                        children.add(child);
                    }
                    stack.addAll(children.reversed());
                }
            }
            int columns = rows.stream().mapToInt(List::size).max().orElse(0);
            int[] widths = new int[columns];
            for (List<String> row : rows) {
                for (int c = 0; c < row.size(); c++) {
                    widths[c] = Math.max(widths[c], row.get(c).codePointCount(0, row.get(c).length()));
                }
            }
            StringBuilder out = new StringBuilder();
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    String cell = c < row.size() ? row.get(c) : "";
                    line.append(c == 0 ? "" : " | ").append(cell)
                            .append(" ".repeat(widths[c] - cell.codePointCount(0, cell.length())));
                }
                out.append(line.toString().stripTrailing()).append('\n');
                if (r + 1 == headerRows) {
                    for (int c = 0; c < columns; c++) {
                        out.append(c == 0 ? "" : "-+-").append("-".repeat(Math.max(1, widths[c])));
                    }
                    out.append('\n');
                }
            }
            separate(gap(table));
            open("<pre>");
            text(out.toString().stripTrailing().isEmpty() ? " " : out.toString().stripTrailing());
            close("</pre>");
        }
    }
}
