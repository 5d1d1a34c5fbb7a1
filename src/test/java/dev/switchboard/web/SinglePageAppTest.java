package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The admin app is served from the jar with history-mode routing, and the server's own paths are
 * never answered with it. Needs the app built into {@code static/} (the Maven build does that
 * unless {@code -Dskip.web=true}).
 */
class SinglePageAppTest extends IntegrationTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @BeforeEach
    void theAppIsBuilt() {
        assumeTrue(new ClassPathResource("static/index.html").exists(),
                "the web app was not built into static/ (-Dskip.web=true)");
    }

    private Api browser() {
        return api().withHeader("Accept", BROWSER_ACCEPT);
    }

    @Test
    void theRootAnswersTheAppWhichIsAlwaysRevalidated() {
        Api.Response root = browser().get("/");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.contentType()).startsWith("text/html");
        assertThat(root.body()).contains("<div id=\"root\">");
        assertThat(root.header("Cache-Control")).contains("no-cache");
    }

    @Test
    void aPageAddressOfTheAppAnswersIndexHtml() {
        String index = browser().get("/").body();

        for (String page : new String[] {"/bots/123", "/login", "/chats/abc/messages", "/usage"}) {
            Api.Response response = browser().get(page);
            assertThat(response.status()).as(page).isEqualTo(200);
            assertThat(response.contentType()).as(page).startsWith("text/html");
            assertThat(response.body()).as(page).isEqualTo(index);
            assertThat(response.header("Cache-Control")).as(page).contains("no-cache");
        }
    }

    @Test
    void unknownApiPathsStayProblemsNeverTheApp() {
        Api.Response anonymous = browser().get("/api/nope");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        Api.Response signedIn = browser().as(TestUsers.admin(api()).accessToken()).get("/api/nope");
        assertThat(signedIn.status()).isEqualTo(404);
        assertThat(signedIn.contentType()).startsWith("application/problem+json");

        Api.Response nestedSignedIn = browser().as(TestUsers.admin(api()).accessToken()).get("/api/bots/x/y/z");
        assertThat(nestedSignedIn.status()).isEqualTo(404);
        assertThat(nestedSignedIn.contentType()).startsWith("application/problem+json");

        for (String path : new String[] {"/telegram/nope", "/actuator/nope", "/v1/nope"}) {
            assertThat(browser().get(path).contentType()).as(path).doesNotStartWith("text/html");
        }
    }

    @Test
    void aMissingFileOrANonHtmlRequestIsA404NotTheApp() {
        Api.Response missingAsset = browser().get("/assets/missing-0000.js");
        assertThat(missingAsset.status()).isEqualTo(404);
        assertThat(missingAsset.contentType()).startsWith("application/problem+json");

        Api.Response withExtension = browser().get("/bots/123.png");
        assertThat(withExtension.status()).isEqualTo(404);

        Api.Response json = api().withHeader("Accept", "application/json").get("/bots/123");
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.contentType()).startsWith("application/problem+json");
    }

    @Test
    void hashedAssetsAreServedAndCachedForAYear() {
        String index = browser().get("/").body();
        Matcher script = Pattern.compile("/assets/[^\"]+\\.js").matcher(index);
        assertThat(script.find()).as("index.html names a script under /assets/").isTrue();

        Api.Response asset = api().get(script.group());

        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.contentType()).contains("javascript");
        assertThat(asset.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
    }
}
