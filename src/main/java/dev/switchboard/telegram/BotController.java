package dev.switchboard.telegram;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's bots. Tokens go in, never out. */
@RestController
@RequestMapping("/api/bots")
class BotController {

    private static final String TOKEN = "^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$";
    private static final String MODE = "(?i)webhook|polling";
    private static final String APPROVAL = "(?i)auto|review|off";
    private static final int TEXT = 4000;
    private static final int PROMPT = 100_000;

    record CreateBot(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = TOKEN, message = "must be a bot token from @BotFather") String token,
            @NotNull UUID modelId,
            UUID fallbackModelId,
            @NotNull @Pattern(regexp = MODE, message = "must be webhook or polling") String mode,
            @Pattern(regexp = APPROVAL, message = "must be auto, review or off") String approval,
            @Size(max = PROMPT) String systemPrompt,
            @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
            @Size(max = TEXT) String startMessage,
            @Size(max = TEXT) String helpMessage,
            @Size(max = TEXT) String errorMessage,
            @Size(max = 1000) List<@NotNull Long> allowedTelegramUserIds,
            @Size(max = 50) List<@NotNull UUID> allowedModelIds,
            Boolean recordGroupMessages,
            @DecimalMin("0.0") @Digits(integer = 8, fraction = 6) BigDecimal monthlyBudget,
            @Size(max = TEXT) String budgetMessage) {
    }

    /**
     * A PATCH body. Absent fields stay as they are; an explicit {@code null} clears the optional
     * ones. Jackson calls a setter only for fields present in the JSON, so the setters record which.
     */
    static final class ChangeBot {
        private final Set<String> present = new HashSet<>();
        @Size(min = 1, max = 100) private String name;
        @Pattern(regexp = TOKEN, message = "must be a bot token from @BotFather") private String token;
        private UUID modelId;
        private UUID fallbackModelId;
        @Pattern(regexp = MODE, message = "must be webhook or polling") private String mode;
        @Pattern(regexp = APPROVAL, message = "must be auto, review or off") private String approval;
        @Size(max = PROMPT) private String systemPrompt;
        @DecimalMin("0.0") @DecimalMax("2.0") private Double temperature;
        @Size(max = TEXT) private String startMessage;
        @Size(max = TEXT) private String helpMessage;
        @Size(max = TEXT) private String errorMessage;
        @Size(max = 1000) private List<@NotNull Long> allowedTelegramUserIds;
        @Size(max = 50) private List<@NotNull UUID> allowedModelIds;
        private Boolean recordGroupMessages;
        @DecimalMin("0.0") @Digits(integer = 8, fraction = 6) private BigDecimal monthlyBudget;
        @Size(max = TEXT) private String budgetMessage;

        public void setName(String name) {
            this.name = name;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public void setModelId(UUID modelId) {
            this.modelId = modelId;
        }

        public void setFallbackModelId(UUID fallbackModelId) {
            this.fallbackModelId = fallbackModelId;
            present.add("fallbackModelId");
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public void setApproval(String approval) {
            this.approval = approval;
        }

        public void setSystemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            present.add("systemPrompt");
        }

        public void setTemperature(Double temperature) {
            this.temperature = temperature;
            present.add("temperature");
        }

        public void setStartMessage(String startMessage) {
            this.startMessage = startMessage;
            present.add("startMessage");
        }

        public void setHelpMessage(String helpMessage) {
            this.helpMessage = helpMessage;
            present.add("helpMessage");
        }

        public void setErrorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
            present.add("errorMessage");
        }

        public void setAllowedTelegramUserIds(List<Long> allowedTelegramUserIds) {
            this.allowedTelegramUserIds = allowedTelegramUserIds;
        }

        public void setAllowedModelIds(List<UUID> allowedModelIds) {
            this.allowedModelIds = allowedModelIds;
        }

        public void setRecordGroupMessages(Boolean recordGroupMessages) {
            this.recordGroupMessages = recordGroupMessages;
        }

        public void setMonthlyBudget(BigDecimal monthlyBudget) {
            this.monthlyBudget = monthlyBudget;
            present.add("monthlyBudget");
        }

        public void setBudgetMessage(String budgetMessage) {
            this.budgetMessage = budgetMessage;
            present.add("budgetMessage");
        }

        BotChanges toChanges() {
            return new BotChanges(name, token, modelId, given("fallbackModelId", fallbackModelId), mode(mode),
                    approval(approval), given("systemPrompt", systemPrompt), given("temperature", temperature),
                    given("startMessage", startMessage), given("helpMessage", helpMessage),
                    given("errorMessage", errorMessage), allowedTelegramUserIds, allowedModelIds, recordGroupMessages,
                    given("monthlyBudget", monthlyBudget), given("budgetMessage", budgetMessage));
        }

        /** Null if the field was absent, else its value (empty for an explicit null). */
        private <T> Optional<T> given(String field, T value) {
            return present.contains(field) ? Optional.ofNullable(value) : null;
        }
    }

    private final BotService bots;

    BotController(BotService bots) {
        this.bots = bots;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BotView create(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateBot body) {
        return bots.create(user.id(), new NewBot(body.name(), body.token(), body.modelId(), body.fallbackModelId(),
                mode(body.mode()), approval(body.approval()), body.systemPrompt(), body.temperature(),
                body.startMessage(), body.helpMessage(), body.errorMessage(), body.allowedTelegramUserIds(),
                body.allowedModelIds(), Boolean.TRUE.equals(body.recordGroupMessages()), body.monthlyBudget(),
                body.budgetMessage()));
    }

    @GetMapping
    List<BotView> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return bots.list(user.id());
    }

    @GetMapping("/{id}")
    BotView get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return bots.get(user.id(), id);
    }

    @PatchMapping("/{id}")
    BotView change(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @Valid @RequestBody ChangeBot body) {
        return bots.update(user.id(), id, body.toChanges());
    }

    @PostMapping("/{id}/enable")
    BotView enable(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return bots.enable(user.id(), id);
    }

    @PostMapping("/{id}/disable")
    BotView disable(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return bots.disable(user.id(), id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        bots.delete(user.id(), id);
    }

    private static BotMode mode(String value) {
        return value == null ? null : BotMode.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private static Approval approval(String value) {
        return value == null ? null : Approval.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
