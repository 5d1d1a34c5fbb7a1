package dev.switchboard.processing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.switchboard.shared.ExpiredRows;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the inbox from growing without end: every hour, items that are no longer open (COMPLETED,
 * IGNORED, TERMINAL) and arrived longer than {@code switchboard.processing.retention} ago are
 * deleted, with their attempts. Open items are never touched, whatever their age.
 */
@Configuration(proxyBeanMethods = false)
class InboxRetention {

    /** Through {@code processing_item_owner_idx} (owner_id, received_at). */
    static final ExpiredRows CLOSED_ITEMS = new ExpiredRows("processing-retention", "processing_item", "owner_id",
            "received_at", "NOT is_open");

    @Bean
    RecurringTask<Void> inboxRetentionTask(JdbcClient jdbc, ProcessingProperties properties, Clock clock) {
        return CLOSED_ITEMS.hourly(jdbc, clock, properties.retention());
    }
}
