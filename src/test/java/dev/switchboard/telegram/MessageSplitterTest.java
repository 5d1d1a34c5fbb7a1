package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TelegramHtml;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void shortTextIsOnePart() {
        assertThat(MessageSplitter.split("  hello  ", 10)).containsExactly("hello");
    }

    @Test
    void prefersParagraphsThenLinesThenSentencesThenSpaces() {
        assertThat(MessageSplitter.split("aaaa bbbb\n\ncccc dddd", 12)).containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(MessageSplitter.split("aaaa bbbb\ncccc dddd", 12)).containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(MessageSplitter.split("One two. Three four", 12)).containsExactly("One two.", "Three four");
        assertThat(MessageSplitter.split("alpha beta gamma", 12)).containsExactly("alpha beta", "gamma");
    }

    @Test
    void cutsHardOnlyWhenThereIsNoBoundaryAndNeverInsideASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(9) + emoji + "y";

        List<String> parts = MessageSplitter.split(text, 10);

        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(10));
        assertThat(parts.getFirst()).isEqualTo("x".repeat(9));
    }

    @Test
    void htmlThatFitsIsOnePartWithItsVisibleText() {
        assertThat(MessageSplitter.splitHtml("  <b>Hi</b> &amp; bye  ", 4096))
                .containsExactly(new TelegramText("<b>Hi</b> &amp; bye", "Hi & bye"));
        assertThat(MessageSplitter.splitHtml(" <b> </b> ", 4096)).isEmpty();
    }

    @Test
    void htmlIsCountedByItsVisibleTextNotItsSource() {
        String html = "<a href=\"https://example.com/" + "x".repeat(200) + "\">" + "&amp;".repeat(90) + "</a>";

        assertThat(MessageSplitter.splitHtml(html, 100)).extracting(TelegramText::html).containsExactly(html);
    }

    @Test
    void htmlPrefersParagraphsThenLinesThenSentencesThenSpaces() {
        assertThat(MessageSplitter.splitHtml("<b>aaaa bbbb</b>\n\n<i>cccc dddd</i>", 12))
                .extracting(TelegramText::html).containsExactly("<b>aaaa bbbb</b>", "<i>cccc dddd</i>");
        assertThat(MessageSplitter.splitHtml("aaaa bbbb\ncccc dddd", 12)).extracting(TelegramText::plain)
                .containsExactly("aaaa bbbb", "cccc dddd");
        assertThat(MessageSplitter.splitHtml("One <b>two. Three</b> four", 12)).containsExactly(
                new TelegramText("One <b>two.</b>", "One two."), new TelegramText("<b>Three</b> four", "Three four"));
        assertThat(MessageSplitter.splitHtml("alpha beta gamma", 12)).extracting(TelegramText::plain)
                .containsExactly("alpha beta", "gamma");
    }

    @Test
    void aCutNeverFallsInsideATagOrAnEntity() {
        String html = "<a href=\"https://e.org/a&amp;b\">" + "&lt;&amp;&gt;&quot;&#128512;".repeat(7) + "</a>";

        List<TelegramText> parts = MessageSplitter.splitHtml(html, 10);

        assertThat(parts).hasSizeGreaterThan(1).allSatisfy(part -> {
            assertThat(TelegramHtml.plainText(part.html())).isEqualTo(part.plain());
            assertThat(part.plain().length()).isLessThanOrEqualTo(10);
            assertThat(part.html()).startsWith("<a href=\"https://e.org/a&amp;b\">").endsWith("</a>");
        });
        assertThat(String.join("", parts.stream().map(TelegramText::plain).toList()))
                .isEqualTo("<&>\"\uD83D\uDE00".repeat(7));
    }

    @Test
    void aLongCodeBlockBecomesTwoCodeBlocksOfTheSameLanguageCutAtALine() {
        String html = "<pre><code class=\"language-java\">line one;\n    line two;\n    line three;</code></pre>";

        List<TelegramText> parts = MessageSplitter.splitHtml(html, 30);

        assertThat(parts).containsExactly(
                new TelegramText("<pre><code class=\"language-java\">line one;\n    line two;</code></pre>",
                        "line one;\n    line two;"),
                new TelegramText("<pre><code class=\"language-java\">    line three;</code></pre>", "    line three;"));
    }

    @Test
    void strayMarkupIsMadeSafeInsteadOfFailing() {
        assertThat(MessageSplitter.splitHtml("a < b & c </i> <b>open", 4096))
                .containsExactly(new TelegramText("a &lt; b &amp; c  <b>open</b>", "a < b & c  open"));
    }

    @Test
    void aTenThousandCharacterReplyWithACodeBlockSplitsIntoValidMessagesThatKeepTheCode() {
        StringBuilder markdown = new StringBuilder();
        for (int i = 0; markdown.length() < 3_000; i++) {
            markdown.append("Paragraph ").append(i).append(" has **bold** & *italic* words. ").append("More text. ".repeat(20))
                    .append("\n\n");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; code.length() < 5_000; i++) {
            code.append("    System.out.println(\"line ").append(i).append(" <&>\");\n");
        }
        markdown.append("```java\n").append(code).append("```\n\n");
        for (int i = 0; markdown.length() < 10_400; i++) {
            markdown.append("- item ").append(i)
                    .append(i % 10 == 0 ? " with a [link](https://example.com/" + i + ")" : " in plain words").append('\n');
        }
        TelegramText whole = TelegramMarkdown.render(markdown.toString());
        assertThat(whole.plain().length()).isGreaterThanOrEqualTo(10_000);

        List<TelegramText> parts = MessageSplitter.splitHtml(whole.html(), TelegramHtml.MAX_MESSAGE_LENGTH);

        assertThat(parts).hasSizeBetween(3, 4).allSatisfy(part -> {
            assertThat(TelegramHtml.plainText(part.html())).isEqualTo(part.plain());
            assertThat(part.plain().length()).isLessThanOrEqualTo(TelegramHtml.MAX_MESSAGE_LENGTH);
        });
        // The code arrives whole and in order, spread over code blocks of its language.
        Matcher blocks = Pattern.compile("(?s)<pre><code class=\"language-java\">(.*?)</code></pre>")
                .matcher(String.join("", parts.stream().map(TelegramText::html).toList()));
        List<String> pieces = new ArrayList<>();
        while (blocks.find()) {
            pieces.add(TelegramHtml.plainText(blocks.group(1)));
        }
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("\n", pieces)).isEqualTo(code.toString().stripTrailing());
        // Nothing else is lost or reordered either.
        assertThat(String.join(" ", parts.stream().map(TelegramText::plain).toList()).replaceAll("\\s+", " "))
                .isEqualTo(whole.plain().replaceAll("\\s+", " "));
    }

    @Test
    void randomHtmlSplitsIntoPartsTelegramAcceptsWithNothingLost() {
        Random random = new Random(7);
        String[] words = {"word", "a.", "b!", "&amp;", "&lt;tag&gt;", "😀", "\n", "\n\n", " ", "  ", "x".repeat(30)};
        String[][] tags = {{"<b>", "</b>"}, {"<i>", "</i>"}, {"<a href=\"https://e.org\">", "</a>"},
            {"<pre><code class=\"language-py\">", "</code></pre>"}, {"<blockquote>", "</blockquote>"}, {"<code>", "</code>"},
            {"<s>", "</s>"}};
        for (int run = 0; run < 500; run++) {
            StringBuilder html = new StringBuilder();
            int blocks = 1 + random.nextInt(12);
            for (int b = 0; b < blocks; b++) {
                String[] tag = random.nextInt(3) == 0 ? null : tags[random.nextInt(tags.length)];
                html.append(tag == null ? "" : tag[0]);
                int length = random.nextInt(30);
                for (int w = 0; w < length; w++) {
                    html.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
                }
                html.append("w").append(tag == null ? "" : tag[1]);
            }
            int limit = 2 + random.nextInt(60);
            String source = html.toString();
            String visible = TelegramHtml.plainText(source);

            List<TelegramText> parts = MessageSplitter.splitHtml(source, limit);

            assertThat(parts).as(source).isNotEmpty().allSatisfy(part -> {
                assertThat(TelegramHtml.plainText(part.html())).isEqualTo(part.plain());
                assertThat(part.plain().length()).isLessThanOrEqualTo(limit);
            });
            assertThat(String.join("", parts.stream().map(TelegramText::plain).toList()).replaceAll("\\s", ""))
                    .as(source).isEqualTo(visible.replaceAll("\\s", ""));
        }
    }
}
