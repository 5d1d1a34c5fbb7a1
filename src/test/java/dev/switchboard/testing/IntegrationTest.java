package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole app on a random port, on the machine's PostgreSQL
 * ({@link TestDatabase}), driven through real HTTP with {@link Api}. All subclasses share one
 * application context, so each test creates its own users and data instead of relying on an
 * empty database ({@link TestUsers} makes users). Subclasses must not add beans or properties of
 * their own ({@code @Import}, {@code @TestPropertySource}): a second context would need the same
 * fixed port; the test-only beans every test may use are imported here ({@link TestCallbacks}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(TestCallbacks.class)
public abstract class IntegrationTest {

    /** A fixed master key for the shared test context (base64 of 32 bytes; obviously not a real one). */
    public static final String TEST_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LTAxMjM0NTY3ODlhYmNkZWY=";

    private static final Path DATA_DIR = tempDir();

    /**
     * The app's port, chosen before the context starts because it is part of the public URL that
     * webhooks are registered with.
     */
    private static final int PORT = freePort();

    /** The Telegram Bot API every integration test's bots talk to (shared; tests use their own bots and chats). */
    protected static final FakeTelegram TELEGRAM = FakeTelegram.start();

    /** The OpenAI-compatible model server every integration test's providers point at (shared; echoes by default). */
    protected static final FakeOpenAi LLM = FakeOpenAi.start();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("switchboard.data-dir", DATA_DIR::toString);
        registry.add("switchboard.master-key", () -> TEST_MASTER_KEY);
        registry.add("server.port", () -> PORT);
        registry.add("switchboard.public-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("switchboard.telegram.api-url", () -> TELEGRAM.apiUrl().toString());
    }

    /** Makes the first user of the shared database the test admin, whatever test runs first. */
    @BeforeEach
    void registerTheTestAdminFirst() {
        TestUsers.ensureAdmin(api());
    }

    /** An unauthenticated client for the running app. */
    protected Api api() {
        return new Api(port);
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("switchboard-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
