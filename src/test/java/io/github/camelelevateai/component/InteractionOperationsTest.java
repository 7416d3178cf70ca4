package io.github.camelelevateai.component;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.camelelevateai.component.model.AiResults;
import io.github.camelelevateai.component.model.Interaction;
import io.github.camelelevateai.component.model.InteractionStatus;
import io.github.camelelevateai.component.model.ProcessingStatus;
import io.github.camelelevateai.component.model.PunctuatedTranscript;
import io.github.camelelevateai.component.model.Summary;
import io.github.camelelevateai.component.model.Transcript;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.RecordedRequest;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every interaction operation against the sandbox over loopback HTTP: answers, identifiers, errors, retries, pacing. */
class InteractionOperationsTest extends ElevateAiTestSupport {

    @TempDir
    Path folder;

    @Test
    void aProcessedChatHasItsStatusResultsSummaryAndDeclaredParameters() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        Exchange status = call("getStatus", id);
        InteractionStatus answer = status.getMessage().getBody(InteractionStatus.class);
        assertThat(answer.identifier()).isEqualTo(id);
        assertThat(answer.processingStatus()).isEqualTo(ProcessingStatus.PROCESSED);
        assertThat(status.getMessage().getHeader(ElevateAiConstants.PROCESSING_STATUS)).isEqualTo("processed");
        assertThat(status.getMessage().getHeader(ElevateAiConstants.PROCESSING_TERMINAL)).isEqualTo(true);
        assertThat(status.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER)).isEqualTo(id);
        assertThat(status.getMessage().getHeader(ElevateAiConstants.HTTP_STATUS)).isEqualTo(200);

        AiResults results = call("getAiResults", id).getMessage().getBody(AiResults.class);
        assertThat(results.allParticipants().enlightenBundles()).isNotEmpty();
        assertThat(call("getSummary", id).getMessage().getBody(Summary.class).summary()).isNotBlank();
        Interaction interaction = call("getInteraction", id).getMessage().getBody(Interaction.class);
        assertThat(interaction.type()).isEqualTo("chat");
        assertThat(interaction.languageTag()).isEqualTo("en-us");
        assertThat(call("getTranscript", id).getMessage().getBody(Transcript.class).allParticipants()).isNotNull();
        assertThat(call("getPunctuatedTranscript", id).getMessage().getBody(PunctuatedTranscript.class)
                .sentenceSegments()).isNotEmpty();
    }

    @Test
    void theJsonFormatIsTheApisAnswerAsItCame() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        Object body = call("getAiResults?resultFormat=json", id).getMessage().getBody();

        assertThat(body).isInstanceOf(String.class);
        RecordedRequest last = last(SandboxCall.GET_AI_RESULTS);
        assertThat(last.path()).endsWith("/interactions/" + id + "/ai");
        // the sandbox's answers are deterministic: asked again, it gives the same bytes
        assertThat(call("getAiResults?resultFormat=json", id).getMessage().getBody()).isEqualTo(body);
    }

    @Test
    void theIdentifierComesFromTheHeaderOrTheBodyInEveryFormARouteCarriesIt() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());
        Path outboxFile = Files.writeString(folder.resolve("chat.interaction.json"),
                "{\"interactionIdentifier\": \"" + id + "\"}\n");

        List<Object> bodies = List.of(id, " " + id + "\n", id.getBytes(StandardCharsets.UTF_8),
                "{\"interactionIdentifier\": \"" + id + "\", \"other\": 1}", Map.of("interactionIdentifier", id),
                outboxFile.toFile(), outboxFile);
        for (Object body : bodies) {
            Exchange result = template.send("elevateai:getInteraction", e -> e.getMessage().setBody(body));
            assertThat(result.getException()).as(String.valueOf(body)).isNull();
            assertThat(result.getMessage().getBody(Interaction.class).identifier()).isEqualTo(id);
        }
        Exchange headerWins = template.send("elevateai:getInteraction", e -> {
            e.getMessage().setHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, id);
            e.getMessage().setBody("not-this-one");
        });
        assertThat(headerWins.getMessage().getBody(Interaction.class).identifier()).isEqualTo(id);
        // and a declare's own result carries on: the body after a declare is the identifier
        Exchange chained = template.send("direct:declareThenStatus", e -> e.getMessage().setBody(chatJson()));
        assertThat(chained.getMessage().getBody(InteractionStatus.class).identifier())
                .isEqualTo(chained.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER));
    }

    @Test
    void aMissingOrMalformedIdentifierIsRefusedWithoutARequest() {
        int before = sandbox().requestCount();
        Object[] bodies = { null, "", "   ", "../../interactions", "a/b", "id with space", "x".repeat(129),
                "{\"interactionIdentifier\": 5}", "{\"other\": \"x\"}", "{not json", Map.of("other", "x"),
                "é-accented" };
        for (Object body : bodies) {
            Exchange result = template.send("elevateai:getStatus", e -> e.getMessage().setBody(body));
            assertThat(result.getException()).as(String.valueOf(body))
                    .isInstanceOf(InteractionIdentifierException.class)
                    .hasMessageContaining("nothing was sent");
            assertThat(((ElevateAiException) result.getException()).isRetryable()).isFalse();
        }
        Exchange header = template.send("elevateai:deleteInteraction", e -> e.getMessage()
                .setHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, "a/../b"));
        assertThat(header.getException()).isInstanceOf(InteractionIdentifierException.class)
                .hasMessageContaining("header " + ElevateAiConstants.INTERACTION_IDENTIFIER);
        assertThat(sandbox().requestCount()).isEqualTo(before);
    }

    @Test
    void resultsBeforeProcessingEndsAreNotReadyAndAFailedChatSaysWhy() {
        sandbox().processingTime(Duration.ofMinutes(5));
        String waiting = declared(chatJson());

        Exchange early = call("getAiResults?maxRetries=0", waiting);
        assertThat(early.getException()).isInstanceOf(ElevateAiNotReadyException.class);
        ElevateAiException notReady = (ElevateAiException) early.getException();
        assertThat(notReady.getHttpResponseCode()).isEqualTo(409);
        assertThat(notReady.isRetryable()).isTrue();
        assertThat(notReady.isOutcomeUnknown()).isFalse();
        Exchange status = call("getStatus", waiting);
        assertThat(status.getMessage().getHeader(ElevateAiConstants.PROCESSING_TERMINAL)).isEqualTo(false);

        sandbox().processingTime(Duration.ZERO);
        String failing = declared(chatJson().replace("thank you!", "thank you! " + ElevateAiSandbox.PROCESSING_FAILED_MARKER));
        InteractionStatus failed = call("getStatus", failing).getMessage().getBody(InteractionStatus.class);
        assertThat(failed.processingStatus()).isEqualTo(ProcessingStatus.PROCESSING_FAILED);
        assertThat(failed.isTerminal()).isTrue();
        assertThat(failed.errorMessage()).isNotBlank();
    }

    @Test
    void anImpossibleSummaryIsUnprocessableAndNotRetried() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson().replace("thank you!", ElevateAiSandbox.SUMMARY_UNPROCESSABLE_MARKER));
        int before = sandbox().requestCount();

        Exchange result = call("getSummary", id);

        assertThat(result.getException()).isInstanceOf(ElevateAiUnprocessableException.class);
        assertThat(((ElevateAiException) result.getException()).getHttpResponseCode()).isEqualTo(422);
        assertThat(((ElevateAiException) result.getException()).isRetryable()).isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(before + 1);
    }

    @Test
    void aDeletedInteractionIsNotFoundAfterwardsAndAnUnknownOneNeither() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        Exchange deleted = call("deleteInteraction", id);
        assertThat(deleted.getException()).isNull();
        assertThat(deleted.getMessage().getBody()).isEqualTo(id);
        assertThat(deleted.getMessage().getHeader(ElevateAiConstants.HTTP_STATUS)).isEqualTo(200);

        for (String gone : new String[] { id, "6091d697-9a98-4953-9850-d3e9b82cd5ab" }) {
            Exchange after = call("getAiResults", gone);
            assertThat(after.getException()).isInstanceOf(ElevateAiNotFoundException.class)
                    .hasMessageContaining("no such interaction");
            assertThat(((ElevateAiException) after.getException()).isRetryable()).isFalse();
        }
    }

    @Test
    void aReadThatTimesOutOrMeetsABadGatewayIsRetriedAndOneThatFailsInsideIsNot() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        sandbox().faultNext(SandboxCall.GET_SUMMARY, Fault.status(504), Fault.status(408), Fault.status(502),
                Fault.dropped());
        Exchange retried = call("getSummary?maxRetries=4", id);
        assertThat(retried.getException()).isNull();
        assertThat(retried.getMessage().getHeader(ElevateAiConstants.RETRIES)).isEqualTo(4);

        sandbox().faultNext(SandboxCall.GET_SUMMARY, Fault.status(504));
        Exchange timedOut = call("getSummary?maxRetries=0", id);
        assertThat(timedOut.getException()).isInstanceOf(ElevateAiTimeoutException.class);
        assertThat(((ElevateAiException) timedOut.getException()).isRetryable()).isTrue();
        assertThat(((ElevateAiException) timedOut.getException()).isOutcomeUnknown()).isFalse();

        sandbox().faultNext(SandboxCall.GET_SUMMARY, Fault.status(500));
        int before = sandbox().requestCount();
        Exchange internal = call("getSummary?maxRetries=4", id);
        assertThat(internal.getException()).isInstanceOf(ElevateAiServerException.class);
        assertThat(((ElevateAiException) internal.getException()).isOutcomeUnknown()).as("a read changes nothing")
                .isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(before + 1);
    }

    @Test
    void aDeleteIsRetriedOnlyWhenNothingWasSent() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        sandbox().faultNext(SandboxCall.DELETE, Fault.dropped());
        Exchange dropped = call("deleteInteraction?maxRetries=4", id);
        assertThat(dropped.getException()).isInstanceOf(ElevateAiOutcomeUnknownException.class)
                .hasMessageContaining("may or may not have been deleted");
        assertThat(requests(SandboxCall.DELETE)).hasSize(1);

        sandbox().faultNext(SandboxCall.DELETE, Fault.status(502));
        Exchange badGateway = call("deleteInteraction?maxRetries=4", id);
        assertThat(((ElevateAiException) badGateway.getException()).isOutcomeUnknown()).isTrue();
        assertThat(requests(SandboxCall.DELETE)).hasSize(2);

        sandbox().faultNext(SandboxCall.DELETE, Fault.rateLimited(Duration.ZERO));
        Exchange rateLimited = call("deleteInteraction?maxRetries=4", id);
        assertThat(rateLimited.getException()).isNull();
        assertThat(rateLimited.getMessage().getHeader(ElevateAiConstants.RETRIES)).isEqualTo(1);
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailureAndARateLimitedReadIsRetriedAfterItsRetryAfter() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());

        Exchange refused = template.send("elevateai:getStatus?apiToken=not-the-token",
                e -> e.getMessage().setBody(id));
        assertThat(refused.getException()).isInstanceOf(ElevateAiAuthenticationException.class)
                .hasMessageNotContaining("not-the-token");
        assertThat(((ElevateAiException) refused.getException()).getHttpResponseCode()).isEqualTo(401);

        sandbox().faultNext(SandboxCall.GET_AI_RESULTS, Fault.rateLimited(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        Exchange retried = call("getAiResults", id);
        assertThat(retried.getException()).isNull();
        assertThat(retried.getMessage().getHeader(ElevateAiConstants.RETRIES)).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(requests(SandboxCall.GET_AI_RESULTS)).hasSize(2);
    }

    @Test
    void aTokenEchoedByAnInteractionCallIsMasked() {
        sandbox().processingTime(Duration.ZERO);
        String id = declared(chatJson());
        String token = sandbox().apiToken();
        sandbox().faultNext(SandboxCall.GET_STATUS, Fault.status(400, "{\"errorMessage\": \"bad token " + token + "\"}"));

        Exchange result = call("getStatus", id);

        ElevateAiException failure = result.getException(ElevateAiException.class);
        assertThat(failure.getMessage()).contains("******").doesNotContain(token);
        assertThat(failure.getErrorMessage()).doesNotContain(token);
    }

    /**
     * The API asks for no more than one status poll a chat every 5 s: however fast and however many callers ask, the
     * sandbox sees status requests of one interaction at least 5 s apart, and the callers in between get the last
     * answer, marked as such.
     */
    @Test
    void statusRequestsOfOneInteractionAreNeverSentLessThanFiveSecondsApart() throws Exception {
        sandbox().processingTime(Duration.ofSeconds(6));
        String id = declared(chatJson());
        String other = declared(chatJson().replace("Madison", "Maddie"));

        Exchange first = call("getStatus", id);
        assertThat(first.getMessage().getHeader(ElevateAiConstants.STATUS_FROM_EARLIER_REQUEST)).isEqualTo(false);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Exchange>> burst = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                burst.add(() -> call("getStatus", id));
            }
            for (Future<Exchange> result : callers.invokeAll(burst)) {
                assertThat(result.get().getException()).isNull();
                assertThat(result.get().getMessage().getHeader(ElevateAiConstants.STATUS_FROM_EARLIER_REQUEST))
                        .isEqualTo(true);
            }
        } finally {
            callers.shutdownNow();
        }
        // another interaction is paced on its own
        assertThat(call("getStatus", other).getMessage().getHeader(ElevateAiConstants.STATUS_FROM_EARLIER_REQUEST))
                .isEqualTo(false);
        assertThat(statusRequestsOf(id)).hasSize(1);

        // a caller polling in a loop reaches the processed status, with a request at most every 5 s
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> "processed".equals(call("getStatus", id).getMessage()
                        .getHeader(ElevateAiConstants.PROCESSING_STATUS)));
        List<Instant> times = statusRequestsOf(id).stream().map(RecordedRequest::receivedAt).toList();
        assertThat(times).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).as("between status requests " + i + " and "
                    + (i + 1)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    /**
     * The same guarantee under random interleavings: 16 callers asking for the status of 8 interactions in a random
     * order at random moments for 11 s; at the sandbox, each interaction's status requests are at least 5 s apart.
     * Seeded: replay with {@code -Delevateai.fuzz.seed=<seed>}.
     */
    @Test
    void statusRequestsStayFiveSecondsApartUnderRandomInterleavings() throws Exception {
        long seed = Long.getLong("elevateai.fuzz.seed", new java.util.Random().nextLong());
        sandbox().processingTime(Duration.ofMinutes(5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(declared(chatJson().replace("Madison", "Agent " + i)));
        }
        long end = System.nanoTime() + Duration.ofSeconds(11).toNanos();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> loops = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                java.util.Random random = new java.util.Random(seed + c);
                loops.add(() -> {
                    int calls = 0;
                    while (System.nanoTime() < end) {
                        Exchange result = call("getStatus", ids.get(random.nextInt(ids.size())));
                        assertThat(result.getException()).as("seed " + seed).isNull();
                        calls++;
                        java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(50_000_000));
                    }
                    return calls;
                });
            }
            for (Future<Integer> loop : callers.invokeAll(loops)) {
                assertThat(loop.get()).isPositive();
            }
        } finally {
            callers.shutdownNow();
        }
        for (String id : ids) {
            List<Instant> times = statusRequestsOf(id).stream().map(RecordedRequest::receivedAt).toList();
            assertThat(times).as("status requests of %s (seed %d)", id, seed).hasSizeBetween(2, 3);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("seed %d, replay with"
                        + " -Delevateai.fuzz.seed=%d", seed, seed).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            }
        }
    }

    private String declared(String chat) {
        Exchange declared = declare(chat);
        assertThat(declared.getException()).isNull();
        return declared.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, String.class);
    }

    private Exchange call(String operation, String identifier) {
        return template.send("elevateai:" + operation, e -> e.getMessage().setBody(identifier));
    }

    private List<RecordedRequest> requests(SandboxCall call) {
        return sandbox().requests(call);
    }

    private RecordedRequest last(SandboxCall call) {
        List<RecordedRequest> requests = requests(call);
        return requests.get(requests.size() - 1);
    }

    private List<RecordedRequest> statusRequestsOf(String id) {
        return requests(SandboxCall.GET_STATUS).stream().filter(r -> r.path().contains("/" + id + "/")).toList();
    }

    @Override
    protected void moreRoutes(org.apache.camel.builder.RouteBuilder routes) {
        routes.from("direct:declareThenStatus").to("elevateai:declareChat").to("elevateai:getStatus");
    }
}
