package io.github.camelelevateai.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.component.LogCapture;
import io.github.camelelevateai.component.health.ApiProbe;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner with ELEVATEAI_MANAGEMENT_PORT: camel-main's management server on that port, scraped over loopback HTTP
 * while the very file route declares chats against the sandbox. /observe/health says UP with the right token and
 * DOWN, with the reason, with a wrong one; /observe/metrics has the component's and the routes' meters with their
 * counts, in Prometheus text; the token appears in neither, nor in the log.
 */
@Tag("camel-management")
class ManagementPortTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final String WRONG_TOKEN = "wrong-token-5e1d0c4b9a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path work;

    private ElevateAiRunner runner;
    private int port;

    @AfterEach
    void stopRunner() throws Exception {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void healthAndPrometheusMetricsCountTheChatsDeclaredTheDuplicateAndTheChatSetAside() throws Exception {
        String token = sandbox().apiToken();
        // the first declare is refused with a 429, then redelivered by the route
        sandbox().rateLimitNext(1, Duration.ZERO);
        drop("a.json", FileRouteTest.chat("Alex"));
        drop("b.json", FileRouteTest.chat("Blake"));
        drop("c.json", FileRouteTest.chat("Casey"));
        drop("bad-role.json", Files.readString(Path.of("examples", "broken", "bad-role.json")));
        try (LogCapture logs = new LogCapture()) {
            start(Map.of());
            awaitInFolder(".done", 3);
            awaitInFolder(".error", 2);
            drop("again.json", FileRouteTest.chat("Alex"));
            awaitInFolder(".done", 4);

            HttpResponse<String> health = get("/observe/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(health.body());
            assertThat(answer.path("status").asText()).isEqualTo("UP");
            assertThat(check(answer, "producer:elevateai-declareChat").path("message").asText().replace("\\/", "/"))
                    .isEqualTo("ElevateAI at " + sandbox().baseUrl() + " answers and accepts the API token");

            HttpResponse<String> metrics = get("/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("text/plain"));
            String text = metrics.body();
            assertThat(sample(text, "elevateai_chats_declared_total")).isEqualTo(3);
            assertThat(sample(text, "elevateai_chats_duplicates_total")).isEqualTo(1);
            assertThat(sample(text, "elevateai_chats_set_aside_total{reason=\"invalid\"}")).isEqualTo(1);
            assertThat(sample(text, "elevateai_api_requests_seconds_count{operation=\"declareChat\",status=\"201\"}"))
                    .isEqualTo(3);
            assertThat(sample(text, "elevateai_api_requests_seconds_count{operation=\"declareChat\",status=\"429\"}"))
                    .isEqualTo(1);
            assertThat(sample(text, "elevateai_chats_redeliveries_total{reason=\"rateLimited\"}")).isEqualTo(1);
            assertThat(sample(text, "elevateai_api_requests_in_flight")).isZero();
            assertThat(text).as("the health probe is not among the routes' requests")
                    .doesNotContain("operation=\"getStatus\"");
            // Camel's own meters are there too
            assertThat(text).contains("camel_exchanges_total");

            assertThat(health.body() + text).doesNotContain(token);
            assertThat(logsThatMustNotPrintTheToken(logs)).isNotEmpty().noneMatch(line -> line.contains(token));
        }
        assertThat(sandbox().declaredCount()).isEqualTo(3);
    }

    @Test
    void theResultsRouteCountsTheAnalysesAndTheirCallsAndEachProducerHasItsCheck() throws Exception {
        sandbox().processingTime(Duration.ofMillis(200));
        drop("a.json", FileRouteTest.chat("Alex"));
        drop("failing.json", FileRouteTest.chat("Blake " + ElevateAiSandbox.PROCESSING_FAILED_MARKER));
        start(ElevateAiRunner.DEFAULT_ROUTES, Map.of("elevateai.results.poll.delay", "200",
                "elevateai.results.status.per.second", "1000"));
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.analyses() != null
                && runner.analyses().analysedCount() == 1 && runner.analyses().setAsideCount() == 1);

        String text = get("/observe/metrics").body();
        assertThat(sample(text, "elevateai_analyses_analysed_total")).isEqualTo(1);
        assertThat(sample(text, "elevateai_analyses_set_aside_total{reason=\"processingFailed\"}")).isEqualTo(1);
        assertThat(sample(text, "elevateai_interactions_deleted_total")).isZero();
        assertThat(sample(text, "elevateai_api_requests_seconds_count{operation=\"getAiResults\",status=\"200\"}"))
                .isEqualTo(1);
        assertThat(sample(text, "elevateai_api_requests_seconds_count{operation=\"getSummary\",status=\"200\"}"))
                .isEqualTo(1);
        assertThat(sample(text, "elevateai_api_requests_seconds_count{operation=\"getStatus\",status=\"200\"}"))
                .isEqualTo(sandbox().requestCount(SandboxCall.GET_STATUS));

        JsonNode health = JSON.readTree(get("/observe/health").body());
        for (String operation : List.of("declareChat", "getStatus", "getAiResults", "getSummary")) {
            assertThat(check(health, "producer:elevateai-" + operation).path("status").asText()).isEqualTo("UP");
        }
        assertThat(sandbox().requests(SandboxCall.GET_STATUS)).as("the producers share one probe")
                .filteredOn(request -> ApiProbe.NO_SUCH_INTERACTION.equals(request.pathIdentifier())).hasSize(1);
    }

    @Test
    void healthIsDownWithAWrongTokenAndSaysWhyWithoutIt() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            start(Map.of("camel.component.elevateai.apiToken", WRONG_TOKEN));

            HttpResponse<String> health = get("/observe/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).doesNotContain(WRONG_TOKEN);
            JsonNode answer = JSON.readTree(health.body());
            assertThat(answer.path("status").asText()).isEqualTo("DOWN");
            JsonNode producer = check(answer, "producer:elevateai-declareChat");
            assertThat(producer.path("status").asText()).isEqualTo("DOWN");
            assertThat(producer.path("message").asText()).startsWith("ElevateAI refused the API token: check"
                    + " ELEVATEAI_API_TOKEN or the apiToken option (ElevateAI answered 401");
            assertThat(get("/observe/health/ready").statusCode()).isEqualTo(503);
            assertThat(get("/observe/health/live").statusCode()).as("a restart cures no token").isEqualTo(200);
            assertThat(get("/observe/metrics").body()).doesNotContain(WRONG_TOKEN);
            assertThat(logsThatMustNotPrintTheToken(logs)).isNotEmpty().noneMatch(line -> line.contains(WRONG_TOKEN));
        }
    }

    @Test
    void camelMainsOwnPropertiesServeTheSameWithoutTheVariable() throws Exception {
        port = freePort();
        runner = new ElevateAiRunner(System.out, Map.of());
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties(Map.of("camel.management.enabled", "true",
                "camel.management.port", String.valueOf(port), "camel.management.host", "127.0.0.1",
                "camel.management.healthCheckEnabled", "true", "camel.management.metricsEnabled", "true",
                "camel.metrics.enabled", "true")));
        drop("a.json", FileRouteTest.chat("Alex"));
        awaitInFolder(".done", 1);

        assertThat(check(JSON.readTree(get("/observe/health").body()), "producer:elevateai-declareChat")
                .path("status").asText()).isEqualTo("UP");
        assertThat(sample(get("/observe/metrics").body(), "elevateai_chats_declared_total")).isEqualTo(1);
    }

    @Test
    void camelMainsPropertiesWinOverTheVariable() throws Exception {
        int asked = freePort();
        port = freePort();
        runner = new ElevateAiRunner(System.out, Map.of(ManagementEnvironment.PORT_VARIABLE, String.valueOf(asked)));
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties(Map.of(
                "camel.management.port", String.valueOf(port), "camel.management.host", "127.0.0.1")));

        assertThat(get("/observe/health").statusCode()).isIn(200, 503);
        int served = port;
        port = asked;
        assertThat(reachable()).isFalse();
        port = served;
    }

    @Test
    void withoutTheVariableThereIsNoManagementServer() throws Exception {
        port = freePort();
        runner = new ElevateAiRunner(System.out, Map.of());
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties(Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> runner.main().getCamelContext().isStarted());
        assertThat(reachable()).isFalse();
    }

    @Test
    void aPortThatIsNoNumberIsRefused() {
        runner = null;
        ElevateAiRunner refusing = new ElevateAiRunner(System.out,
                Map.of(ManagementEnvironment.PORT_VARIABLE, "eighty"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refusing.start(
                List.of("routes/file-to-elevateai.yaml"), properties(Map.of())))
                .hasMessageContaining("ELEVATEAI_MANAGEMENT_PORT is 'eighty', not a port number");
    }

    private void start(Map<String, String> overrides) throws Exception {
        start(List.of("routes/file-to-elevateai.yaml"), overrides);
    }

    private void start(List<String> routes, Map<String, String> overrides) throws Exception {
        port = freePort();
        runner = new ElevateAiRunner(System.out, Map.of(ManagementEnvironment.PORT_VARIABLE, String.valueOf(port),
                ManagementEnvironment.HOST_VARIABLE, "127.0.0.1"));
        runner.start(routes, properties(overrides));
    }

    private Map<String, String> properties(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(RouteTestProperties.against(sandbox(), work));
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50",
                // every check in the answer, UP ones too (Camel's default lists only those DOWN)
                "camel.health.exposureLevel", "full"));
        properties.putAll(overrides);
        return properties;
    }

    /**
     * Every line at INFO and above, and every line at any level from this project, Camel's health checks, its
     * management server and its metrics. (The test gives the token as the apiToken option, which Camel's own DEBUG
     * loggers of property values print, as the component warns at start; the environment variable never passes
     * there.)
     */
    private static List<String> logsThatMustNotPrintTheToken(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.startsWith("INFO ") || line.startsWith("WARN ")
                || line.startsWith("ERROR ") || line.matches("(?s)\\w+ (io\\.github\\.camelelevateai|org\\.apache\\.camel\\.impl\\.health"
                        + "|org\\.apache\\.camel\\.component\\.platform\\.http|org\\.apache\\.camel\\.component\\.micrometer)"
                        + "[. ].*")).toList();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private boolean reachable() {
        try {
            get("/observe/health");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The value of one sample line of Prometheus text, by its name and labels as written. */
    private static double sample(String text, String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + text));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private void drop(String name, String content) throws IOException {
        Inbox.drop(work.resolve("inbox"), name, content);
    }

    private void awaitInFolder(String folder, int files) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(work.resolve("inbox").resolve(folder)) == files);
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).count();
        }
    }
}
