package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The processing settings and what they do to starting the workers. */
class ProcessingPropertiesTest {

    @Test
    void defaultsSuitAChatService() {
        var properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.concurrency()).isEqualTo(64);
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxAttempts()).isEqualTo(5);
        assertThat(properties.baseBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void environmentVariablesChangeThem() {
        var properties = bind(Map.of("SWITCHBOARD_PROCESSING_ENABLED", "false",
                "SWITCHBOARD_PROCESSING_LEASE_DURATION", "1m", "SWITCHBOARD_PROCESSING_MAX_ATTEMPTS", "8",
                "SWITCHBOARD_PROCESSING_RETENTION", "7d"));

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.leaseDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.maxAttempts()).isEqualTo(8);
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void disabledWorkersDoNotStart() {
        var handlers = new StaticListableBeanFactory(Map.of("handler", new ScriptedHandler()));
        var workers = new InboxWorkers(null, new WorkSignal(), handlers.getBeanProvider(ChatTurnHandler.class),
                bind(Map.of("SWITCHBOARD_PROCESSING_ENABLED", "false")));

        workers.start();

        assertThat(workers.isRunning()).isFalse();
    }

    @Test
    void withoutAHandlerTheWorkersDoNotStart() {
        var workers = new InboxWorkers(null, new WorkSignal(),
                new StaticListableBeanFactory().getBeanProvider(ChatTurnHandler.class), bind(Map.of()));

        workers.start();

        assertThat(workers.isRunning()).isFalse();
    }

    @Test
    void twoHandlersAreAMistakeReportedAtStart() {
        var handlers = new StaticListableBeanFactory(Map.of("one", new ScriptedHandler(), "two", new ScriptedHandler()));
        var workers = new InboxWorkers(null, new WorkSignal(), handlers.getBeanProvider(ChatTurnHandler.class),
                bind(Map.of()));

        assertThatThrownBy(workers::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Exactly one ChatTurnHandler");
    }

    private static ProcessingProperties bind(Map<String, Object> environment) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("switchboard.processing", ProcessingProperties.class);
    }
}
