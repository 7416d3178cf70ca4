package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelelevateai.sandbox.SandboxClient.chat;
import static io.github.camelelevateai.sandbox.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults scripted for one kind of call, seen from a plain HTTP client, and what the sandbox records of each call; the
 * faults scripted without a call still go to declares only.
 */
class SandboxCallFaultsTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private final SandboxClient client = new SandboxClient(sandbox());

    @Test
    void eachCallGetsTheFaultsScriptedForItAndNoOther() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("Hi"));
        int status = 500;
        for (SandboxCall call : SandboxCall.values()) {
            sandbox().faultNext(call, Fault.status(status++));
        }

        status = 500;
        for (SandboxCall call : SandboxCall.values()) {
            HttpResponse<String> faulted = call(call, identifier);
            assertThat(faulted.statusCode()).as(call.toString()).isEqualTo(status++);
            assertThat(json(faulted).path("errorMessage").asText()).isNotBlank();
        }
        for (SandboxCall call : SandboxCall.values()) {
            assertThat(call(call, identifier).statusCode()).as(call + ", its fault used").isBetween(200, 201);
        }
        assertThat(sandbox().deleted(identifier)).isTrue();
        for (SandboxCall call : SandboxCall.values()) {
            List<Fault> faults = sandbox().requests(call).stream().map(RecordedRequest::fault).toList();
            assertThat(faults).as(call.toString()).containsExactly(call == SandboxCall.DECLARE
                    ? new Fault[] { null, Fault.status(500), null }
                    : new Fault[] { Fault.status(500 + call.ordinal()), null });
        }
    }

    @Test
    void aStatusCallMeetsItsScriptInOrderWithBodiesRetryAfterAndADroppedConnection() throws Exception {
        String identifier = client.declare(chat("Hi"));
        sandbox().faultNext(SandboxCall.GET_STATUS, Fault.status(504), Fault.rateLimited(Duration.ofSeconds(7)),
                Fault.status(502, "<html>Bad gateway</html>"), Fault.dropped());
        String status = "/interactions/" + identifier + "/status";

        assertThat(client.declareAnswer(chat("a declare meanwhile")).statusCode()).isEqualTo(201);
        assertThat(client.get(status).statusCode()).isEqualTo(504);
        HttpResponse<String> limited = client.get(status);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        HttpResponse<String> proxied = client.get(status);
        assertThat(proxied.statusCode()).isEqualTo(502);
        assertThat(proxied.body()).isEqualTo("<html>Bad gateway</html>");
        assertThatThrownBy(() -> client.getWithoutRetry(status)).isInstanceOf(IOException.class);
        assertThat(client.get(status).statusCode()).isEqualTo(200);

        assertThat(sandbox().requests(SandboxCall.GET_STATUS)).extracting(RecordedRequest::fault).containsExactly(
                Fault.status(504), Fault.rateLimited(Duration.ofSeconds(7)),
                Fault.status(502, "<html>Bad gateway</html>"), Fault.dropped(), null);
    }

    @Test
    void aDeleteDroppedBeforeItIsDoneLeavesTheInteractionAndOneDroppedAfterDeletesIt() throws Exception {
        String kept = client.declare(chat("keep me"));
        String gone = client.declare(chat("delete me"));
        sandbox().faultNext(SandboxCall.DELETE, Fault.dropped(), Fault.performedThenDropped());

        assertThatThrownBy(() -> client.delete("/interactions/" + kept)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.delete("/interactions/" + gone)).isInstanceOf(IOException.class);

        assertThat(sandbox().deleted(kept)).isFalse();
        assertThat(client.get("/interactions/" + kept).statusCode()).isEqualTo(200);
        assertThat(sandbox().deleted(gone)).isTrue();
        assertThat(client.get("/interactions/" + gone).statusCode()).isEqualTo(404);
    }

    @Test
    void aReadAnsweredLateIsAnsweredInFullOnlyAfterTheDelay() throws Exception {
        String identifier = client.declare(chat("Hi"));
        sandbox().faultNext(SandboxCall.GET_INTERACTION, Fault.performedThenAnsweredAfter(Duration.ofMillis(1500)),
                Fault.performedThenAnsweredAfter(Duration.ofSeconds(5)));

        long start = System.nanoTime();
        HttpResponse<String> late = client.get("/interactions/" + identifier, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(json(late).path("identifier").asText()).isEqualTo(identifier);

        assertThatThrownBy(() -> client.get("/interactions/" + identifier, Duration.ofMillis(1000)))
                .as("a client that gives up first").isInstanceOf(HttpTimeoutException.class);
        // recorded once it took its fault: the next request must not overtake it
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requests(SandboxCall.GET_INTERACTION).size() == 2);
        assertThat(client.get("/interactions/" + identifier).statusCode()).isEqualTo(200);
        assertThat(sandbox().requests(SandboxCall.GET_INTERACTION)).extracting(RecordedRequest::fault).containsExactly(
                Fault.declaredThenAnsweredAfter(Duration.ofMillis(1500)),
                Fault.declaredThenAnsweredAfter(Duration.ofSeconds(5)), null);
    }

    @Test
    void theFaultsScriptedWithoutACallStillGoToDeclaresOnly() throws Exception {
        String identifier = client.declare(chat("Hi"));
        sandbox().faultNext(Fault.status(503)).failNext(1, 500).rateLimitNext(1, Duration.ofSeconds(1)).dropNext(1);

        for (SandboxCall call : SandboxCall.values()) {
            if (call != SandboxCall.DECLARE && call != SandboxCall.DELETE) {
                assertThat(call(call, identifier).statusCode()).as(call.toString()).isNotIn(503, 500, 429);
            }
        }
        assertThat(client.declareAnswer(chat("one")).statusCode()).isEqualTo(503);
        assertThat(client.declareAnswer(chat("one")).statusCode()).isEqualTo(500);
        assertThat(client.declareAnswer(chat("one")).statusCode()).isEqualTo(429);
        assertThatThrownBy(() -> client.declareAnswer(chat("one"))).isInstanceOf(IOException.class);
        assertThat(client.declareAnswer(chat("one")).statusCode()).isEqualTo(201);
        assertThat(sandbox().declaredCount()).as("the first declare and the last").isEqualTo(2);
    }

    @Test
    void eachRequestIsRecordedWithItsCallAndTheStatusPollsOfAnInteractionWithTheirTimes() throws Exception {
        String identifier = client.declare(chat("Hi"));
        String other = client.declare(chat("Hello"));
        Instant before = Instant.now();
        client.get("/interactions/" + identifier + "/status");
        client.get("/interactions/" + other + "/status");
        client.get("/interactions/" + identifier + "/status");
        client.get("/interactions/" + identifier + "/gen-ai/cx/summary");
        client.send("PUT", "/interactions/" + identifier + "/status", sandbox().apiToken());
        client.delete("/interactions/" + other);
        Instant after = Instant.now();

        assertThat(sandbox().requestCount()).isEqualTo(8);
        assertThat(sandbox().declaredCount()).isEqualTo(2);
        assertThat(sandbox().requestCount(SandboxCall.GET_STATUS)).isEqualTo(3);
        assertThat(sandbox().requestCount(SandboxCall.DELETE)).isEqualTo(1);
        assertThat(sandbox().requests()).extracting(RecordedRequest::call).containsExactly(SandboxCall.DECLARE,
                SandboxCall.DECLARE, SandboxCall.GET_STATUS, SandboxCall.GET_STATUS, SandboxCall.GET_STATUS,
                SandboxCall.GET_SUMMARY, null, SandboxCall.DELETE);
        RecordedRequest summary = sandbox().requests(SandboxCall.GET_SUMMARY).get(0);
        assertThat(summary.method()).isEqualTo("GET");
        assertThat(summary.path()).isEqualTo("/v1/interactions/" + identifier + "/gen-ai/cx/summary");
        assertThat(summary.pathIdentifier()).isEqualTo(identifier);
        assertThat(summary.header("X-API-Token")).isEqualTo(sandbox().apiToken());
        assertThat(sandbox().requests()).allSatisfy(request -> assertThat(request.headers()).containsKey("x-api-token"));
        assertThat(summary.declared()).as("no declare").isFalse();
        assertThat(sandbox().requests(SandboxCall.DELETE).get(0).pathIdentifier()).isEqualTo(other);
        assertThat(sandbox().requests(SandboxCall.DECLARE).get(0).pathIdentifier()).isNull();

        List<Instant> polls = sandbox().statusRequestTimes(identifier);
        assertThat(polls).hasSize(2).allSatisfy(at -> assertThat(at).isBetween(before, after)).isSorted();
        assertThat(sandbox().statusRequestTimes(other)).hasSize(1);
        assertThat(sandbox().statusRequestTimes("never-declared")).isEmpty();

        sandbox().reset();
        assertThat(sandbox().requestCount(SandboxCall.GET_STATUS)).isZero();
        assertThat(sandbox().statusRequestTimes(identifier)).isEmpty();
    }

    private HttpResponse<String> call(SandboxCall call, String identifier) throws Exception {
        String on = "/interactions/" + identifier;
        return switch (call) {
            case DECLARE -> client.declareAnswer(chat("Hi"));
            case GET_INTERACTION -> client.get(on);
            case GET_STATUS -> client.get(on + "/status");
            case GET_AI_RESULTS -> client.get(on + "/ai");
            case GET_SUMMARY -> client.get(on + "/gen-ai/cx/summary");
            case GET_TRANSCRIPT -> client.get(on + "/transcript");
            case GET_PUNCTUATED_TRANSCRIPT -> client.get(on + "/transcripts/punctuated");
            case DELETE -> client.delete(on);
        };
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
