package dev.switchboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.identity.UserId;
import dev.switchboard.shared.ConflictException;
import dev.switchboard.shared.InvalidException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The draft and request state machines, without Spring. */
class DraftTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final UUID OWNER = UUID.randomUUID();

    @Test
    void anApprovalWithoutTextSendsTheSuggestionAndAnEditedOneIsMarked() {
        Draft plain = draft();
        plain.approve("  ", OWNER, DecisionSource.WEB, CLOCK);
        assertThat(plain.status()).isEqualTo(Draft.Status.APPROVED);
        assertThat(plain.finalText()).isEqualTo("suggested");
        assertThat(plain.edited()).isFalse();

        Draft edited = draft();
        edited.approve(" better \n", OWNER, DecisionSource.TELEGRAM, CLOCK);
        assertThat(edited.finalText()).isEqualTo("better");
        assertThat(edited.edited()).isTrue();
        assertThat(edited.decidedVia()).isEqualTo(DecisionSource.TELEGRAM);
        assertThat(edited.decidedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void onlyAPendingDraftCanBeDecidedAndOnlyAnApprovedOneSent() {
        Draft draft = draft();
        assertThatThrownBy(() -> draft.sent(1, CLOCK)).isInstanceOf(ConflictException.class);
        draft.reject(OWNER, DecisionSource.WEB, CLOCK);
        assertThatThrownBy(() -> draft.approve(null, OWNER, DecisionSource.WEB, CLOCK)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> draft.supersede(CLOCK)).isInstanceOf(ConflictException.class);

        Draft approved = draft();
        approved.approve(null, OWNER, DecisionSource.WEB, CLOCK);
        approved.sent(77, CLOCK);
        assertThat(approved.status()).isEqualTo(Draft.Status.SENT);
        assertThat(approved.telegramMessageId()).isEqualTo(77);
        assertThatThrownBy(() -> approved.failed("late", CLOCK)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> approved.approve(null, OWNER, DecisionSource.WEB, CLOCK))
                .isInstanceOf(ConflictException.class);

        Draft failed = draft();
        failed.approve(null, OWNER, DecisionSource.WEB, CLOCK);
        failed.failed("Forbidden: bot was blocked by the user", CLOCK);
        assertThat(failed.status()).isEqualTo(Draft.Status.FAILED);
        assertThat(failed.error()).contains("blocked");
    }

    @Test
    void aRequestResolvesOnceByOptionTextConfirmationOrTimeout() {
        HumanRequest approval = request(HumanRequest.Type.APPROVAL, List.of(), "reject");
        assertThat(approval.options).containsExactly("approve", "reject");
        assertThatThrownBy(() -> approval.answer("maybe", null, OWNER, null, DecisionSource.WEB, CLOCK))
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> approval.answer(null, "free text", OWNER, null, DecisionSource.WEB, CLOCK))
                .isInstanceOf(InvalidException.class);
        approval.answer("reject", null, OWNER, null, DecisionSource.WEB, CLOCK);
        assertThat(approval.status()).isEqualTo(HumanRequest.Status.REJECTED);
        assertThatThrownBy(() -> approval.timeOut(CLOCK)).isInstanceOf(ConflictException.class);

        HumanRequest clarification = request(HumanRequest.Type.CLARIFICATION, List.of(), null);
        clarification.answer(null, " blue ", null, 42L, DecisionSource.TELEGRAM, CLOCK);
        assertThat(clarification.status()).isEqualTo(HumanRequest.Status.ANSWERED);
        assertThat(clarification.response()).isEqualTo("blue");
        assertThat(clarification.answeredByTelegram()).isEqualTo(42L);

        HumanRequest recovery = request(HumanRequest.Type.ERROR_RECOVERY, List.of("retry", "skip"), "skip");
        recovery.timeOut(CLOCK);
        assertThat(recovery.status()).isEqualTo(HumanRequest.Status.TIMED_OUT);
        assertThat(recovery.response()).isEqualTo("skip");
        assertThat(recovery.answeredVia()).isEqualTo(DecisionSource.SYSTEM);

        HumanRequest confirmed = request(HumanRequest.Type.APPROVAL, List.of(), null);
        confirmed.confirm(true, null, 7L, DecisionSource.TELEGRAM, CLOCK);
        assertThat(confirmed.status()).isEqualTo(HumanRequest.Status.APPROVED);
    }

    @Test
    void aRequestsDefaultMustBeOneOfItsOptions() {
        assertThatThrownBy(() -> request(HumanRequest.Type.ERROR_RECOVERY, List.of("retry"), "abort"))
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> request(HumanRequest.Type.ERROR_RECOVERY, List.of(), null))
                .isInstanceOf(InvalidException.class);
        assertThat(request(HumanRequest.Type.CLARIFICATION, List.of(), "whatever you think").defaultOption)
                .isEqualTo("whatever you think");
    }

    private static Draft draft() {
        return Draft.propose(new DraftProposal(new UserId(OWNER), UUID.randomUUID(), null, 5, null, null, "q",
                "suggested", null, null, null, null, null), CLOCK);
    }

    private static HumanRequest request(HumanRequest.Type type, List<String> options, String defaultOption) {
        return HumanRequest.open(OWNER, type, "title", "message", options, defaultOption,
                CLOCK.instant().plus(Duration.ofMinutes(5)), null, null, null, CLOCK);
    }
}
