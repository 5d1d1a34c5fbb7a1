package dev.switchboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web admin in a real Chromium (Debian's {@code /usr/bin/chromium}, which {@code .ci/run}
 * installs; Playwright never downloads a browser) against the built jar, with the fake Telegram
 * and the fake model: first-run admin, provider and model, bot, a Telegram message that shows in
 * Chats as text (the XSS string stays text), a terminal item retried from Processing, a reply
 * streamed into the Playground, today's message counts on the dashboard. Every page is
 * photographed into {@code target/screenshots/}.
 */
class WebAppIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final long ALICE = 771_000_001L;
    private static final long BOB = 771_000_002L;

    @TempDir
    Path dataDir;

    @Test
    void anOwnerRunsEverythingFromTheBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (.ci/run installs it)");
        Files.createDirectories(SCREENSHOTS);
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        try (FakeTelegram telegram = FakeTelegram.start(); FakeOpenAi llm = FakeOpenAi.start()) {
            Map<String, String> settings = new HashMap<>(Map.of(
                    "spring.datasource.url", TestDatabase.createDatabase(TestDatabase.freshName("switchboard_web")),
                    "spring.datasource.username", TestDatabase.user(),
                    "switchboard.data-dir", dataDir.toString(),
                    "switchboard.master-key", IntegrationTest.TEST_MASTER_KEY,
                    "switchboard.public-url", base,
                    "switchboard.telegram.api-url", telegram.apiUrl().toString(),
                    "switchboard.processing.poll-interval", "100ms",
                    "logging.structured.format.console", ""));
            Path log = Files.createTempFile("switchboard-web", ".log");
            try (JarProcess app = JarProcess.start(port, settings, log);
                 Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                         .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                         .setExecutablePath(CHROMIUM)
                         .setHeadless(true)
                         .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync")))) {
                assumeTrue(app.api().withHeader("Accept", "text/html").get("/").status() == 200,
                        "the jar was built without the web app (-Dskip.web=true)");
                Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
                List<String> pageErrors = new ArrayList<>();
                page.onPageError(pageErrors::add);
                page.onDialog(dialog -> pageErrors.add("dialog: " + dialog.message()));

                // First run: no user yet, so the app offers to create the admin.
                page.navigate(base + "/");
                page.waitForURL("**/setup");
                shot(page, "01-setup");
                page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Ada Admin");
                page.getByLabel("Email").fill("ada@example.test");
                page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("correct horse battery");
                page.getByLabel("Repeat password").fill("correct horse battery");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create admin account")).click();
                assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboard"))).isVisible();
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin"))).isVisible();

                // A provider (the fake model server) and a model with prices; the test call works.
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Providers & models")).click();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add provider")).click();
                page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Fake OpenAI");
                page.getByLabel("Type").selectOption("openai_compatible");
                page.getByLabel("Base URL").fill(llm.baseUrl());
                page.getByLabel("API key").fill("sk-web-secret-123");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add provider").setExact(true)).last().click();
                assertThat(page.getByText("API key stored")).isVisible();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add model")).click();
                page.getByLabel("Model name").fill("fake-model");
                page.getByLabel("Input price per million tokens").fill("0.15");
                page.getByLabel("Output price per million tokens").fill("0.6");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add model")).last().click();
                assertThat(page.getByText("fake-model", new Page.GetByTextOptions().setExact(true))).isVisible();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test")).click();
                assertThat(page.getByText("Works: fake-model answered")).isVisible();
                assertThat(page.content()).doesNotContain("sk-web-secret-123");
                shot(page, "02-providers");

                // A bot: Telegram's getMe answers the username, which the page shows.
                TestBots.TestBot registered = TestBots.register(telegram);
                page.navigate(base + "/bots/new");
                page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Support bot");
                page.getByLabel("Bot token").fill(registered.token());
                page.getByLabel("Mode", new Page.GetByLabelOptions().setExact(true)).selectOption("webhook");
                page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true)).selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("fake-model (openai_compatible)"));
                page.getByLabel("System prompt").fill("You are helpful.");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create bot")).click();
                assertThat(page.getByText("this bot is @" + registered.username())).isVisible();
                assertThat(page.content()).doesNotContain(registered.token());
                shot(page, "03-bot");

                // A Telegram message whose text is markup arrives, is answered, and shows as text.
                await().atMost(Duration.ofSeconds(20)).until(() -> telegram.webhook(registered.token()).isPresent());
                assertThat(telegram.deliverToWebhook(registered.token(), TelegramUpdates.privateText(ALICE, XSS))).isEqualTo(200);
                telegram.awaitSentMessages(ALICE, 1);
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Chats")).first().click();
                Locator chatLink = page.locator("table a").first();
                assertThat(chatLink).isVisible();
                chatLink.click();
                Locator bubbles = page.locator(".bubble-text");
                assertThat(bubbles.first()).hasText(XSS);
                assertThat(page.locator("main img")).hasCount(0);
                assertThat(page.getByText("fake-model").first()).isVisible();
                shot(page, "04-conversation");

                // The model refuses the next message for good: the item is TERMINAL; retried from
                // Processing once the model works again, it is answered.
                llm.reply(FakeReply.error(401, "Invalid API key"));
                telegram.deliverToWebhook(registered.token(), TelegramUpdates.privateText(BOB, "hello after the failure"));
                Api admin = app.api();
                await().atMost(Duration.ofSeconds(30)).until(() -> terminalItems(page, base) > 0);
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Processing")).click();
                Locator retry = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry").setExact(true));
                assertThat(retry).hasCount(1);
                assertThat(page.getByText("Invalid API key").first()).isVisible();
                shot(page, "05-processing-terminal");
                retry.click();
                assertThat(page.getByText("1 of 1 queued for another attempt.")).isVisible();
                await().atMost(Duration.ofSeconds(30)).until(() -> telegram.sentMessages(BOB).stream()
                        .anyMatch(sent -> sent.text().contains("hello after the failure")));
                assertThat(admin.get("/actuator/health").status()).isEqualTo(200);

                // The Playground: the reply grows in the page while the fake model streams it (partial
                // text first, then the whole), then the model, tokens and cost; the user's markup stays text.
                String whole = "Streaming from the fake model, piece by piece.";
                llm.reply(FakeReply.chunks("Streaming ", "from ", "the ", "fake ", "model, ", "piece ", "by ", "piece.")
                        .chunkDelay(Duration.ofMillis(400)).tokens(21, 9));
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Playground")).click();
                assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Playground"))).isVisible();
                assertThat(page.getByLabel("Bot", new Page.GetByLabelOptions().setExact(true))).containsText("Support bot");
                page.getByLabel("Message").fill("Tell me something " + XSS);
                page.getByLabel("Message").press("Enter");
                Locator streaming = page.getByTestId("streaming-reply").locator(".bubble-text");
                assertThat(streaming).containsText("Streaming from");
                String partial = streaming.textContent();
                shot(page, "15-playground-streaming");
                assertThat(partial).startsWith("Streaming from").isNotEqualTo(whole);
                assertThat(page.getByTestId("reply-facts")).containsText("Answered by fake-model: 21 in / 9 out tokens");
                assertThat(page.getByTestId("streaming-reply")).hasCount(0);
                assertThat(page.locator(".bubble-text").last()).hasText(whole);
                assertThat(page.locator(".bubble-text").getByText("Tell me something " + XSS)).isVisible();
                assertThat(page.locator("main img")).hasCount(0);
                shot(page, "16-playground-done");
                // The web chat is stored like any chat, with source WEB.
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open in Chats"))).isVisible();
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open in Chats")).click();
                assertThat(page.locator(".bubble-text").last()).hasText(whole);
                assertThat(page.getByText("WEB", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("All chats")).click();
                assertThat(page.locator("table").getByText("Playground", new Locator.GetByTextOptions().setExact(true))).isVisible();
                shot(page, "17-chats");

                // The dashboard counts today's messages of every channel: Alice's, Bob's and the playground's.
                page.navigate(base + "/");
                assertThat(page.getByTestId("messages-today").first()).hasText("3 received / 3 replies");

                // Linking Telegram: a one-time link with its QR code; opening it in Telegram links the
                // account, which the page then lists and can unlink.
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Telegram").setExact(true)).click();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create link")).click();
                assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code of the Telegram link")))
                        .isVisible();
                String link = page.locator(".link-token a").textContent();
                org.assertj.core.api.Assertions.assertThat(link).startsWith("https://t.me/" + registered.username() + "?start=");
                shot(page, "05b-telegram-link");
                long carol = ALICE + 7;
                telegram.deliverToWebhook(registered.token(), TelegramUpdates.privateCommand(carol, "start",
                        link.substring(link.indexOf("start=") + "start=".length())));
                org.assertj.core.api.Assertions.assertThat(telegram.awaitSentMessages(carol, 1).getFirst().text())
                        .startsWith("Linked to ada@example.test");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
                assertThat(page.getByText("through @" + registered.username())).isVisible();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Unlink")).click();
                assertThat(page.getByText("No Telegram account is linked.")).isVisible();

                // Review: Alice's chat is switched to review on the Chats page; her next message waits
                // on the Approvals page, where the owner edits the draft and approves it.
                page.navigate(base + "/chats");
                Locator replies = page.getByLabel("Replies in chat User " + ALICE);
                replies.selectOption("review");
                assertThat(replies).hasValue("review");
                telegram.deliverToWebhook(registered.token(), TelegramUpdates.privateText(ALICE, "can I book a table?"));
                Locator draftText = page.getByLabel("Reply", new Page.GetByLabelOptions().setExact(true));
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    page.navigate(base + "/approvals");
                    page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
                    return draftText.count() > 0;
                });
                assertThat(draftText).hasValue("echo: can I book a table?");
                assertThat(page.getByText("can I book a table?", new Page.GetByTextOptions().setExact(true))).isVisible();
                draftText.fill("Yes, we have a table for you at 8.");
                shot(page, "12a-approvals");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve edited text")).click();
                await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sentMessages(ALICE).stream()
                        .anyMatch(sent -> sent.text().equals("Yes, we have a table for you at 8.")));
                assertThat(telegram.sentMessages(ALICE)).noneMatch(sent -> sent.text().equals("echo: can I book a table?"));

                for (String[] visit : new String[][] {{"/", "06-dashboard"}, {"/bots", "07-bots"},
                        {"/usage", "08-usage"}, {"/api-keys", "09-api-keys"}, {"/account", "10-account"},
                        {"/admin", "11-admin"}, {"/processing?status=COMPLETED", "12-processing-completed"},
                        {"/telegram", "19-telegram-links"}, {"/requests", "20-requests"}}) {
                    page.navigate(base + visit[0]);
                    page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
                    shot(page, visit[1]);
                }
                assertThat(page.getByText("Ada Admin").first()).isVisible();

                // API keys: the key is shown once, then only its prefix; the page says how OpenAI clients use one.
                page.navigate(base + "/api-keys");
                assertThat(page.getByText(base + "/v1", new Page.GetByTextOptions().setExact(true))).isVisible();
                page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("ci");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
                String key = page.getByLabel("The new API key").textContent();
                assertThat(key).startsWith("sb_");
                page.reload();
                assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("ci").setExact(true))).isVisible();
                assertThat(page.content()).doesNotContain(key);

                // An expired access token is renewed without the user noticing; a dead session returns
                // to the login page, which says so, and signing in again goes back where the user was.
                page.evaluate("() => { const t = JSON.parse(localStorage.getItem('switchboard.tokens'));"
                        + " t.accessToken = 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl';"
                        + " localStorage.setItem('switchboard.tokens', JSON.stringify(t)); }");
                page.navigate(base + "/account");
                assertThat(page.getByText("ada@example.test").first()).isVisible();
                page.evaluate("() => localStorage.setItem('switchboard.tokens',"
                        + " JSON.stringify({ accessToken: 'x.y.z', refreshToken: 'not-a-refresh-token' }))");
                page.navigate(base + "/usage");
                page.waitForURL("**/login");
                assertThat(page.getByText("Your session ended")).isVisible();
                page.getByLabel("Email").fill("ada@example.test");
                page.getByLabel("Password").fill("correct horse battery");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
                page.waitForURL("**/usage");
                assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Usage"))).isVisible();

                // On a phone, the menu opens, and logging out returns to the login page.
                page.setViewportSize(390, 844);
                page.navigate(base + "/");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
                shot(page, "13-phone-menu");
                page.keyboard().press("Escape");
                page.navigate(base + "/playground");
                assertThat(page.locator(".bubble-text").last()).hasText(whole);
                shot(page, "18-playground-phone");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
                page.waitForURL("**/login");
                shot(page, "14-login");

                assertThat(pageErrors).isEmpty();
            }
        }
    }

    /** How many TERMINAL items the signed-in browser session sees (through the page's own tokens). */
    private static int terminalItems(Page page, String base) {
        Object count = page.evaluate("async () => { const t = JSON.parse(localStorage.getItem('switchboard.tokens'));"
                + " const r = await fetch('/api/processing?status=TERMINAL', { headers: { Authorization: 'Bearer ' + t.accessToken } });"
                + " return r.ok ? (await r.json()).length : -1; }");
        return ((Number) count).intValue();
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
