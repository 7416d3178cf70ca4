package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.component.LogCapture;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/file-to-elevateai.yaml and routes/elevateai-declare.yaml, the very files, loaded by camel-main through the
 * runner, against the sandbox, on real folders.
 */
class FileRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ElevateAiRunner runner;
    private final List<ExecutorService> writers = new ArrayList<>();

    @AfterEach
    void stopRunner() throws Exception {
        writers.forEach(ExecutorService::shutdownNow);
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void declaresEveryChatOfABatchExactlyOnce() throws Exception {
        int chats = 300;
        for (int i = 0; i < chats; i++) {
            drop("chat-" + i + ".json", chat("customer " + i));
        }
        start(Map.of());

        awaitInFolder(".done", chats);
        assertThat(sandbox().declaredCount()).isEqualTo(chats);
        assertThat(sandbox().requestCount()).isEqualTo(chats);
        Set<String> identifiers;
        try (Stream<Path> results = Files.list(work.resolve("outbox"))) {
            identifiers = results.map(FileRouteTest::read).map(result -> {
                assertThat(result.path("source").asText()).matches("chat-\\d+\\.json");
                assertThat(result.path("declaredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                return result.path("interactionIdentifier").asText();
            }).collect(Collectors.toSet());
        }
        assertThat(identifiers).hasSize(chats).allSatisfy(id -> assertThat(sandbox().declared(id)).isNotNull());
        assertThat(RouteFiles.result(work.resolve("outbox"), "chat-7")).exists();
        assertThat(inbox().resolve(".error")).doesNotExist();
        assertThat(runner.outcomes().summary()).isEqualTo("300 declared, 0 already declared, 0 set aside");
    }

    @Test
    void aChatDeclaredBeforeARestartIsNotDeclaredAgainEvenUnderAnotherNameAndLayout() throws Exception {
        declareInAFirstRun("first.json", chat("Jordan"));

        // the same declare request: other file name, other layout, an unknown field that is never sent
        drop("again.json", chat("Jordan").replace("], \"messages\"", "],\n  \"messages\"")
                .replace("{\"participants\"", "{\n  \"exportedBy\": \"crm-7\",\n  \"participants\""));
        drop("other.json", chat("Alex"));
        start(Map.of());

        awaitInFolder(".done", 3);
        assertThat(sandbox().declaredCount()).isEqualTo(2);
        // the copy gets the result of the one declare, as a file put back after a crash would, naming its own source
        JsonNode first = read(RouteFiles.result(work.resolve("outbox"), "first"));
        JsonNode again = read(RouteFiles.result(work.resolve("outbox"), "again"));
        assertThat(again.path("interactionIdentifier")).isEqualTo(first.path("interactionIdentifier"));
        assertThat(again.path("declaredAt")).isEqualTo(first.path("declaredAt"));
        assertThat(again.path("source").asText()).isEqualTo("again.json");
        assertThat(runner.outcomes().summary()).isEqualTo("1 declared, 1 already declared, 0 set aside");
    }

    @Test
    void aChatWhoseDeclareAnEarlierRunDidNotFinishIsSetAsideAsUnknownNotAcknowledged() throws Exception {
        declareInAFirstRun("first.json", chat("Jordan"));
        // as if the run had been killed after claiming the chat, before its answer came: the claim without a result
        Path store = work.resolve("state/declared-chats.txt");
        List<String> lines = Files.readAllLines(store);
        assertThat(lines).hasSize(3).first().asString().startsWith("@");
        Files.write(store, lines.subList(0, 2));

        drop("again.json", chat("Jordan"));
        start(Map.of());
        awaitInFolder(".error", 2);
        assertThat(reason("again")).startsWith("An earlier declare of this chat ended without a known outcome")
                .contains("whether it was declared is unknown", "append the line -" + lines.get(1));
        assertThat(sandbox().requestCount()).isEqualTo(1);
        assertThat(runner.outcomes().summary()).isEqualTo("0 declared, 0 already declared, 1 set aside");
    }

    @Test
    void invalidChatsAreSetAsideBesideTheirReasonWithoutARequest() throws Exception {
        try (Stream<Path> broken = Files.list(Path.of("examples", "broken"))) {
            for (Path file : broken.toList()) {
                drop(file.getFileName().toString(), Files.readString(file));
            }
        }
        try (LogCapture logs = new LogCapture()) {
            start(Map.of());
            awaitInFolder(".error", 14);
            // a line per chat with its reason; an expected outcome is no error, and no stack trace
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN io.github.camelelevateai.routes set aside"))
                    .hasSize(7);
            assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR"));
        }
        assertThat(reason("unknown-participant")).isEqualTo("The chat is not valid, so it was not sent:"
                + " messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)."
                + " Fix the chat and submit it again.");
        assertThat(reason("empty")).contains("body is empty");
        assertThat(reason("timestamp-without-zone")).contains("messages[0].timestamp", "has no zone");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void aRefusedChatIsSetAsideAndForgottenSoThatItCanBeSentAgainOnceFixed() throws Exception {
        sandbox().failNext(1, 400);
        drop("refused.json", chat("Jordan"));
        start(Map.of());

        awaitInFolder(".error", 2);
        assertThat(reason("refused")).startsWith("ElevateAI refused the chat as a bad request: ElevateAI answered 400");

        drop("refused-again.json", chat("Jordan"));
        awaitInFolder(".done", 1);
        assertThat(sandbox().declaredCount()).as("the sandbox read the first request and declared nothing").isEqualTo(1);
    }

    @Test
    void aWrongTokenSetsTheChatAsideWithAdviceAndNeverPrintsTheToken() throws Exception {
        drop("chat.json", chat("Jordan"));
        start(Map.of("camel.component.elevateai.apiToken", "not-the-token"));

        awaitInFolder(".error", 2);
        assertThat(reason("chat")).contains("answered 401", "Check ELEVATEAI_API_TOKEN").doesNotContain("not-the-token");
    }

    @Test
    void aDeclareWithoutAnAnswerIsSetAsideAsUnknownAndNeverSentAgain() throws Exception {
        sandbox().dropNext(1);
        drop("lost.json", chat("Jordan"));
        start(Map.of());

        awaitInFolder(".error", 2);
        String reason = reason("lost");
        assertThat(reason).startsWith("The outcome is unknown:").contains("will not be sent again automatically");

        drop("lost-again.json", chat("Jordan"));
        awaitInFolder(".error", 4);
        assertThat(reason("lost-again")).startsWith("An earlier declare of this chat ended without a known outcome");
        assertThat(sandbox().requestCount()).as("the one request that got no answer").isEqualTo(1);

        // the reason says how to let the chat go again, once checked in ElevateAI: doing just that works
        Matcher release = Pattern.compile("stop the route and append the line (-\\w+) to (\\S+)\\.$").matcher(reason);
        assertThat(release.find()).as(reason).isTrue();
        runner.stop();
        Files.writeString(Path.of(release.group(2)), release.group(1) + "\n", StandardOpenOption.APPEND);
        start(Map.of());
        drop("lost-checked.json", chat("Jordan"));
        awaitInFolder(".done", 1);
        assertThat(sandbox().requestCount()).isEqualTo(2);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void aCopyTakenWhileItsTwinIsBeingDeclaredWaitsAndGetsTheResultOfTheOneDeclare() throws Exception {
        sandbox().latency(Duration.ofMillis(300));
        drop("copy-1.json", chat("Jordan"));
        drop("copy-2.json", chat("Jordan"));
        start(Map.of("elevateai.redeliveries", "10"));

        awaitInFolder(".done", 2);
        assertThat(sandbox().requestCount()).isEqualTo(1);
        JsonNode first = read(RouteFiles.result(work.resolve("outbox"), "copy-1"));
        JsonNode second = read(RouteFiles.result(work.resolve("outbox"), "copy-2"));
        assertThat(second.path("interactionIdentifier")).isEqualTo(first.path("interactionIdentifier"));
        assertThat(runner.outcomes().duplicateCount()).isEqualTo(1);
    }

    @Test
    void aCopyWhoseTwinIsRefusedWhileItWaitsIsSetAsideToo() throws Exception {
        // a long answer, so that the second copy surely finds the first one's declare running, even on a slow machine
        sandbox().latency(Duration.ofSeconds(1)).failNext(1, 400);
        drop("copy-1.json", chat("Jordan"));
        drop("copy-2.json", chat("Jordan"));
        start(Map.of("elevateai.redeliveries", "10"));

        awaitInFolder(".error", 4);
        assertThat(List.of(reason("copy-1"), reason("copy-2"))).anyMatch(reason -> reason.startsWith(
                "ElevateAI refused the chat as a bad request")).anyMatch(reason -> reason.startsWith(
                "An identical copy of this chat, taken at the same time, was set aside with nothing declared"));
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void noTwoChatsShareAResultAReasonOrAKeptFileWhateverTheirNames() throws Exception {
        Path outbox = work.resolve("outbox");
        drop("export.2024-03-11.json", chat("Jordan"));
        drop("export.2024-03-12.json", chat("Alex"));
        drop("broken.2024-03-11.json", "{\"participants\": []}");
        drop("broken.2024-03-12.json", "{\"messages\": []}");
        start(Map.of());
        awaitInFolder(".done", 2);
        awaitInFolder(".error", 4);
        assertThat(read(RouteFiles.result(outbox, "export.2024-03-11")).path("source").asText())
                .isEqualTo("export.2024-03-11.json");
        assertThat(read(RouteFiles.result(outbox, "export.2024-03-12")).path("source").asText())
                .isEqualTo("export.2024-03-12.json");
        assertThat(Files.readString(RouteFiles.reason(inbox().resolve(".error"), "broken.2024-03-11")))
                .contains("participants is empty");
        assertThat(Files.readString(RouteFiles.reason(inbox().resolve(".error"), "broken.2024-03-12")))
                .contains("participants is missing");

        // the same names again, for other chats: every earlier file stays
        drop("export.2024-03-11.json", chat("Sam"));
        drop("broken.2024-03-11.json", "{\"participants\": [], \"again\": true}");
        awaitInFolder(".done", 3);
        awaitInFolder(".error", 6);
        assertThat(RouteFiles.all(outbox, "export.2024-03-11", ".*\\.interaction\\.json")).hasSize(2)
                .extracting(file -> read(file).path("interactionIdentifier").asText()).doesNotHaveDuplicates();
        assertThat(RouteFiles.all(inbox().resolve(".done"), "export.2024-03-11", ".*\\.json")).hasSize(2);
        assertThat(RouteFiles.all(inbox().resolve(".error"), "broken.2024-03-11", ".*\\.error\\.txt")).hasSize(2);
        assertThat(RouteFiles.all(inbox().resolve(".error"), "broken.2024-03-11", "\\d{8}T\\d{9}\\.json"))
                .hasSize(2).anySatisfy(kept -> assertThat(Files.readString(kept)).contains("again"));
        assertThat(sandbox().declaredCount()).isEqualTo(3);
    }

    @Test
    void aChatDeclaredToTheEmbeddedSandboxIsStillDeclaredToTheApiOnceATokenIsSet() throws Exception {
        drop("tried.json", chat("Jordan"));
        // no token: the runner declares to its own embedded sandbox
        Map<String, String> noToken = RouteTestProperties.against(sandbox(), work);
        noToken.remove("camel.component.elevateai.apiToken");
        noToken.remove("camel.component.elevateai.baseUrl");
        noToken.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50"));
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/file-to-elevateai.yaml"), noToken);
        awaitInFolder(".done", 1);
        runner.stop();
        assertThat(read(RouteFiles.result(work.resolve("outbox"), "tried")).path("sandbox").asBoolean()).isTrue();
        assertThat(work.resolve("sandbox/declared-chats.txt")).exists();
        assertThat(sandbox().requestCount()).isZero();

        // the token set (here: the test's sandbox standing in for ElevateAI): the same chat is declared, for real
        drop("tried.json", chat("Jordan"));
        start(Map.of());
        awaitInFolder(".done", 2);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
        assertThat(RouteFiles.all(work.resolve("outbox"), "tried", ".*\\.interaction\\.json"))
                .extracting(file -> read(file).has("sandbox")).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aDeclareInFlightWhenTheRunnerStopsEndsWithItsAnswerAndResult() throws Exception {
        sandbox().latency(Duration.ofSeconds(2));
        drop("in-flight.json", chat("Jordan"));
        start(Map.of("camel.component.elevateai.requestTimeout", "50000"));
        assertThat(runner.main().getCamelContext().getShutdownStrategy().getTimeout())
                .as("covers a wait for a connection (10 s) and the request (50 s)").isEqualTo(70);
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requestCount() == 1);

        runner.stop();
        runner = null;
        assertThat(count(inbox().resolve(".done"))).isEqualTo(1);
        assertThat(read(RouteFiles.result(work.resolve("outbox"), "in-flight")).path("interactionIdentifier").asText())
                .isNotEmpty();
    }

    @Test
    void inputThatHoldsALineBreakCannotForgeALogLine() throws Exception {
        String forged = "declared forged.json as 00000000-0000-0000-0000-000000000000";
        drop("forging.json", chat("Jordan").replace("\"participant_id\": \"cust-1\", \"timestamp\"",
                "\"participant_id\": \"nobody\\n" + forged + "\", \"timestamp\""));
        drop("name\n" + forged + ".json", chat("Alex"));
        try (RouteLog log = new RouteLog()) {
            start(Map.of());
            awaitInFolder(".done", 1);
            awaitInFolder(".error", 2);
            assertThat(log.lines()).hasSize(2).noneMatch(line -> line.contains("\n") || line.contains("\r"))
                    .noneMatch(line -> line.startsWith("declared forged.json"))
                    .anyMatch(line -> line.startsWith("declared name\\n" + forged + ".json as "))
                    .anyMatch(line -> line.startsWith("set aside forging.json: ") && line.contains("'nobody\\n"));
        }
        assertThat(reason("forging")).doesNotContain("\n");
    }

    @Test
    void aChatWaitingForARedeliveryWhenTheRunnerStopsEndsReleasedAndIsDeclaredAfterARestart() throws Exception {
        sandbox().failNext(1, 503);
        drop("waiting.json", chat("Jordan"));
        start(Map.of("elevateai.redelivery.delay", "60000"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requestCount() == 1);

        long stopping = System.nanoTime();
        runner.stop();
        runner = null;
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("the wait ends with the stop")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(reason("waiting")).startsWith("The route stopped while the chat waited to be tried again")
                .contains("It was not declared");

        // released, not unknown: put back after a restart, it is declared
        Files.move(RouteFiles.kept(inbox().resolve(".error"), "waiting"), inbox().resolve("waiting.json"));
        start(Map.of());
        awaitInFolder(".done", 1);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
        assertThat(sandbox().requestCount()).isEqualTo(2);
    }

    @Test
    void aFailureThatMayHaveDeclaredIsNeverRedeliveredWhateverFailedBeforeIt() throws Exception {
        // 503 (nothing declared, redelivered), then an answer that never comes (the declare may have been taken)
        sandbox().failNext(1, 503).dropNext(1);
        drop("dropped.json", chat("Jordan"));
        start(Map.of("elevateai.redeliveries", "5"));

        awaitInFolder(".error", 2);
        assertThat(reason("dropped")).startsWith("The outcome is unknown:").contains("after 1 redeliveries");
        assertThat(sandbox().requestCount()).as("no request after the one that may have declared").isEqualTo(2);

        // the same with a 500, which may follow a declare
        sandbox().reset();
        sandbox().failNext(1, 503).failNext(1, 500);
        drop("failed.json", chat("Alex"));
        awaitInFolder(".error", 4);
        assertThat(reason("failed")).startsWith("The outcome is unknown:").contains("answered 500");
        assertThat(sandbox().requestCount()).isEqualTo(2);
        assertThat(sandbox().declaredCount()).isZero();
    }

    @Test
    void aRateLimitStormNeverPutsMoreRequestsInFlightThanTheRouteConcurrency() throws Exception {
        int chats = 24;
        sandbox().latency(Duration.ofMillis(50)).rateLimitNext(20, Duration.ZERO);
        for (int i = 0; i < chats; i++) {
            drop("storm-" + i + ".json", chat("customer " + i));
        }
        start(Map.of("elevateai.concurrency", "3", "elevateai.redeliveries", "20",
                "camel.component.elevateai.maxRetries", "3"));

        awaitInFolder(".done", chats);
        assertThat(sandbox().mostConcurrentRequests()).isLessThanOrEqualTo(3);
        assertThat(sandbox().requestCount()).isEqualTo(chats + 20);
        assertThat(sandbox().declaredCount()).isEqualTo(chats);
    }

    @Test
    void aRateLimitStormIsRedeliveredWhileTheFileWaitsUntilTheChatIsDeclaredOnce() throws Exception {
        sandbox().rateLimitNext(6, Duration.ZERO);
        drop("busy.json", chat("Jordan"));
        // the route's redelivery is the one retry layer: the component's own retries are off in the route, whatever
        // its option says, so 6 redeliveries give 6 refusals, then it passes
        start(Map.of("camel.component.elevateai.maxRetries", "3", "elevateai.redeliveries", "6"));

        awaitInFolder(".done", 1);
        assertThat(sandbox().requestCount()).isEqualTo(7);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
        assertThat(inbox().resolve(".error")).doesNotExist();
    }

    @Test
    void aTransientFailureThatOutlastsItsRedeliveriesIsSetAsideAndCanBeSentAgain() throws Exception {
        sandbox().failNext(3, 503);
        drop("unavailable.json", chat("Jordan"));
        start(Map.of("elevateai.redeliveries", "2"));

        awaitInFolder(".error", 2);
        assertThat(reason("unavailable")).startsWith("ElevateAI could not take the chat (after 2 redeliveries)")
                .contains("It was not declared; submit it again later.");
        assertThat(sandbox().requestCount()).isEqualTo(3);

        drop("unavailable-again.json", chat("Jordan"));
        awaitInFolder(".done", 1);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void aChatStillBeingWrittenInTheInboxIsTakenWholeOnceItsWriterStops() throws Exception {
        int messages = 12;
        start(Map.of("elevateai.file.min.age", "3000"));
        // written in place, a message every 100 ms, the way a careless producer writes: well within the minimum age
        CompletableFuture<Void> written = writeSlowly(inbox().resolve("slow.json"), chat("Jordan", messages));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(inbox().resolve(".done")) + count(inbox().resolve(".error")) >= 1);
        assertThat(written).isDone();
        assertThat(inbox().resolve(".error")).doesNotExist();
        String identifier = read(RouteFiles.result(work.resolve("outbox"), "slow")).path("interactionIdentifier")
                .asText();
        assertThat(sandbox().declared(identifier).path("chat").path("messages")).hasSize(messages);
    }

    @Test
    void chatsStillBeingWrittenDoNotHoldUpTheChatsThatAreReady() throws Exception {
        start(Map.of("elevateai.file.min.age", "2000"));
        List<Runnable> finishes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            finishes.add(keepWriting(inbox().resolve("slow-" + i + ".json"), chat("Slow " + i, 4)));
        }
        int ready = 10;
        for (int i = 0; i < ready; i++) {
            drop("ready-" + i + ".json", chat("customer " + i), Instant.now().minus(Duration.ofMinutes(1)));
        }

        // well under the 10 s that Camel's changed read lock would wait on each file still being written, in turn
        await("the ready chats declared while three others are still being written").atMost(Duration.ofSeconds(8))
                .until(() -> count(inbox().resolve(".done")) >= ready);
        assertThat(sandbox().declaredCount()).isEqualTo(ready);
        finishes.forEach(Runnable::run);
        awaitInFolder(".done", ready + 3);
        assertThat(inbox().resolve(".error")).doesNotExist();
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work);
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50"));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties);
    }

    private void declareInAFirstRun(String name, String content) throws Exception {
        drop(name, content);
        start(Map.of());
        awaitInFolder(".done", 1);
        runner.stop();
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private Path inbox() {
        return work.resolve("inbox");
    }

    private void drop(String name, String content) throws IOException {
        Inbox.drop(inbox(), name, content);
    }

    /** Appends the text in pieces, one every 100 ms, to a file that exists from the first piece on. */
    private CompletableFuture<Void> writeSlowly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        int pieces = 12;
        CompletableFuture<Void> written = new CompletableFuture<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writers.add(writer);
        AtomicInteger next = new AtomicInteger();
        writer.scheduleAtFixedRate(() -> {
            int piece = next.getAndIncrement();
            try {
                String part = text.substring(text.length() * piece / pieces, text.length() * (piece + 1) / pieces);
                Files.writeString(file, part, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                if (piece == pieces - 1) {
                    written.complete(null);
                }
            } catch (IOException | RuntimeException e) {
                written.completeExceptionally(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        written.whenComplete((done, failure) -> writer.shutdownNow());
        return written;
    }

    /**
     * Writes the chat in place up to its messages, then a space every 100 ms, so that the file never settles, until
     * the returned task writes the rest.
     */
    private Runnable keepWriting(Path file, String chat) throws IOException {
        int cut = chat.indexOf("\"messages\": [") + "\"messages\": [".length();
        Files.createDirectories(file.getParent());
        Files.writeString(file, chat.substring(0, cut), StandardCharsets.UTF_8);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writers.add(writer);
        writer.scheduleAtFixedRate(() -> append(file, " "), 100, 100, TimeUnit.MILLISECONDS);
        return () -> {
            writer.shutdown();
            try {
                assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            append(file, chat.substring(cut));
        };
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drop(String name, String content, Instant modified) throws IOException {
        Inbox.drop(inbox(), name, content, modified);
    }

    private void awaitInFolder(String folder, int files) throws IOException {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(inbox().resolve(folder)) >= files);
        assertThat(count(inbox().resolve(folder))).isEqualTo(files);
    }

    private String reason(String baseName) throws IOException {
        return Files.readString(RouteFiles.reason(inbox().resolve(".error"), baseName));
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A chat of that many messages, the customer and the agent in turn. */
    static String chat(String customer, int messages) {
        StringBuilder chat = new StringBuilder("{\"participants\": [{\"participant_id\": \"agent-1\","
                + " \"name\": \"Madison\", \"role\": \"agent\"}, {\"participant_id\": \"cust-1\","
                + " \"name\": \"" + customer + "\", \"role\": \"customer\"}], \"messages\": [");
        for (int m = 0; m < messages; m++) {
            chat.append(m == 0 ? "" : ", ").append("{\"participant_id\": \"").append(m % 2 == 0 ? "cust-1" : "agent-1")
                    .append("\", \"timestamp\": \"2024-03-11T09:02:").append(String.format(Locale.ROOT, "%02d", m))
                    .append("Z\", \"content\": \"Message ").append(m).append(" from ").append(customer).append("\"}");
        }
        return chat.append("]}").toString();
    }

    static String chat(String customer) {
        return "{\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\", \"role\": \"agent\"},"
               + " {\"participant_id\": \"cust-1\", \"name\": \"" + customer + "\", \"role\": \"customer\"}],"
               + " \"messages\": [{\"participant_id\": \"cust-1\", \"timestamp\": \"2024-03-11T09:02:11Z\","
               + " \"content\": \"Hello, this is " + customer + "\"}]}";
    }
}
