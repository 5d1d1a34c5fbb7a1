package dev.switchboard.processing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link ChatTurnHandler} for tests: records every turn (chat, update ids, attempt, thread, start
 * and end) and every give-up, and runs a per-chat script (default: return, so the worker completes).
 * Registered by {@link ProcessingTestBeans}, never by component scanning.
 */
public class ScriptedHandler implements ChatTurnHandler {

    /** One call of {@link #handle}. */
    public record Turn(UUID botId, long chatId, List<Long> updateIds, int attempt, boolean lastAttempt,
            String thread, long startNanos, long endNanos) {
    }

    /** One call of {@link #giveUp}. */
    public record GiveUp(UUID botId, long chatId, List<Long> updateIds, String reason) {
    }

    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final List<GiveUp> giveUps = new CopyOnWriteArrayList<>();
    private final Map<Long, Consumer<ChatTurn>> scripts = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    /** What turns of this chat do (after being recorded as started); throw to fail them. */
    public void script(long chatId, Consumer<ChatTurn> script) {
        scripts.put(chatId, script);
    }

    @Override
    public void handle(ChatTurn turn) {
        long start = System.nanoTime();
        AtomicInteger active = running.computeIfAbsent(turn.chatId(), chat -> new AtomicInteger());
        if (active.incrementAndGet() > 1) {
            overlaps.add("chat " + turn.chatId() + " updates " + updateIds(turn));
        }
        try {
            Consumer<ChatTurn> script = scripts.get(turn.chatId());
            if (script != null) {
                script.accept(turn);
            }
        } finally {
            active.decrementAndGet();
            turns.add(new Turn(turn.botId(), turn.chatId(), updateIds(turn), turn.attempt(), turn.isLastAttempt(),
                    Thread.currentThread().getName(), start, System.nanoTime()));
        }
    }

    @Override
    public void giveUp(ChatTurn turn, String reason) {
        giveUps.add(new GiveUp(turn.botId(), turn.chatId(), updateIds(turn), reason));
    }

    /** Every finished turn of a chat, in the order they started. */
    public List<Turn> turnsOf(long chatId) {
        List<Turn> ofChat = new ArrayList<>(turns.stream().filter(turn -> turn.chatId() == chatId).toList());
        ofChat.sort(Comparator.comparingLong(Turn::startNanos));
        return ofChat;
    }

    public List<Turn> turns() {
        return List.copyOf(turns);
    }

    public List<GiveUp> giveUpsOf(long chatId) {
        return giveUps.stream().filter(giveUp -> giveUp.chatId() == chatId).toList();
    }

    /** Turns of one chat that ran while another turn of it was running in this instance. */
    public List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    private static List<Long> updateIds(ChatTurn turn) {
        return turn.items().stream().map(InboxItem::updateId).toList();
    }
}
