package dev.switchboard.conversation;

import dev.switchboard.approval.ApprovalService;
import dev.switchboard.identity.UserId;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.llm.LlmService;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.Approval;
import dev.switchboard.telegram.BotSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Reading a bot's chats and their messages, for their owner only. */
@Service
public class ConversationService {

    private final ChatRepository chats;
    private final BotService bots;
    private final LlmService llm;
    private final ApprovalService approvals;
    private final Clock clock;

    ConversationService(ChatRepository chats, BotService bots, LlmService llm, ApprovalService approvals, Clock clock) {
        this.chats = chats;
        this.bots = bots;
        this.llm = llm;
        this.approvals = approvals;
        this.clock = clock;
    }

    /**
     * The bot's chats, most recently active first, each with its own approval mode if it has one;
     * 404 if the bot is not the owner's.
     */
    List<ChatRepository.ChatRow> chats(UserId owner, UUID botId, String search, int limit) {
        bots.settings(owner, botId);
        Map<String, Approval> modes = approvals.chatModes(botId);
        return chats.chats(botId, search, limit).stream()
                .map(chat -> {
                    Approval mode = modes.get(ApprovalService.chatKey(chat.businessConnectionId(), chat.telegramChatId()));
                    return chat.withApproval(mode == null ? null : mode.name().toLowerCase(Locale.ROOT));
                })
                .toList();
    }

    /**
     * Gives a chat its own approval mode, or ({@code mode} null) lets it follow its bot's again; 404 if
     * the chat is not in one of the owner's bots.
     */
    void setApproval(UserId owner, UUID chatId, Approval mode) {
        ChatRepository.ChatKey key = ownedChat(owner, chatId);
        approvals.setChatMode(owner, key.botId(), key.businessConnectionId(), key.telegramChatId(), mode);
    }

    private ChatRepository.ChatKey ownedChat(UserId owner, UUID chatId) {
        ChatRepository.ChatKey key = chats.key(chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
        try {
            bots.settings(owner, key.botId());
        } catch (NotFoundException e) {
            throw new NotFoundException("chat", chatId);
        }
        return key;
    }

    /**
     * A bot's budget this month.
     *
     * @param monthlyBudget the limit, or null for none
     * @param spent what the bot's model calls cost this calendar month (UTC)
     * @param reached whether the bot now answers with its budget message
     * @param ownerToldAt when the owner was told this month's budget is spent, or null
     */
    record Budget(String month, BigDecimal monthlyBudget, BigDecimal spent, boolean reached, Instant ownerToldAt) {
    }

    Budget budget(UserId owner, UUID botId) {
        BotSettings bot = bots.settings(owner, botId);
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        BigDecimal spent = llm.botCost(owner, botId, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                now.plusSeconds(1));
        return new Budget(month.toString(), bot.monthlyBudget(), spent,
                bot.monthlyBudget() != null && spent.compareTo(bot.monthlyBudget()) >= 0,
                chats.budgetNotice(botId, month.toString()).orElse(null));
    }

    /**
     * What a bot's chats did in one UTC day, whatever the channel (Telegram or the web playground).
     *
     * @param day the UTC day, {@code YYYY-MM-DD}
     * @param received the messages users wrote (including group messages kept only as context)
     * @param replies the bot's replies (model answers and command answers)
     */
    record Activity(String day, long received, long replies) {
    }

    /** The bot's activity today (UTC); 404 if the bot is not the owner's. */
    Activity activityToday(UserId owner, UUID botId) {
        bots.settings(owner, botId);
        java.time.LocalDate day = java.time.LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        var counts = chats.countByRole(botId, from, from.plus(java.time.Duration.ofDays(1)));
        return new Activity(day.toString(), counts.getOrDefault("USER", 0L), counts.getOrDefault("ASSISTANT", 0L));
    }

    List<ChatRepository.UserRow> users(UserId owner, UUID botId, int limit) {
        bots.settings(owner, botId);
        return chats.users(botId, limit);
    }

    /** Sets what the bot knows about one of its users; blank clears it. 404 if the bot is not the owner's. */
    void setPersonalContext(UserId owner, UUID botId, long telegramUserId, String context) {
        bots.settings(owner, botId);
        chats.setPersonalContext(botId, telegramUserId, context == null || context.isBlank() ? null : context.strip(),
                clock.instant());
    }

    /** A chat's newest messages, oldest first; 404 if the chat is not in one of the owner's bots. */
    List<ChatRepository.MessageRow> messages(UserId owner, UUID chatId, int limit) {
        UUID botId = chats.botOfChat(chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
        try {
            bots.settings(owner, botId);
        } catch (NotFoundException e) {
            throw new NotFoundException("chat", chatId);
        }
        return chats.messages(chatId, limit);
    }
}
