package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelegramHtmlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "plain text",
            "<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em> <u>u</u> <ins>ins</ins>",
            "<s>s</s> <strike>strike</strike> <del>del</del>",
            "<span class=\"tg-spoiler\">secret</span> <tg-spoiler>also</tg-spoiler>",
            "<a href=\"https://example.org/?a=1&amp;b=2\">link</a>",
            "<a href='tg://user?id=123'>mention</a>",
            "<code>x &lt; y</code>",
            "<pre>block</pre>",
            "<pre><code class=\"language-java\">int x = 1;</code></pre>",
            "<blockquote>quote</blockquote> <blockquote expandable>long quote</blockquote>",
            "<b>bold <i>italic <u>underlined</u></i></b>",
            "&lt;tag&gt; &amp; &quot;quoted&quot; &#8364; &#x1F600;",
            "a > b stays literal",
            "<B>upper-case tags</B>",
            "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>",
    })
    void acceptsWhatTelegramAccepts(String html) {
        assertThat(TelegramHtml.plainText(html)).isNotBlank();
    }

    @Test
    void plainTextIsWhatTheUserSees() {
        assertThat(TelegramHtml.plainText("<b>1 &lt; 2</b> &amp; <a href=\"https://x.org\">x</a>"))
                .isEqualTo("1 < 2 & x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<div>block</div>                     | Unsupported start tag \"div\" at byte offset 0",
            "<b>unclosed                          | Can't find end tag corresponding to start tag \"b\"",
            "<b><i>crossed</b></i>                | Unmatched end tag at byte offset 13, expected \"</i>\", found \"</b>\"",
            "stray</b>                            | Unexpected end tag at byte offset 5",
            "<b unterminated                      | Unclosed start tag at byte offset 0",
            "x < y                                | Unsupported start tag \"\" at byte offset 2",
            "<span>no class</span>                | Tag \"span\" must have class \"tg-spoiler\"",
            "<a>no href</a>                       | Tag \"a\" must have attribute \"href\"",
            "<code><b>bold code</b></code>        | Tag \"b\" can't be used inside tag \"code\"",
            "<pre><b>bold pre</b></pre>           | Tag \"b\" can't be used inside tag \"pre\"",
            "<blockquote><blockquote>x</blockquote></blockquote> | Tag \"blockquote\" can't be nested in itself",
            "Tom & Jerry                          | Unsupported HTML entity at byte offset 4",
            "&nbsp;                               | Unsupported HTML entity at byte offset 0",
            "ü<x>                                 | Unsupported start tag \"x\" at byte offset 2",
    })
    void refusesWhatTelegramRefusesWithItsDescription(String html, String reason) {
        assertThatThrownBy(() -> TelegramHtml.plainText(html.strip()))
                .isInstanceOf(TelegramHtml.InvalidException.class)
                .hasMessageStartingWith("Bad Request: can't parse entities: ")
                .hasMessageContaining(reason.strip());
    }

    @Test
    void countsTheLimitAfterEntityParsing() {
        var exactlyFull = "<b>" + "&amp;".repeat(TelegramHtml.MAX_MESSAGE_LENGTH) + "</b>";
        assertThat(TelegramHtml.plainText(exactlyFull)).hasSize(TelegramHtml.MAX_MESSAGE_LENGTH);

        var oneTooMany = "x".repeat(TelegramHtml.MAX_MESSAGE_LENGTH + 1);
        assertThatThrownBy(() -> TelegramHtml.plainText(oneTooMany))
                .hasMessage("Bad Request: message is too long");
    }

    @Test
    void refusesTextThatIsEmptyAfterParsing() {
        assertThatThrownBy(() -> TelegramHtml.plainText("<b> </b>"))
                .hasMessage("Bad Request: message text is empty");
    }
}
