package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.identity.UserId;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/usage} and {@code /api/usage/calls} against calls made through the real
 * {@link LlmService}: the sums equal exactly what the fake provider reported, and cost is exactly
 * tokens × catalog prices / 10⁶. The fake is this class's own, so no background work of other tests
 * can take its scripted replies.
 */
class UsageApiTest extends IntegrationTest {

    static final FakeOpenAi FAKE = FakeOpenAi.start();
    /** Reads costs exactly, not as doubles. */
    static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final BigDecimal CHEAP_INPUT = BigDecimal.ONE;
    static final BigDecimal CHEAP_OUTPUT = new BigDecimal("2");
    static final BigDecimal DEAR_INPUT = new BigDecimal("2.5");
    static final BigDecimal DEAR_OUTPUT = new BigDecimal("10.125");

    @Autowired
    LlmService llm;
    @Autowired
    CallRepository calls;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    Api owner;
    UserId ownerId;
    UUID cheap;
    UUID dear;
    UUID bot1 = UUID.randomUUID();
    UUID bot2 = UUID.randomUUID();

    @AfterAll
    static void stopTheFake() {
        FAKE.close();
    }

    @BeforeEach
    void ownerWithTwoModels() {
        FAKE.reset();
        var user = TestUsers.register(api());
        owner = user.api(api());
        ownerId = new UserId(user.id());
        cheap = TestModels.create(owner, FAKE.baseUrl(), "usage-cheap");
        dear = TestModels.create(owner, FAKE.baseUrl(), "usage-dear");
        var priced = owner.patch("/api/models/" + dear, Map.of("inputPricePerMillion", DEAR_INPUT,
                "outputPricePerMillion", DEAR_OUTPUT));
        assertThat(priced.status()).as(priced.toString()).isEqualTo(200);
    }

