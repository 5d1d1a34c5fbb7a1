package dev.switchboard.processing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

/**
 * Beans the processing tests add to their own application contexts (through {@code @Import} or
 * as an extra source of an {@code AppInstance}): a {@link ScriptedHandler} and a recorder of
 * {@link ProcessingFailedTerminally} events. Deliberately not a {@code @Configuration}, so component
 * scanning never puts a handler into another test's context.
 */
public class ProcessingTestBeans {

    /** Primary, so it replaces the conversation module's handler in these contexts. */
    @Bean
    @Primary
    ScriptedHandler scriptedHandler() {
        return new ScriptedHandler();
    }

    @Bean
    TerminalEvents terminalEvents() {
        return new TerminalEvents();
    }

    /** Every {@link ProcessingFailedTerminally} published in the context. */
    public static class TerminalEvents {

        private final List<ProcessingFailedTerminally> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ProcessingFailedTerminally event) {
            events.add(event);
        }

        public List<ProcessingFailedTerminally> ofChat(long chatId) {
            return events.stream().filter(event -> event.chatId() == chatId).toList();
        }
    }
}
