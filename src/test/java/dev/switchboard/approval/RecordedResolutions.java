package dev.switchboard.approval;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every {@link RequestResolved} of the shared integration-test context (found by component scanning;
 * it only listens, so it changes nothing for other tests).
 */
@Component
class RecordedResolutions {

    final List<RequestResolved> seen = new CopyOnWriteArrayList<>();

    @EventListener
    void on(RequestResolved resolved) {
        seen.add(resolved);
    }
}
