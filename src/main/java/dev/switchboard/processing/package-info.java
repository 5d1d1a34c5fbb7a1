/**
 * Processing: the inbox of accepted Telegram updates and its state machine
 * ({@code RECEIVED -> PROCESSING -> COMPLETED | FAILED -> ... -> TERMINAL}, or {@code IGNORED}),
 * the workers that hand each chat's pending updates, in order and one turn at a time, to the
 * {@link dev.switchboard.processing.ChatTurnHandler}, the retries and the owner's view of it all.
 * Owns the {@code processing_*} tables, and deletes closed items once they are past keeping. It
 * does not know what a turn does: answering is plugged in through
 * {@link dev.switchboard.processing.ChatTurnHandler} by a module that depends on this one.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "telegram"})
package dev.switchboard.processing;
