package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built jar running as a child process, for tests that must kill the app the hard way
 * ({@code kill -9}) and start it again. The jar is the one {@code mvn package} built (failsafe
 * passes its path as {@code switchboard.jar}); it runs on the JDK that runs the tests.
 */
public final class JarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private JarProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar with these Spring properties (passed as {@code --name=value}) and waits until
     * {@code /actuator/health} is UP.
     *
     * @param port the port to listen on ({@code server.port})
     * @param log where the child's output goes
     */
    public static JarProcess start(int port, Map<String, String> properties, Path log) {
        String jar = System.getProperty("switchboard.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("switchboard.jar is not set or missing (" + jar + "): run with mvn verify");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar, "--server.port=" + port));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            JarProcess started = new JarProcess(process, port, log);
            started.awaitHealthy();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return new Api(port);
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, leases and transactions left as they are. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return health.statusCode() == 200 && health.body().contains("UP");
            } catch (IOException e) {
                return false;
            }
        });
    }
}
