package io.github.camelelevateai.sandbox;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelelevateai.sandbox.SandboxClient.chat;
import static io.github.camelelevateai.sandbox.SandboxClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A declared chat's life in the sandbox, seen from a plain HTTP client: status, results, summary, deletion. */
class SandboxLifecycleTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final List<String> PHASES = List.of("declared", "pendingProcessing", "processing", "processed");
    private static final List<String> CALLS_ON_AN_INTERACTION = List.of("", "/status", "/ai", "/gen-ai/cx/summary",
            "/transcript", "/transcripts/punctuated");

    private final SandboxClient client = new SandboxClient(sandbox());

    @Test
    void aChatGoesThroughEachStatusInItsFifthOfTheProcessingTime() throws Exception {
        Duration processing = Duration.ofMillis(2500);
        sandbox().processingTime(processing);
        Instant wallBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long declareSent = System.nanoTime();
        String identifier = client.declare(chat("Where is my order?"));
        long declareAnswered = System.nanoTime();
        Instant wallAfter = Instant.now();

        List<String> seen = new ArrayList<>();
        List<JsonNode> answers = new ArrayList<>();
        await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(60)).until(() -> {
            long sent = System.nanoTime();
            HttpResponse<String> answer = client.get("/interactions/" + identifier + "/status");
            long received = System.nanoTime();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode status = json(answer);
            // the server saw between (sent - declareAnswered) and (received - declareSent) elapse since the declare
            String expected = status.path("status").asText();
            assertThat(expected).as("at %d to %d ms after the declare", (sent - declareAnswered) / 1_000_000,
                    (received - declareSent) / 1_000_000)
                    .isIn(phasesBetween(sent - declareAnswered, received - declareSent, processing));
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(expected)) {
                seen.add(expected);
            }
            answers.add(status);
            return expected.equals("processed");
        });

        assertThat(seen).as("each status, in order").isEqualTo(PHASES);
        for (JsonNode status : answers) {
            assertThat(status.path("identifier").asText()).isEqualTo(identifier);
            Instant declared = Instant.parse(status.path("declared").asText());
            assertThat(declared).isBetween(wallBefore, wallAfter);
            assertThat(status.path("uploaded").isNull()).as("a chat is not uploaded").isTrue();
            assertThat(status.path("downloaded").isNull()).isTrue();
            assertThat(status.path("errorMessage").isNull()).isTrue();
            if (status.path("status").asText().equals("processed")) {
                assertThat(Instant.parse(status.path("processed").asText())).isEqualTo(declared.plus(processing));
            } else {
                assertThat(status.path("processed").isNull()).as(status.toString()).isTrue();
            }
        }
    }

    @Test
    void withNoProcessingTimeAChatIsProcessedAtOnceAndResetRestoresFiveSeconds() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String now = client.declare(chat("Hi"));
        assertThat(json(client.get("/interactions/" + now + "/status")).path("status").asText()).isEqualTo("processed");
        assertThat(client.get("/interactions/" + now + "/ai").statusCode()).isEqualTo(200);

        sandbox().reset();
        String later = client.declare(chat("Hi"));
        JsonNode processed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(client.get("/interactions/" + later + "/status")),
                        status -> status.path("status").asText().equals("processed"));
        assertThat(Duration.between(Instant.parse(processed.path("declared").asText()),
                Instant.parse(processed.path("processed").asText()))).isEqualTo(Duration.ofSeconds(5))
                .isEqualTo(ElevateAiSandbox.DEFAULT_PROCESSING_TIME);
    }

    @Test
    void resultsAndTranscriptsAnswer409UntilProcessedButTheSummaryAnswersAtOnce() throws Exception {
        sandbox().processingTime(Duration.ofMinutes(10));
        String identifier = client.declare(chat("Where is my order?"));

        for (String results : List.of("/ai", "/transcript", "/transcripts/punctuated")) {
            HttpResponse<String> answer = client.get("/interactions/" + identifier + results);
            assertThat(answer.statusCode()).as(results).isEqualTo(409);
            assertThat(json(answer).path("errorMessage").asText()).contains("not processed yet (status declared)");
        }
        HttpResponse<String> summary = client.get("/interactions/" + identifier + "/gen-ai/cx/summary");
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(json(summary).path("summary").asText()).isNotBlank();
    }

    @Test
    void aChatWithTheMarkerEndsInProcessingFailedAndHasNoResults() throws Exception {
        sandbox().processingTime(Duration.ofMillis(500));
        String identifier = client.declare(
                chat("Please fail: " + ElevateAiSandbox.PROCESSING_FAILED_MARKER));

        JsonNode failed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(client.get("/interactions/" + identifier + "/status")),
                        status -> !status.path("status").asText().matches("declared|pendingProcessing|processing"));

        assertThat(failed.path("status").asText()).isEqualTo("processingFailed");
        assertThat(failed.path("errorMessage").asText()).contains(ElevateAiSandbox.PROCESSING_FAILED_MARKER);
        assertThat(Instant.parse(failed.path("processed").asText()))
                .isEqualTo(Instant.parse(failed.path("declared").asText()).plusMillis(500));
        for (String results : List.of("/ai", "/transcript", "/transcripts/punctuated")) {
            HttpResponse<String> answer = client.get("/interactions/" + identifier + results);
            assertThat(answer.statusCode()).as(results).isEqualTo(409);
            assertThat(json(answer).path("errorMessage").asText()).contains("processingFailed");
        }
        assertThat(client.get("/interactions/" + identifier + "/gen-ai/cx/summary").statusCode()).isEqualTo(200);
    }

    @Test
    void aChatWithTheSummaryMarkerGets422ForItsSummaryAndIsProcessedAllTheSame() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("No summary: " + ElevateAiSandbox.SUMMARY_UNPROCESSABLE_MARKER));

        HttpResponse<String> summary = client.get("/interactions/" + identifier + "/gen-ai/cx/summary");
        assertThat(summary.statusCode()).isEqualTo(422);
        assertThat(json(summary).path("errorMessage").asText()).contains(ElevateAiSandbox.SUMMARY_UNPROCESSABLE_MARKER);
        assertThat(client.get("/interactions/" + identifier + "/ai").statusCode()).isEqualTo(200);
    }

    @Test
    void theDeclaredParametersComeBack() throws Exception {
        String identifier = client.declare(chat("Hi").replace("\"en-us\"", "\"es-419\""));

        HttpResponse<String> answer = client.get("/interactions/" + identifier);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer)).isEqualTo(SandboxClient.JSON.readTree("{\"identifier\": \"" + identifier
                + "\", \"type\": \"chat\", \"languageTag\": \"es-419\", \"vertical\": \"default\"}"));
    }

    @Test
    void theSameChatGetsTheSameAnalysisFromAnySandboxAndAnotherChatAnother() throws Exception {
        String chat = chat("My parcel never came, and I am tired of waiting for it.");
        Map<String, String> here = analysis(client, sandbox(), chat);
        Map<String, String> other;
        try (ElevateAiSandbox another = ElevateAiSandbox.start()) {
            other = analysis(new SandboxClient(another), another, chat);
        }
        Map<String, String> again = analysis(client, sandbox(), chat);
        Map<String, String> different = analysis(client, sandbox(), chat("Thanks, all good."));

        assertThat(other).isEqualTo(here);
        assertThat(again).isEqualTo(here);
        assertThat(different.get("/ai")).isNotEqualTo(here.get("/ai"));
        assertThat(different.get("/gen-ai/cx/summary")).isNotEqualTo(here.get("/gen-ai/cx/summary"));
    }

    @Test
    void theAiResultsHaveTheDocumentedShape() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("Hi"));

        JsonNode results = json(client.get("/interactions/" + identifier + "/ai"));

        JsonNode bundles = results.path("allParticipants").path("enlightenBundles");
        assertThat(bundles.findValuesAsText("name")).contains("Customer Satisfaction", "Vulnerable Customer");
        assertThat(bundles).hasSize(2).allSatisfy(bundle -> {
            JsonNode model = bundle.path("models").path(0);
            assertThat(model.path("name").asText()).isEqualTo(bundle.path("name").asText());
            double score = model.path("score").asDouble(-1);
            assertThat(score).isBetween(0.0, 1.0);
            assertThat(model.path("minScore").asDouble()).isLessThanOrEqualTo(score);
            assertThat(model.path("maxScore").asDouble()).isGreaterThanOrEqualTo(score);
            for (int quartile = 1; quartile <= 4; quartile++) {
                assertThat(model.path("quartile" + quartile).asDouble(-1)).isBetween(model.path("minScore").asDouble(),
                        model.path("maxScore").asDouble());
            }
            // the chat lasts 105 s; the extremes are at the start of a quarter of it
            assertThat(model.path("maxScoreOffset").asLong()).isIn(0L, 26_250L, 52_500L, 78_750L);
        });
        assertThat(results.path("allParticipants").path("voiceActivitySegments").isArray()).isTrue();
        assertThat(results.path("participantOne").path("enlightenBundles").isArray()).isTrue();
        assertThat(results.path("participantTwo").path("enlightenBundles").isArray()).isTrue();
    }

    @Test
    void theSummarySaysWhoSpokeHowMuchAndTheCustomersFirstWordsCutShort() throws Exception {
        String words = "My parcel never came, I waited three weeks and nobody answers the phone at all.";
        String identifier = client.declare(chat("Jordan", words));

        String summary = json(client.get("/interactions/" + identifier + "/gen-ai/cx/summary")).path("summary")
                .asText();

        assertThat(summary).isEqualTo("A chat of 3 messages between Madison (agent) and Jordan (customer)."
                                      + " The customer's first words: \"" + words.substring(0, 60) + "...\".");
    }

    @Test
    void theTranscriptsAreTheMessagesWithTheirTimes() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("Where is my order?"));

        JsonNode transcript = json(client.get("/interactions/" + identifier + "/transcript"));
        assertThat(transcript.path("allParticipants").path("phrases")).extracting(JsonNode::asText)
                .containsExactly("Hello, how can I help?", "Where is my order?", "Done: your order is on its way.");
        assertThat(transcript.path("allParticipants").path("phraseSegments")).extracting(
                segment -> segment.path("startTimeOffset").asLong() + "-" + segment.path("endTimeOffset").asLong()
                           + "#" + segment.path("phraseIndex").asInt())
                .containsExactly("0-90000#0", "90000-105000#1", "105000-105000#2");
        assertThat(transcript.path("participantOne").path("phrases")).extracting(JsonNode::asText)
                .containsExactly("Hello, how can I help?", "Done: your order is on its way.");
        assertThat(transcript.path("participantTwo").path("phrases")).extracting(JsonNode::asText)
                .containsExactly("Where is my order?");
        assertThat(transcript.path("redactionSegments").isArray()).isTrue();

        JsonNode punctuated = json(client.get("/interactions/" + identifier + "/transcripts/punctuated"));
        assertThat(punctuated.path("sentenceSegments")).extracting(
                segment -> segment.path("participant").asText() + "@" + segment.path("startTimeOffset").asLong()
                           + "-" + segment.path("endTimeOffset").asLong() + ": " + segment.path("phrase").asText())
                .containsExactly("participantOne@0-90000: Hello, how can I help?",
                        "participantTwo@90000-105000: Where is my order?",
                        "participantOne@105000-105000: Done: your order is on its way.");
        assertThat(punctuated.path("sentenceSegments").path(0).path("score").isNumber()).isTrue();
        assertThat(punctuated.path("redactionSegments").isArray()).isTrue();
    }

    @Test
    void aDeletedInteractionAnswers404ToEveryCallFromThenOn() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("Forget me"));

        HttpResponse<String> deleted = client.delete("/interactions/" + identifier);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(sandbox().deleted(identifier)).isTrue();
        assertThat(sandbox().declared(identifier)).as("what was declared, for tests").isNotNull();
        for (String call : CALLS_ON_AN_INTERACTION) {
            assertNotFound(client.get("/interactions/" + identifier + call), call);
        }
        assertNotFound(client.delete("/interactions/" + identifier), "a second delete");
    }

    @Test
    void anIdentifierNeverDeclaredOrNoLongerRetainedAnswers404() throws Exception {
        sandbox().processingTime(Duration.ZERO).retain(2);
        String oldest = client.declare(chat("one"));
        client.declare(chat("two"));
        String newest = client.declare(chat("three"));

        for (String identifier : List.of("6091d697-9a98-4953-9850-d3e9b82cd5ab", oldest)) {
            for (String call : CALLS_ON_AN_INTERACTION) {
                assertNotFound(client.get("/interactions/" + identifier + call), identifier + call);
            }
            assertNotFound(client.delete("/interactions/" + identifier), identifier);
        }
        assertThat(client.get("/interactions/" + newest + "/ai").statusCode()).isEqualTo(200);
        assertThat(sandbox().deleted(oldest)).isFalse();
    }

    @Test
    void aWrongMethodGets405AndAPathOfNoCall404() throws Exception {
        String identifier = client.declare(chat("Hi"));
        String token = sandbox().apiToken();

        Map<String, String> allowed = Map.of(
                "GET /interactions", "POST",
                "PUT /interactions/" + identifier, "GET, DELETE",
                "POST /interactions/" + identifier + "/status", "GET",
                "DELETE /interactions/" + identifier + "/ai", "GET",
                "PUT /interactions/" + identifier + "/gen-ai/cx/summary", "GET",
                "POST /interactions/" + identifier + "/transcripts/punctuated", "GET");
        for (Map.Entry<String, String> call : allowed.entrySet()) {
            String[] line = call.getKey().split(" ");
            HttpResponse<String> answer = client.send(line[0], line[1], token);
            assertThat(answer.statusCode()).as(call.getKey()).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).as(call.getKey()).hasValue(call.getValue());
            assertThat(json(answer).path("errorMessage").asText()).isNotBlank();
        }
        for (String path : List.of("/interactions/" + identifier + "/results", "/interactions/", "/interactionsX",
                "/interactions/" + identifier + "/gen-ai/cx")) {
            assertNotFound(client.get(path), path);
        }
    }

    @Test
    void everyCallWithoutTheRightTokenGets401() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        String identifier = client.declare(chat("Hi"));

        for (String token : new String[] { null, "not-the-token" }) {
            for (String call : CALLS_ON_AN_INTERACTION) {
                HttpResponse<String> answer = client.send("GET", "/interactions/" + identifier + call, token);
                assertThat(answer.statusCode()).as(call).isEqualTo(401);
                assertThat(json(answer).path("errorMessage").asText()).isNotBlank();
            }
            assertThat(client.send("DELETE", "/interactions/" + identifier, token).statusCode()).isEqualTo(401);
        }
        assertThat(sandbox().deleted(identifier)).isFalse();
        assertThat(client.get("/interactions/" + identifier + "/ai").statusCode()).isEqualTo(200);
    }

    @Test
    void theEleventhSummaryAnsweredAtOnceGets429() throws Exception {
        String identifier = client.declare(chat("Hi"));
        sandbox().latency(Duration.ofSeconds(5));

        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < ElevateAiSandbox.MAX_CONCURRENT_SUMMARIES; i++) {
            held.add(client.getAsync("/interactions/" + identifier + "/gen-ai/cx/summary"));
        }
        // a request is recorded once it has its place among the summaries being answered
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requests(SandboxCall.GET_SUMMARY).size()
                                                           == ElevateAiSandbox.MAX_CONCURRENT_SUMMARIES);
        HttpResponse<String> eleventh = client.get("/interactions/" + identifier + "/gen-ai/cx/summary");

        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(json(eleventh).path("errorMessage").asText()).isNotBlank();
        for (CompletableFuture<HttpResponse<String>> summary : held) {
            assertThat(summary.get().statusCode()).isEqualTo(200);
        }
        sandbox().latency(Duration.ZERO);
        assertThat(client.get("/interactions/" + identifier + "/gen-ai/cx/summary").statusCode())
                .as("the places are free again").isEqualTo(200);
    }

    /** The answers to every call on an interaction of this chat, once processed, by call. */
    private static Map<String, String> analysis(SandboxClient client, ElevateAiSandbox sandbox, String chat)
            throws Exception {
        sandbox.processingTime(Duration.ZERO);
        String identifier = client.declare(chat);
        Map<String, String> answers = new TreeMap<>();
        for (String call : List.of("/ai", "/gen-ai/cx/summary", "/transcript", "/transcripts/punctuated")) {
            HttpResponse<String> answer = client.get("/interactions/" + identifier + call);
            assertThat(answer.statusCode()).as(call).isEqualTo(200);
            answers.put(call, answer.body());
        }
        return answers;
    }

    /** The statuses the sandbox may answer when between {@code from} and {@code to} nanoseconds passed. */
    private static List<String> phasesBetween(long from, long to, Duration processing) {
        long fifth = processing.toNanos() / 5;
        long[] starts = { Long.MIN_VALUE, fifth, 2 * fifth, processing.toNanos() };
        List<String> possible = new ArrayList<>();
        for (int phase = 0; phase < PHASES.size(); phase++) {
            long end = phase + 1 < starts.length ? starts[phase + 1] : Long.MAX_VALUE;
            if (from < end && to >= starts[phase]) {
                possible.add(PHASES.get(phase));
            }
        }
        return possible;
    }

    private static void assertNotFound(HttpResponse<String> answer, String what) throws Exception {
        assertThat(answer.statusCode()).as(what).isEqualTo(404);
        assertThat(json(answer).path("errorMessage").asText()).as(what).isNotBlank();
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
