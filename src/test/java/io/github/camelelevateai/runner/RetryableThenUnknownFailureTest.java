package io.github.camelelevateai.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.camelelevateai.component.LogCapture;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, defect 1, through the file route: a failure that may be retried (503, a refused connection) followed, on
 * the chat's redelivery, by one whose outcome is unknown (a declare whose answer is lost, a 500). The second failure
 * decides: the chat is set aside as maybe declared and never sent again, however the first one was retried.
 * {@link FaultSequenceTest} meets these sequences among many; here each one alone, every time.
 */
class RetryableThenUnknownFailureTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

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
    void a503ThenADeclareWhoseAnswerIsLostIsDeclaredOnceAndNeverSentAgain() throws Exception {
        sandbox().faultNext(Fault.status(503), Fault.declaredThenDropped());
        drop("chat.json");
        start(Map.of());

        awaitFinished("chat.json");
        assertThat(sandbox().requestCount()).as("the 503, then the declare whose answer was lost, then nothing")
                .isEqualTo(2);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
        assertThat(reasonBeside("chat.json")).containsIgnoringCase("may have been declared");
        assertThat(runner.outcomes().declaredCount()).isZero();
        assertThat(runner.outcomes().setAsideCount()).isEqualTo(1);
    }

    @Test
    void a503ThenA500IsSetAsideAsMaybeDeclaredAndNeverSentAgain() throws Exception {
        sandbox().faultNext(Fault.status(503), Fault.status(500));
        drop("chat.json");
        start(Map.of());

        awaitFinished("chat.json");
        assertThat(sandbox().requestCount()).as("a 500 may follow a declare: never retried").isEqualTo(2);
        assertThat(sandbox().declaredCount()).isZero();
        assertThat(reasonBeside("chat.json")).containsIgnoringCase("may have been declared");
        assertThat(runner.outcomes().setAsideCount()).isEqualTo(1);
    }

    /**
     * A refused connection cannot be scripted per request (it happens before any request), so the route first meets a
     * port where nothing listens, and the sandbox starts on that port once the route has been refused.
     */
    @Test
    void aRefusedConnectionThenADeclareWhoseAnswerIsLostIsDeclaredOnce() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        drop("chat.json");
        ElevateAiSandbox late = null;
        try (LogCapture logs = new LogCapture()) {
            // redelivered every 100 ms or so for a few seconds: refused until the sandbox is there
            start(Map.of("camel.component.elevateai.baseUrl", "http://127.0.0.1:" + port + "/v1",
                    "elevateai.redeliveries", "60", "elevateai.redelivery.max.delay", "100"));
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                    .anyMatch(line -> line.contains("Could not connect to ElevateAI")));
            late = ElevateAiSandbox.start(ElevateAiSandbox.DEFAULT_TOKEN, port);
            late.faultNext(Fault.declaredThenDropped());

            awaitFinished("chat.json");
            assertThat(late.requestCount()).as("the declare whose answer was lost, then nothing").isEqualTo(1);
            assertThat(late.declaredCount()).isEqualTo(1);
            assertThat(reasonBeside("chat.json")).containsIgnoringCase("may have been declared");
        } finally {
            runner.stop();
            runner = null;
            if (late != null) {
                late.close();
            }
        }
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work);
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50"));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties);
    }

    private void drop(String name) throws IOException {
        Inbox.drop(work.resolve("inbox"), name, FileRouteTest.chat("Jordan"));
    }

    /** Until the chat file has left the inbox, wherever it went. */
    private void awaitFinished(String name) {
        Path inbox = work.resolve("inbox");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(inbox.resolve(name))
                                                           && runner.outcomes() != null
                                                           && runner.outcomes().declaredCount()
                                                              + runner.outcomes().setAsideCount() == 1);
    }

    /**
     * The chat set aside: its reason is the file beside it whose name starts with the chat's base name (the reason
     * file's full name is not this test's business).
     */
    private String reasonBeside(String name) throws IOException {
        Path error = work.resolve("inbox/.error");
        String stem = name.substring(0, name.length() - ".json".length());
        assertThat(RouteFiles.kept(error, stem)).as("set aside").exists();
        return Files.readString(RouteFiles.reason(error, stem));
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
