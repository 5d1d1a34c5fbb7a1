package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What of a history fits: by tokens, and at most so many messages. */
class ContextWindowTest {

    /** Ten messages of 10 tokens each with the format's share (6 of text, 4 of overhead), oldest first. */
    private static final List<ContextWindow.Entry> HISTORY = LongStream.rangeClosed(1, 10)
            .mapToObj(seq -> new ContextWindow.Entry(seq, "USER", "message " + seq, 6))
            .toList();

    @Test
    void theNewestEntriesThatFitAreKeptAndTheOlderOnesDroppedOldestFirst() {
        // 1000 tokens less a reply budget of 250 and 700 fixed: room for 50, five messages.
        ContextWindow.Fit fit = ContextWindow.fit(HISTORY, 1000, 700);

        assertThat(fit.kept()).extracting(ContextWindow.Entry::seq).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(fit.dropped()).extracting(ContextWindow.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void atMostTheNewestMostKeptAreKeptWhereTheWindowWouldHoldMore() {
        ContextWindow.Fit all = ContextWindow.fit(HISTORY, 100_000, 0);
        ContextWindow.Fit capped = ContextWindow.fit(HISTORY, 100_000, 0, 3);

        assertThat(all.kept()).hasSize(10);
        assertThat(all.dropped()).isEmpty();
        assertThat(capped.kept()).extracting(ContextWindow.Entry::seq).containsExactly(8L, 9L, 10L);
        assertThat(capped.dropped()).extracting(ContextWindow.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void theWindowStillDecidesWhenItHoldsFewerThanMostKept() {
        ContextWindow.Fit fit = ContextWindow.fit(HISTORY, 1000, 700, 8);

        assertThat(fit.kept()).extracting(ContextWindow.Entry::seq).containsExactly(6L, 7L, 8L, 9L, 10L);
    }
}
