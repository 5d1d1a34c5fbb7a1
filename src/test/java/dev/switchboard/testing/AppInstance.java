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
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SwitchboardApplication.class)
                .properties(all)
                .run();
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

    @Override
    public void close() {
        context.close();
    }
}
