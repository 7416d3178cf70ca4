package io.github.camelelevateai.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelelevateai.runner.RouteFiles.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/file-results.yaml and routes/elevateai-results.yaml, the very files, run by the runner beside the file route
 * as it runs them by default, against the lifecycle sandbox, on real folders: from a chat file to its analysis file.
 */
class FileResultsRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ElevateAiRunner runner;

    @AfterEach
    void stopRunner() throws Exception {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void everyDeclaredChatGetsOneAnalysisAndAFailedOneIsSetAsideWithTheApisReason() throws Exception {
        sandbox().processingTime(Duration.ofMillis(300));
        int chats = 300;
        for (int i = 0; i < chats; i++) {
            String customer = i % 50 == 7 ? "failing " + i + " " + ElevateAiSandbox.PROCESSING_FAILED_MARKER
                    : "customer " + i;
            drop("chat-" + i + ".json", FileRouteTest.chat(customer));
        }
        start(Map.of());

        int failing = 6;
        await().atMost(Duration.ofMinutes(2)).until(() -> count(outbox(), ".analysis.json") == chats - failing
                && count(outbox().resolve(".error"), ".analysis.txt") == failing);
        try (Stream<Path> files = Files.list(outbox())) {
            List<JsonNode> analyses = files.filter(f -> f.getFileName().toString().endsWith(".analysis.json"))
                    .map(FileResultsRouteTest::read).toList();
            Set<String> identifiers = analyses.stream().map(a -> a.path("interactionIdentifier").asText())
                    .collect(Collectors.toSet());
            assertThat(identifiers).hasSize(chats - failing);
            for (JsonNode analysis : analyses) {
                assertThat(analysis.path("source").asText()).matches("chat-\\d+\\.json");
                assertThat(analysis.path("status").asText()).isEqualTo("processed");
                assertThat(analysis.path("aiResults").path("allParticipants").path("enlightenBundles").isArray())
                        .isTrue();
                assertThat(analysis.path("summary").asText()).isNotBlank();
                assertThat(analysis.path("analysedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            }
        }
        // each analysis fetched once: results and summary once a chat
        assertThat(sandbox().requestCount(SandboxCall.GET_AI_RESULTS)).isEqualTo(chats - failing);
        assertThat(sandbox().requestCount(SandboxCall.GET_SUMMARY)).isEqualTo(chats - failing);
        String reason = Files.readString(outbox().resolve(".error").resolve(stemOf("chat-7") + ".analysis.txt"));
        assertThat(reason).contains("processingFailed", ElevateAiSandbox.PROCESSING_FAILED_MARKER);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.analyses().analysedCount() == chats - failing);
        assertThat(runner.analyses().summary()).isEqualTo((chats - failing) + " analysed, " + failing
                + " analyses set aside");
        assertThat(sandbox().requestCount(SandboxCall.DELETE)).as("nothing deleted by default").isZero();
    }

    @Test
    void aRestartHalfwayLosesNoWaitingChat() throws Exception {
        sandbox().processingTime(Duration.ofSeconds(2));
        int chats = 60;
        for (int i = 0; i < chats; i++) {
            drop("chat-" + i + ".json", FileRouteTest.chat("customer " + i));
        }
        start(Map.of());
        await().atMost(Duration.ofMinutes(1)).until(() -> count(outbox(), ".interaction.json") == chats);
        runner.stop();
        runner = null;
        long analysedBefore = count(outbox(), ".analysis.json");

        start(Map.of());

        await().atMost(Duration.ofMinutes(2)).until(() -> count(outbox(), ".analysis.json") == chats);
        assertThat(analysedBefore).as("the stop came before every chat was analysed").isLessThan(chats);
        assertThat(sandbox().declaredCount()).isEqualTo(chats);
        assertThat(outbox().resolve(".error")).doesNotExist();
    }

    @Test
    void aChatUnfinishedPastTheDeadlineIsSetAsideWithTheStatusLastSeen() throws Exception {
        sandbox().processingTime(Duration.ofHours(1));
        drop("slow.json", FileRouteTest.chat("Jordan"));
        start(Map.of("elevateai.results.deadline", "1500"));

        await().atMost(Duration.ofSeconds(60)).until(() -> count(outbox().resolve(".error"), ".analysis.txt") == 1);
        String reason = Files.readString(outbox().resolve(".error").resolve(stemOf("slow") + ".analysis.txt"));
        assertThat(reason).contains("is still", "elevateai.results.deadline");
        assertThat(count(outbox(), ".analysis.json")).isZero();
    }

    @Test
    void withDeleteAfterAnalysisTheInteractionIsGoneOnceItsAnalysisIsWrittenAndAFailedDeleteIsKeptBesideIt()
            throws Exception {
        sandbox().processingTime(Duration.ZERO);
        drop("kept.json", FileRouteTest.chat("Jordan"));
        drop("forgotten.json", FileRouteTest.chat("Alex"));
        sandbox().faultNext(SandboxCall.DELETE, Fault.status(500));
        start(Map.of("elevateai.delete.after.analysis", "true", "elevateai.results.concurrency", "1"));

        // the route deletes after it writes the analysis file: the delete answered 200 is done once it is counted
        await().atMost(Duration.ofSeconds(60)).until(() -> count(outbox(), ".analysis.json") == 2
                && count(outbox().resolve(".error"), ".delete.txt") == 1 && runner.analyses().deletedCount() == 1);
        assertThat(sandbox().requestCount(SandboxCall.DELETE)).isEqualTo(2);
        long deleted = sandbox().requests(SandboxCall.DELETE).stream()
                .filter(request -> sandbox().deleted(request.pathIdentifier())).count();
        assertThat(deleted).as("the delete that was answered 200").isEqualTo(1);
        try (Stream<Path> reasons = Files.list(outbox().resolve(".error"))) {
            String reason = Files.readString(reasons.filter(f -> f.toString().endsWith(".delete.txt")).findFirst()
                    .orElseThrow());
            assertThat(reason).contains("was delivered", "answered 500", "still stored there", "DELETE /interactions/");
        }
        // and without the option nothing is deleted: see everyDeclaredChatGetsOneAnalysis... (no DELETE request)
    }

    /**
     * Camel's file consumer applies the route's filter before it marks a file in progress, so a poll can see an
     * interaction file still waiting and take it just after its analysis is written. The window is too short to hit
     * on purpose: the file is handed to the route as its consumer hands it.
     */
    @Test
    void anInteractionFileTakenAgainOnceItsAnalysisIsWrittenIsLeftAsItIs() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        drop("once.json", FileRouteTest.chat("Jordan"));
        start(Map.of("elevateai.delete.after.analysis", "true"));
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.analyses().deletedCount() == 1);
        Path interaction = RouteFiles.result(outbox(), "once");
        Path analysis = outbox().resolve(stemOf("once") + ".analysis.json");
        String written = Files.readString(analysis);
        int requests = sandbox().requestCount();

        CamelContext context = runner.main().getCamelContext();
        Exchange again = new DefaultExchange(context);
        again.getMessage().setBody(interaction.toFile());
        again.getMessage().setHeader(FileConstants.FILE_NAME_ONLY, interaction.getFileName().toString());
        again.getMessage().setHeader(FileConstants.FILE_ABSOLUTE_PATH, interaction.toAbsolutePath().toString());
        context.getRoute("file-results").getProcessor().process(again);

        assertThat(again.getException()).isNull();
        assertThat(sandbox().requestCount()).as("no request for an interaction analysed and deleted").isEqualTo(requests);
        assertThat(Files.readString(analysis)).isEqualTo(written);
        assertThat(outbox().resolve(".error")).doesNotExist();
        assertThat(runner.analyses().analysedCount()).isOne();
    }

    @Test
    void statusRequestsOfAllChatsTogetherStayWithinTheirBoundPerSecond() throws Exception {
        sandbox().processingTime(Duration.ZERO);
        int chats = 12;
        for (int i = 0; i < chats; i++) {
            drop("chat-" + i + ".json", FileRouteTest.chat("customer " + i));
        }
        // when the route sends each status request, as the throttle lets it through: timed at the sandbox instead, a
        // busy machine that holds one request up on its way brings it closer to the next (633 ms under load)
        List<Long> sent = new CopyOnWriteArrayList<>();
        start(Map.of("elevateai.results.status.per.second", "3"), context -> context.getManagementStrategy()
                .addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (event instanceof ExchangeSendingEvent sending
                            && sending.getEndpoint().getEndpointUri().startsWith("elevateai://getStatus")) {
                            sent.add(System.nanoTime());
                        }
                    }
                }));

        await().atMost(Duration.ofSeconds(60)).until(() -> count(outbox(), ".analysis.json") == chats);
        List<Long> times = sent.stream().sorted().toList();
        assertThat(times).hasSizeGreaterThanOrEqualTo(chats);
        for (int i = 3; i < times.size(); i++) {
            // a fourth request within the same second as three before it would break the bound (900 ms: the thread
            // that took a permit may be held up a moment before it sends)
            assertThat(Duration.ofNanos(times.get(i) - times.get(i - 3))).as("requests %d to %d", i - 2, i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    private void start(Map<String, String> overrides) throws Exception {
        start(overrides, context -> { });
    }

    /** @param beforeRoutesStart given the runner's context once configured, before its routes start */
    private void start(Map<String, String> overrides, Consumer<CamelContext> beforeRoutesStart) throws Exception {
        Map<String, String> properties = new HashMap<>(RouteTestProperties.against(sandbox(), work));
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50",
                "elevateai.results.poll.delay", "200", "elevateai.results.status.per.second", "1000",
                "elevateai.results.concurrency", "8"));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.main().addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                beforeRoutesStart.accept(configured.getCamelContext());
            }
        });
        runner.start(ElevateAiRunner.DEFAULT_ROUTES, properties);
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private Path outbox() {
        return work.resolve("outbox");
    }

    /** The interaction file's name without .interaction.json, for the chat file of this base name. */
    private String stemOf(String baseName) throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            String name = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(baseName + ".") && n.endsWith(".interaction.json"))
                    .findFirst().orElseThrow();
            return name.substring(0, name.length() - ".interaction.json".length());
        }
    }

    private void drop(String name, String content) throws IOException {
        Inbox.drop(work.resolve("inbox"), name, content);
    }


    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
