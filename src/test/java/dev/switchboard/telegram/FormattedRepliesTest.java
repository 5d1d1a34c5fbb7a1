package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramHtml;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

/** Markdown replies through the outbox to the fake Telegram, which checks HTML entities like Telegram. */
@ExtendWith(OutputCaptureExtension.class)
class FormattedRepliesTest extends IntegrationTest {

    private static final AtomicLong CHATS = new AtomicLong(600_000);

    private static final String MARKDOWN = """
            # Report

            **Bold**, *italic*, ~~struck~~, `inline <code>` & a [link](https://example.com/?a=1&b=2).

            1. first
            2. second
               - nested

            > quoted *text*

            ```python
            if a < b and b > c:
                print("&")
            ```

            <img src=x onerror=alert(1)> and [bad](javascript:alert(1))
            """;

    @Autowired
    OutboxService outbox;

    @Autowired
    TransactionTemplate transactions;

    private TestBot bot;

    @BeforeEach
    void bot() {
        Api owner = TestUsers.register(api()).api(api());
        bot = TestBots.create(owner, TELEGRAM, TestModels.create(owner, LLM.baseUrl()), "webhook", Map.of());
    }

    @Test
    void aMarkdownReplyArrivesAsHtmlThatTelegramAccepts() {
        long chat = CHATS.incrementAndGet();
        TelegramText rendered = TelegramMarkdown.render(MARKDOWN);

        enqueue(OutgoingReply.markdown(bot.id(), chat, MARKDOWN));

        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        assertThat(sent.parseMode()).isEqualTo("HTML");
        assertThat(sent.text()).isEqualTo(rendered.html()).contains("<b>Report</b>", "<b>Bold</b>", "<i>italic</i>",
                "<s>struck</s>", "<code>inline &lt;code&gt;</code>", "<a href=\"https://example.com/?a=1&amp;b=2\">link</a>",
                "<blockquote>", "<pre><code class=\"language-python\">", "&lt;img src=x onerror=alert(1)&gt;");
        assertThat(sent.text()).doesNotContain("javascript:");
        assertThat(sent.plainText()).isEqualTo(rendered.plain()).contains("1. first", "   • nested",
                "<img src=x onerror=alert(1)> and bad");
        assertThat(TELEGRAM.calls("sendMessage").stream().filter(call -> chat == call.chatId()))
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
    }

    @Test
    void aTenThousandCharacterReplyWithACodeBlockArrivesAsSeveralValidMessagesInOrder() {
        long chat = CHATS.incrementAndGet();
        StringBuilder markdown = new StringBuilder("Intro with **bold** text.\n\n");
        for (int i = 0; markdown.length() < 3_000; i++) {
            markdown.append("Paragraph ").append(i).append(" says *something*. ").append("More words here. ".repeat(12))
                    .append("\n\n");
        }
        markdown.append("```java\n");
        for (int i = 0; i < 150; i++) {
            markdown.append("int line").append(i).append(" = a < b && c > d ? ").append(i).append(" : 0;\n");
        }
        markdown.append("```\n\n");
        for (int i = 0; markdown.length() < 10_300; i++) {
            markdown.append("- point ").append(i).append(" in plain words\n");
        }
        TelegramText whole = TelegramMarkdown.render(markdown.toString());
        assertThat(whole.plain().length()).isGreaterThanOrEqualTo(10_000);

        List<UUID> ids = enqueue(OutgoingReply.markdown(bot.id(), chat, markdown.toString()));

        assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
        List<SentText> sent = TELEGRAM.awaitSentMessages(chat, ids.size());
        assertThat(sent).allSatisfy(message -> {
            assertThat(message.parseMode()).isEqualTo("HTML");
            assertThat(message.plainText().length()).isLessThanOrEqualTo(TelegramHtml.MAX_MESSAGE_LENGTH);
        });
        assertThat(sent.stream().filter(message -> message.text().contains("<pre><code class=\"language-java\">")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join(" ", sent.stream().map(SentText::plainText).toList()).replaceAll("\\s+", " "))
                .isEqualTo(whole.plain().replaceAll("\\s+", " "));
    }

    @Test
    void aReplyTelegramCannotParseIsResentAsItsPlainTextAndTheFallbackIsLogged(CapturedOutput output) {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.cantParseEntities().on("sendMessage").forChat(chat));

        UUID id = enqueue(OutgoingReply.markdown(bot.id(), chat, "**Hello** _there_ & <you>").correlatedWith("msg-42"))
                .getFirst();

        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        assertThat(sent.text()).isEqualTo("Hello there & <you>");
        assertThat(sent.parseMode()).isNull();
        await().untilAsserted(() -> assertThat(output.getAll())
                .contains("could not parse the entities of reply " + id + " (correlation msg-42)"));
    }

    @Test
    void eachPartOfASplitReplyFallsBackToItsOwnPlainText() {
        long chat = CHATS.incrementAndGet();
        String markdown = "**First** part. ".repeat(300) + "\n\n" + "*Second* part. ".repeat(300);
        TELEGRAM.inject(Fault.cantParseEntities().on("sendMessage").forChat(chat));

        List<UUID> ids = enqueue(OutgoingReply.markdown(bot.id(), chat, markdown));

        assertThat(ids).hasSize(2);
        List<SentText> sent = TELEGRAM.awaitSentMessages(chat, 2);
        assertThat(sent.getFirst().parseMode()).isNull();
        assertThat(sent.getFirst().text()).isEqualTo("First part. ".repeat(300).strip());
        assertThat(sent.get(1).parseMode()).isEqualTo("HTML");
        assertThat(sent.get(1).plainText()).isEqualTo("Second part. ".repeat(300).strip());
    }

    private List<UUID> enqueue(OutgoingReply reply) {
        return transactions.execute(status -> outbox.enqueue(reply));
    }
}
