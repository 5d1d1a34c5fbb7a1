package dev.switchboard.testing;

import dev.switchboard.SwitchboardApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a whole, separate Switchboard in this JVM with the given settings, for tests about
 * start-up and restarts (first start, wrong key, embedded database). Close it to stop it.
 */
public final class AppInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AppInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance on a random port; {@code properties} are Spring property names. */
    public static AppInstance start(Map<String, String> properties) {
        return start(properties, new Class<?>[0]);
    }

    /**
     * Starts an instance with more bean sources beside the application, e.g. a class of test
     * {@code @Bean} methods (not a scanned {@code @Configuration}, which would leak into other contexts).
     */
    public static AppInstance start(Map<String, String> properties, Class<?>... extraSources) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.putAll(properties);
        // As command-line arguments, so they override application.yml (default properties would not:
        // its server.port 8080 would win and a second instance could not bind).
        String[] args = all.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SwitchboardApplication.class)
                .sources(extraSources)
                .run(args);
        return new AppInstance(context);
    }

    /** Settings for an instance on a new, empty database of the machine's PostgreSQL. */
    public static Map<String, String> onFreshDatabase(String dataDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", TestDatabase.createDatabase(TestDatabase.freshName("switchboard_app")));
        properties.put("spring.datasource.username", TestDatabase.user());
        properties.put("switchboard.data-dir", dataDir);
        return properties;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Api api() {
        return new Api(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Publishes an application event in the instance, on the calling thread (and its transaction). */
    public void publishEvent(Object event) {
        context.publishEvent(event);
    }

    @Override
    public void close() {
        context.close();
    }
}
