package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
