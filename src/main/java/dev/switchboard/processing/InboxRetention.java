package dev.switchboard.processing;

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
 * Keeps the inbox from growing without end: every hour, items that are no longer open (COMPLETED,
 * IGNORED, TERMINAL) and arrived longer than {@code switchboard.processing.retention} ago are
 * deleted, with their attempts. Open items are never touched, whatever their age. db-scheduler runs
 * each hour's clean-up on one instance only.
 */
@Configuration(proxyBeanMethods = false)
class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);
    /** Through {@code processing_item_owner_idx} (owner_id, received_at). */
    private static final ExpiredRows CLOSED_ITEMS = new ExpiredRows("processing_item", "owner_id", "received_at",
            "NOT is_open");

    private final JdbcClient jdbc;
    private final ProcessingProperties properties;
    private final Clock clock;

    InboxRetention(JdbcClient jdbc, ProcessingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    RecurringTask<Void> inboxRetentionTask() {
        return Tasks.recurring("processing-retention", FixedDelay.ofHours(1))
                .execute((instance, context) -> deleteExpired());
    }

    /** Deletes the closed items past keeping; returns how many. */
    int deleteExpired() {
        int deleted = CLOSED_ITEMS.delete(jdbc, clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("Deleted {} inbox items closed and received over {} ago", deleted, properties.retention());
        }
        return deleted;
    }
}