    /**
     * A call recorded on its own commits without waiting for the disk; inside a caller's
     * transaction, which may stand for a promise, it changes nothing about how that one commits.
     */
    @Test
    void aCallRecordedInsideATransactionLeavesItsCommitWaitingForTheDisk() {
        UUID id = UUID.randomUUID();
        String setting = transactions.execute(status -> {
            calls.insert(ownerId.value(), new LlmCall(id, new ModelId(cheap), "openai_compatible", "usage-cheap",
                    new CallTags(bot1, 1L, 7L), false, 1, 1, BigDecimal.ZERO, Duration.ofMillis(5), null,
                    LlmCall.Outcome.OK, null, null, Instant.now()));
            return jdbc.sql("SELECT current_setting('synchronous_commit')").query(String.class).single();
        });

        assertThat(setting).isEqualTo("on");
        assertThat(jdbc.sql("SELECT count(*) FROM llm_calls WHERE id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void totalsPerModelMatchTheFakesReportedTokensExactly() {
        makeTheUsualCalls();

        JsonNode report = usage("groupBy=model&" + aroundNow());

        assertThat(report.get("groupBy").asString()).isEqualTo("model");
        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("key").asString()).isEqualTo(dear.toString());
        assertThat(first.get("label").asString()).isEqualTo("usage-dear");
        assertSums(first, 1, 1, 1000, 250, cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250));
        JsonNode second = rows.get(1);
        assertThat(second.get("key").asString()).isEqualTo(cheap.toString());
        assertThat(second.get("label").asString()).isEqualTo("usage-cheap");
        assertSums(second, 3, 0, 12 + 100 + 7, 3 + 50 + 1, cost(CHEAP_INPUT, CHEAP_OUTPUT, 119, 54));
        assertThat(second.get("avgLatencyMs").isNumber()).isTrue();
        assertThat(second.get("avgTimeToFirstTokenMs").isNumber()).isTrue();

        JsonNode totals = report.get("totals");
        assertSums(totals, 4, 1, 1119, 304,
                cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250).add(cost(CHEAP_INPUT, CHEAP_OUTPUT, 119, 54)));
        assertThat(totals.has("key")).isFalse();
        assertThat(llm.usage(ownerId, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).cost())
                .isEqualByComparingTo(decimal(totals, "cost"));
    }

    @Test
    void totalsPerBotAndPerTelegramUserNameCallsWithoutOneNone() {
        makeTheUsualCalls();

        JsonNode byBot = usage("groupBy=bot&" + aroundNow());
        assertThat(byBot.get("rows")).hasSize(3);
        assertSums(row(byBot, bot1.toString()), 2, 1, 1012, 253,
                cost(CHEAP_INPUT, CHEAP_OUTPUT, 12, 3).add(cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250)));
        assertSums(row(byBot, bot2.toString()), 1, 0, 100, 50, cost(CHEAP_INPUT, CHEAP_OUTPUT, 100, 50));
        assertSums(row(byBot, "none"), 1, 0, 7, 1, cost(CHEAP_INPUT, CHEAP_OUTPUT, 7, 1));
        assertThat(row(byBot, bot1.toString()).has("label")).isFalse();

        JsonNode byUser = usage("groupBy=user&" + aroundNow());
        assertThat(byUser.get("rows")).hasSize(3);
        assertSums(row(byUser, "7"), 2, 1, 1012, 253,
                cost(CHEAP_INPUT, CHEAP_OUTPUT, 12, 3).add(cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250)));
        assertSums(row(byUser, "8"), 1, 0, 100, 50, cost(CHEAP_INPUT, CHEAP_OUTPUT, 100, 50));
        assertSums(row(byUser, "none"), 1, 0, 7, 1, cost(CHEAP_INPUT, CHEAP_OUTPUT, 7, 1));
    }

    @Test
    void totalsPerDayListEveryUtcDayOfThePeriodWithZerosForDaysWithoutCalls() {
        makeTheUsualCalls();
        var today = newestCallAt().atOffset(ZoneOffset.UTC).toLocalDate();

        JsonNode report = usage("groupBy=day&from=" + today.minusDays(2) + "&to=" + today.plusDays(1));

        assertThat(report.get("from").asString()).isEqualTo(today.minusDays(2) + "T00:00:00Z");
        assertThat(report.get("to").asString()).isEqualTo(today.plusDays(1) + "T00:00:00Z");
        JsonNode rows = report.get("rows");
        assertThat(rows).extracting(node -> node.get("key").asString()).containsExactly(
                today.minusDays(2).toString(), today.minusDays(1).toString(), today.toString());
        assertSums(rows.get(0), 0, 0, 0, 0, BigDecimal.ZERO);
        assertThat(rows.get(0).get("avgLatencyMs").isNull()).isTrue();
        assertSums(rows.get(2), 4, 1, 1119, 304,
                cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250).add(cost(CHEAP_INPUT, CHEAP_OUTPUT, 119, 54)));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        call(cheap, FakeReply.text("one").tokens(10, 1), new CallTags(bot1, 1L, 7L));
        Instant at = newestCallAt();

        assertThat(usage("from=" + at + "&to=" + at.plusMillis(1)).get("totals").get("messages").asLong())
                .isEqualTo(1);
        assertThat(usage("from=" + at.minusSeconds(60) + "&to=" + at).get("totals").get("messages").asLong())
                .isZero();
        assertThat(usage("from=" + at.plusNanos(1000) + "&to=" + at.plusSeconds(60)).get("totals").get("messages")
                .asLong()).isZero();
        assertThat(usage("from=" + at + "&to=" + at).get("rows")).isEmpty();
    }

    @Test
    void filtersByBotAndByModel() {
        makeTheUsualCalls();

        JsonNode bot = usage("groupBy=model&botId=" + bot1 + "&" + aroundNow());
        assertSums(bot.get("totals"), 2, 1, 1012, 253,
                cost(CHEAP_INPUT, CHEAP_OUTPUT, 12, 3).add(cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250)));
        JsonNode model = usage("groupBy=bot&modelId=" + cheap + "&" + aroundNow());
        assertSums(model.get("totals"), 3, 0, 119, 54, cost(CHEAP_INPUT, CHEAP_OUTPUT, 119, 54));
        assertThat(model.get("rows")).hasSize(3);
    }

    @Test
    void anotherUsersCallsNeverAppear() {
        makeTheUsualCalls();
        var other = TestUsers.register(api());
        Api otherApi = other.api(api());
        UUID othersModel = TestModels.create(otherApi, FAKE.baseUrl(), "usage-others");
        FAKE.reply(FakeReply.text("theirs").tokens(5000, 5000));
        llm.chat(new ChatRequest(new UserId(other.id()), new ModelId(othersModel), List.of(LlmMessage.user("hi")),
                null, null, new CallTags(bot1, 1L, 7L)));

        JsonNode mine = usage("groupBy=bot&" + aroundNow());
        assertThat(mine.get("totals").get("inputTokens").asLong()).isEqualTo(1119);
        assertThat(mine.get("totals").get("messages").asLong()).isEqualTo(4);
        assertThat(usage("modelId=" + othersModel + "&" + aroundNow()).get("totals").get("messages").asLong())
                .isZero();
        assertThat(calls("limit=500&" + aroundNow()).get("calls"))
                .noneMatch(call -> call.get("modelName").asString().equals("usage-others"));

        JsonNode theirs = EXACT.readTree(otherApi.get("/api/usage?groupBy=model&" + aroundNow()).body());
        assertThat(theirs.get("rows")).hasSize(1);
        assertSums(theirs.get("totals"), 1, 0, 5000, 5000, cost(CHEAP_INPUT, CHEAP_OUTPUT, 5000, 5000));
    }

    @Test
    void callsListTheRecentCallsNewestFirstWithTheirDetails() {
        makeTheUsualCalls();

        JsonNode all = calls(aroundNow());
        assertThat(all.get("calls")).hasSize(5);
        JsonNode newest = all.get("calls").get(0);
        assertThat(newest.get("modelName").asString()).isEqualTo("usage-cheap");
        assertThat(newest.has("botId")).isFalse();
        JsonNode failed = all.get("calls").get(1);
        assertThat(failed.get("outcome").asString()).isEqualTo("RETRYABLE");
        assertThat(failed.get("httpStatus").asInt()).isEqualTo(500);
        assertThat(failed.get("error").asString()).contains("upstream broke");
        assertThat(failed.get("modelId").asString()).isEqualTo(dear.toString());
        JsonNode streamed = all.get("calls").get(2);
        assertThat(streamed.get("streaming").asBoolean()).isTrue();
        assertThat(streamed.get("inputTokens").asInt()).isEqualTo(1000);
        assertThat(streamed.get("outputTokens").asInt()).isEqualTo(250);
        assertThat(decimal(streamed, "cost")).isEqualByComparingTo(cost(DEAR_INPUT, DEAR_OUTPUT, 1000, 250));
        assertThat(streamed.get("botId").asString()).isEqualTo(bot1.toString());
        assertThat(streamed.get("chatId").asLong()).isEqualTo(100);
        assertThat(streamed.get("telegramUserId").asLong()).isEqualTo(7);
        assertThat(streamed.get("latencyMs").isNumber()).isTrue();
        assertThat(streamed.get("timeToFirstTokenMs").isNumber()).isTrue();

        assertThat(calls("limit=2&" + aroundNow()).get("calls")).hasSize(2);
        assertThat(calls("botId=" + bot2 + "&" + aroundNow()).get("calls")).hasSize(1);
    }

    @Test
    void badParametersAnswer400ProblemsNamingTheField() {
        assertInvalid("/api/usage?groupBy=week", "groupBy");
        assertInvalid("/api/usage?from=yesterday", "from");
        assertInvalid("/api/usage?to=2026-02-30", "to");
        assertInvalid("/api/usage?from=2026-11-02&to=2026-11-01", "from");
        assertInvalid("/api/usage?from=2025-01-01&to=2026-01-03", "to");
        assertInvalid("/api/usage?botId=bot-1", "botId");
        assertInvalid("/api/usage?modelId=42", "modelId");
        assertInvalid("/api/usage/calls?limit=0", "limit");
        assertInvalid("/api/usage/calls?limit=many", "limit");
        assertInvalid("/api/usage/calls?from=2026-11-02&to=2026-11-01", "from");
    }

    @Test
    void withoutATokenUsageAnswers401() {
        assertThat(api().get("/api/usage").status()).isEqualTo(401);
        assertThat(api().get("/api/usage/calls").status()).isEqualTo(401);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * Five calls, oldest first: cheap (12, 3) bot1/user 7; cheap (100, 50) bot2/user 8; dear streamed
     * (1000, 250) bot1/user 7; dear failing with 500 bot1/user 7; cheap (7, 1) without tags.
     */
    void makeTheUsualCalls() {
        call(cheap, FakeReply.text("one").tokens(12, 3), new CallTags(bot1, 100L, 7L));
        call(cheap, FakeReply.text("two").tokens(100, 50), new CallTags(bot2, 200L, 8L));
        FAKE.reply(FakeReply.text("three four five").tokens(1000, 250));
        llm.stream(new ChatRequest(ownerId, new ModelId(dear), List.of(LlmMessage.user("stream")), null, null,
                new CallTags(bot1, 100L, 7L)), text -> { });
        FAKE.fail(500, "upstream broke");
        LlmException failure = catchThrowableOfType(LlmException.class, () -> llm.chat(new ChatRequest(ownerId,
                new ModelId(dear), List.of(LlmMessage.user("fail")), null, null, new CallTags(bot1, 100L, 7L))));
        assertThat(failure.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        call(cheap, FakeReply.text("six").tokens(7, 1), CallTags.none());
    }

    void call(UUID model, FakeReply reply, CallTags tags) {
        FAKE.reply(reply);
        llm.chat(new ChatRequest(ownerId, new ModelId(model), List.of(LlmMessage.user("hello")), null, null, tags));
    }

    JsonNode usage(String query) {
        Api.Response response = owner.get("/api/usage?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return EXACT.readTree(response.body());
    }

    JsonNode calls(String query) {
        Api.Response response = owner.get("/api/usage/calls?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return EXACT.readTree(response.body());
    }

    Instant newestCallAt() {
        return Instant.parse(calls("limit=1&" + aroundNow()).get("calls").get(0).get("at").asString());
    }

    /** A period certainly holding every call of the test. */
    static String aroundNow() {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return "from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofHours(1));
    }

    void assertInvalid(String path, String field) {
        Api.Response response = owner.get(path);
        assertThat(response.status()).as(path + " " + response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors")).as(path + " " + response)
                .anyMatch(error -> error.get("field").asString().equals(field));
    }

    static JsonNode row(JsonNode report, String key) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asString().equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key + " in " + report);
    }

    static void assertSums(JsonNode row, long messages, long failed, long input, long output, BigDecimal cost) {
        assertThat(row.get("messages").asLong()).as("messages of " + row).isEqualTo(messages);
        assertThat(row.get("failedCalls").asLong()).as("failedCalls of " + row).isEqualTo(failed);
        assertThat(row.get("inputTokens").asLong()).as("inputTokens of " + row).isEqualTo(input);
        assertThat(row.get("outputTokens").asLong()).as("outputTokens of " + row).isEqualTo(output);
        assertThat(decimal(row, "cost")).as("cost of " + row).isEqualByComparingTo(cost);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        assertThat(node.get(field).isNumber()).as(field + " is a JSON number in " + node).isTrue();
        return node.get(field).decimalValue();
    }

    /** {@code (input × inputPrice + output × outputPrice) / 10⁶}, exactly. */
    static BigDecimal cost(BigDecimal inputPrice, BigDecimal outputPrice, long input, long output) {
        return inputPrice.multiply(BigDecimal.valueOf(input)).add(outputPrice.multiply(BigDecimal.valueOf(output)))
                .movePointLeft(6);
    }
}
