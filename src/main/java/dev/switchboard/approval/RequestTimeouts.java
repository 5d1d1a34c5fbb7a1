package dev.switchboard.approval;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The db-scheduler task that resolves a request to its default when its timeout passes. db-scheduler
 * picks each due execution on one instance only (its row in {@code scheduled_tasks} is claimed), and
 * the request's own row lock and state make a late or repeated run harmless.
 */
@Configuration(proxyBeanMethods = false)
class RequestTimeouts {

    @Bean
    OneTimeTask<Void> requestTimeoutTask(@Lazy ApprovalService approvals) {
        return Tasks.oneTime(ApprovalService.REQUEST_TIMEOUT)
                .execute((instance, context) -> approvals.timeOut(UUID.fromString(instance.getId())));
    }
}
