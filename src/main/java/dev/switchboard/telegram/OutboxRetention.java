package dev.switchboard.telegram;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.switchboard.shared.ExpiredRows;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the outbox from growing without end: every hour, replies that were sent or failed for good
 * and were written longer than {@code switchboard.telegram.outbox.retention} ago are deleted.
 * Waiting replies are never touched.
 */
@Configuration(proxyBeanMethods = false)
class OutboxRetention {

    /** Through {@code telegram_outbox_bot} (bot_id, created_at). */
    static final ExpiredRows FINISHED_REPLIES = new ExpiredRows("telegram-outbox-retention", "telegram_outbox",
            "bot_id", "created_at", "status <> 'PENDING'");

    @Bean
    RecurringTask<Void> outboxRetentionTask(JdbcClient jdbc, OutboxProperties properties, Clock clock) {
        return FINISHED_REPLIES.hourly(jdbc, clock, properties.retention());
    }
}
