package dev.switchboard.telegram;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.switchboard.shared.ExpiredRows;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the outbox from growing without end: every hour, replies that were sent or failed for good
 * and were written longer than {@code switchboard.telegram.outbox.retention} ago are deleted.
 * Waiting replies are never touched. db-scheduler runs each hour's clean-up on one instance only.
 */
@Configuration(proxyBeanMethods = false)
class OutboxRetention {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);
    /** Through {@code telegram_outbox_bot} (bot_id, created_at). */
    private static final ExpiredRows FINISHED_REPLIES = new ExpiredRows("telegram_outbox", "bot_id", "created_at",
            "status <> 'PENDING'");

    private final JdbcClient jdbc;
    private final OutboxProperties properties;
    private final Clock clock;

    OutboxRetention(JdbcClient jdbc, OutboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    RecurringTask<Void> outboxRetentionTask() {
        return Tasks.recurring("telegram-outbox-retention", FixedDelay.ofHours(1))
                .execute((instance, context) -> deleteExpired());
    }

    /** Deletes the finished replies past keeping; returns how many. */
    int deleteExpired() {
        int deleted = FINISHED_REPLIES.delete(jdbc, clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("Deleted {} outbox replies finished and written over {} ago", deleted, properties.retention());
        }
        return deleted;
    }
}
