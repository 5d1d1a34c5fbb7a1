package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.testing.TelegramHtml;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TelegramMarkdownTest {

    @Test
    void boldItalicsStrikethroughAndInlineCodeMapToTelegramsTags() {
        TelegramText text = render("**bold** and *italic* and _also_ and ~~gone~~ and `x < y`");

        assertThat(text.html()).isEqualTo("<b>bold</b> and <i>italic</i> and <i>also</i> and <s>gone</s> and"
                + " <code>x &lt; y</code>");
        assertThat(text.plain()).isEqualTo("bold and italic and also and gone and x < y");
    }

    @Test
    void aSingleTildeIsNotStrikethrough() {
        assertThat(render("about ~5 minutes, maybe ~10").html()).isEqualTo("about ~5 minutes, maybe ~10");
    }

    @Test
    void aFencedCodeBlockKeepsItsLanguageAndItsTextEscaped() {
        TelegramText text = render("Look:\n\n```java\nif (a < b && c > d) {\n    run();\n}\n```\n\nDone.");

        assertThat(text.html()).isEqualTo("Look:\n\n<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c &gt; d) {\n"
                + "    run();\n}</code></pre>\n\nDone.");
        assertThat(text.plain()).isEqualTo("Look:\n\nif (a < b && c > d) {\n    run();\n}\n\nDone.");
    }

    @Test
    void aCodeBlockWithoutOrWithAnOddLanguageIsPlainPre() {
        assertThat(render("```\nplain\n```").html()).isEqualTo("<pre>plain</pre>");
        assertThat(render("    indented").html()).isEqualTo("<pre>indented</pre>");
        assertThat(render("```\"><script>\nx\n```").html()).isEqualTo("<pre><code class=\"language-script\">x</code></pre>");
        assertThat(render("```c++ extra words\nx\n```").html()).isEqualTo("<pre><code class=\"language-c++\">x</code></pre>");
    }

    @Test
    void headingsBecomeBoldLines() {
        TelegramText text = render("# Title\n\nIntro\n\n## Part *one*\ntext");

        assertThat(text.html()).isEqualTo("<b>Title</b>\n\nIntro\n\n<b>Part <i>one</i></b>\n\ntext");
    }

    @Test
    void listsBecomeBulletAndNumberLinesWithNestedOnesIndented() {
        TelegramText text = render("""
                Steps:

                1. first
                2. second
                   - a
                   - b
                     1. deep
                3. third

                - x
                * y
                """);

        assertThat(text.plain()).isEqualTo("""
                Steps:

                1. first
                2. second
                   • a
                   • b
                     1. deep
                3. third

                • x

                • y""");
        assertThat(render("7. seven\n8. eight").plain()).isEqualTo("7. seven\n8. eight");
    }

    @Test
    void aListItemsLaterLinesAreIndentedUnderItsText() {
        assertThat(render("- one\n  continued\n- two").plain()).isEqualTo("• one\n  continued\n• two");
    }

    @Test
    void blockQuotesBecomeOneBlockquoteEvenWhenNested() {
        TelegramText text = render("Said:\n\n> first\n>\n> > inner **bold**\n\nAfter");

        assertThat(text.html()).isEqualTo("Said:\n\n<blockquote>first\n\ninner <b>bold</b></blockquote>\n\nAfter");
    }

    @Test
    void aThematicBreakIsALine() {
        assertThat(render("above\n\n---\n\nbelow").plain()).isEqualTo("above\n\n——————————\n\nbelow");
    }

    @Test
    void linksKeepSafeSchemesOnlyAndEscapeTheirAddress() {
        assertThat(render("[site](https://example.com/?a=1&b=\"2\")").html())
                .isEqualTo("<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">site</a>");
        assertThat(render("[me](mailto:me@example.com) [bot](tg://resolve?domain=x)").html())
                .isEqualTo("<a href=\"mailto:me@example.com\">me</a> <a href=\"tg://resolve?domain=x\">bot</a>");
        assertThat(render("<https://example.com>").html())
                .isEqualTo("<a href=\"https://example.com\">https://example.com</a>");
        assertThat(render("[click](javascript:alert(1))").html()).isEqualTo("click");
        assertThat(render("[file](file:///etc/passwd) [rel](/relative) [data](data:text/html,x)").html())
                .isEqualTo("file rel data");
        assertThat(render("[](http://x.org)").html()).isEqualTo("<a href=\"http://x.org\">http://x.org</a>");
    }

    @Test
    void imagesBecomeLinksNamedByTheirAltText() {
        assertThat(render("![a cat](https://example.com/cat.png)").html())
                .isEqualTo("<a href=\"https://example.com/cat.png\">a cat</a>");
        assertThat(render("[![logo](https://x.org/l.png)](https://x.org)").html())
                .isEqualTo("<a href=\"https://x.org\">logo</a>");
    }

    @Test
    void rawHtmlIsShownAsTextNeverPassedThrough() {
        TelegramText inline = render("Look <img src=x onerror=alert(1)> here <b>not bold</b>");
        assertThat(inline.html()).isEqualTo("Look &lt;img src=x onerror=alert(1)&gt; here &lt;b&gt;not bold&lt;/b&gt;");
        assertThat(inline.plain()).isEqualTo("Look <img src=x onerror=alert(1)> here <b>not bold</b>");

        TelegramText block = render("<img src=x onerror=alert(1)>");
        assertThat(block.plain()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(TelegramHtml.plainText(block.html())).isEqualTo("<img src=x onerror=alert(1)>");

        assertThat(render("<div>\n<script>alert(1)</script>\n</div>").html())
                .isEqualTo("&lt;div&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;");
    }

    @Test
    void ampersandsAndAnglesInTextAreEscaped() {
        TelegramText text = render("Tom & Jerry: 1 < 2 > 0, &amp; stays & \"quotes\"");

        assertThat(text.plain()).isEqualTo("Tom & Jerry: 1 < 2 > 0, & stays & \"quotes\"");
        assertThat(text.html()).isEqualTo("Tom &amp; Jerry: 1 &lt; 2 &gt; 0, &amp; stays &amp; \"quotes\"");
    }

    @Test
    void tablesBecomeAlignedPreformattedText() {
        TelegramText text = render("""
                | Name | Qty |
                |------|----:|
                | apple & pear | 2 |
                | fig | 10 |
                """);

        assertThat(text.plain()).isEqualTo("""
                Name         | Qty
                -------------+----
                apple & pear | 2
                fig          | 10""");
        assertThat(text.html()).startsWith("<pre>Name").contains("apple &amp; pear").endsWith("</pre>");
    }

    @Test
    void blankOrNullInputIsBlankAndInputWithNothingVisibleIsShownLiterally() {
        assertThat(render(null)).isEqualTo(new TelegramText("", ""));
        assertThat(render("  \n ")).isEqualTo(new TelegramText("", ""));
        assertThat(render("[ref]: https://example.com").plain()).isEqualTo("[ref]: https://example.com");
    }

    @Test
    void thePlainVersionIsWhatTelegramShowsOfTheHtml() {
        for (String markdown : samples()) {
            TelegramText text = render(markdown);
            assertThat(TelegramHtml.plainText(text.html())).as(markdown).isEqualTo(text.plain());
        }
    }

    @Test
    void randomAndOddMarkdownAlwaysRendersToHtmlTelegramAccepts() {
        String[] pieces = {"*", "**", "_", "__", "~~", "`", "```", "```py\n", "\n", "\n\n", "> ", "- ", "1. ", "  ",
            "# ", "[", "](", ")", "](https://e.org/?q=<&>)", "](javascript:x)", "!", "<", ">", "&", "&amp;", "&#0;",
            "&#xD800;", "<b>", "</i>", "<img src=x onerror=alert(1)>", "|", "|---|", "\\", "text", "word ", "😀",
            "\uD83D", "\"", "'", "---", "    ", "\t", "<pre>", "<a href=\"x\">", "\r\n", "\u0000", "tg://x"};
        Random random = new Random(42);
        for (int run = 0; run < 3_000; run++) {
            StringBuilder markdown = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int k = 0; k < length; k++) {
                markdown.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = markdown.toString();
            TelegramText text = render(input);
            if (input.isBlank()) {
                continue;
            }
            assertThatCode(() -> TelegramHtml.plainText(text.html())).as(input).doesNotThrowAnyException();
            assertThat(TelegramHtml.plainText(text.html())).as(input).isEqualTo(text.plain());
        }
    }

    @Test
    void deeplyNestedInputStillRenders() {
        for (String markdown : List.of("> ".repeat(5_000) + "deep", "- ".repeat(600) + "deep",
                "*".repeat(600) + "x" + "*".repeat(600), "[".repeat(600) + "x" + "](http://a.b)".repeat(600))) {
            TelegramText text = render(markdown);
            assertThat(text.plain()).isNotBlank();
            // Longer than one message: check it the way it is sent.
            assertThat(MessageSplitter.splitHtml(text.html(), TelegramHtml.MAX_MESSAGE_LENGTH)).allSatisfy(part ->
                    assertThat(TelegramHtml.plainText(part.html())).isEqualTo(part.plain()));
        }
    }

    private static List<String> samples() {
        return List.of("# Hi\n\n**Hello** _there_, [link](https://x.org)\n\n- a\n- b\n\n> quote\n\n```js\nx()\n```",
                "1. one\n   > quoted in a list\n2. two\n   ```\n   code in a list\n   ```",
                "| a | b |\n|---|---|\n| `x` | **y** |", "Line one\nline two  \nline three",
                "***both***", "<b>raw</b> & <i>", "text with trailing spaces   ");
    }

    private static TelegramText render(String markdown) {
        return TelegramMarkdown.render(markdown);
    }
}
