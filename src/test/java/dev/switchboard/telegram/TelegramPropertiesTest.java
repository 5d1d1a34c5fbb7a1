package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class TelegramPropertiesTest {

    @Test
    void defaultsReachTheRealBotApi() {
        var properties = bind(Map.of());

        assertThat(properties.apiUrl()).isEqualTo(URI.create("https://api.telegram.org"));
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theEnvironmentVariablePointsAtASelfHostedBotApiServer() {
        var properties = bind(Map.of(
                "SWITCHBOARD_TELEGRAM_API_URL", "http://telegram-bot-api:8081",
                "SWITCHBOARD_TELEGRAM_READ_TIMEOUT", "45s"));

        assertThat(properties.apiUrl()).isEqualTo(URI.create("http://telegram-bot-api:8081"));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    private static TelegramProperties bind(Map<String, Object> environment) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("switchboard.telegram", TelegramProperties.class);
    }
}
