package io.github.camelelevateai.packaging;

import io.github.camelelevateai.runner.RouteFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job as README runs it: {@code java -jar target/camel-elevateai-runner.jar}, in a JVM of its own, running
 * the file route on a copy of examples/ until it gets SIGTERM.
 */
class RunnerJarIT {

    private static final Path JAR = Path.of("target", "camel-elevateai-runner.jar");
    private static final int CHATS = 5;
    private static final int BROKEN = 7;

    @TempDir
    Path work;

    /** Where the runner runs: this project's folder unless a test says otherwise. */
    private Path workingFolder;

    @Test
    void withoutATokenDeclaresAndAnalysesTheExamplesAgainstTheEmbeddedSandboxAndStopsCleanlyOnSigterm() throws Exception {
        // the default routes: the file route, and the results route that brings each chat's analysis back
        Run run = runJar(Map.of(), List.of(), () -> countFiles(work.resolve("outbox"), ".analysis.json") == CHATS);

        assertThat(run.exitCode).as("SIGTERM is a clean stop").isZero();
        assertThat(run.out).contains("No ELEVATEAI_API_TOKEN set: declaring against the embedded ElevateAI sandbox")
                .containsPattern("declared en-us-billing-question.json as [0-9a-f-]{36}")
                .contains("set aside unknown-participant.json: The chat is not valid, so it was not sent:"
                          + " messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)")
                .containsPattern("analysed en-us-billing-question.json \\([0-9a-f-]{36}\\)")
                .contains("Stopped: 5 declared, 0 already declared, 7 set aside, 5 analysed, 0 analyses set aside.");
        assertThat(Files.readString(RouteFiles.reason(inbox().resolve(".error"), "unknown-participant")))
                .contains("'bot-7' is not a participant");
        assertThat(RouteFiles.kept(inbox().resolve(".done"), "en-us-billing-question")).exists();
        assertThat(RouteFiles.result(work.resolve("outbox"), "en-us-billing-question")).exists();
        String stem = RouteFiles.result(work.resolve("outbox"), "en-us-billing-question").getFileName().toString()
                .replace(".interaction.json", "");
        assertThat(Files.readString(work.resolve("outbox").resolve(stem + ".analysis.json")))
                .contains("\"status\":\"processed\"", "\"aiResults\"", "\"summary\"");
    }

    @Test
    void withATokenInTheEnvironmentItNeverLogsItEvenAtTrace() throws Exception {
        String token = "env-secret-" + UUID.randomUUID();
        Path log = work.resolve("trace.log");
        Path logConfiguration = traceLogConfiguration(log);
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0)) {
            Run run = runJar(Map.of("ELEVATEAI_API_TOKEN", token, "ELEVATEAI_BASE_URL", sandbox.baseUrl()),
                    List.of("-Dlog4j2.configurationFile=" + logConfiguration));

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("Declaring against " + sandbox.baseUrl() + " with the token from ELEVATEAI_API_TOKEN");
            assertThat(sandbox.declaredCount()).isEqualTo(CHATS);
            assertThat(sandbox.requests()).allSatisfy(request -> assertThat(request.header("X-API-Token")).isEqualTo(token));
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).as("the run logged at TRACE").hasSizeGreaterThan(500).anyMatch(line -> line.startsWith("TRACE"));
            assertThat(lines).noneMatch(line -> line.contains(token))
                    .as("a token from the environment never reaches Camel, so there is nothing to warn of")
                    .noneMatch(line -> line.contains("given as the apiToken option"));
            assertThat(run.out).doesNotContain(token);
        }
    }

    /**
     * ELEVATEAI_MANAGEMENT_PORT: health and Prometheus metrics on camel-main's management server, scraped while the
     * runner works, with the token from the environment: in neither answer, nor anywhere in a log at TRACE.
     */
    @Tag("camel-management")
    @Test
    void withAManagementPortItServesHealthAndPrometheusMetricsWithoutTheToken() throws Exception {
        String token = "env-secret-" + UUID.randomUUID();
        Path log = work.resolve("trace.log");
        Path logConfiguration = traceLogConfiguration(log);
        int port = freePort();
        String[] scraped = new String[2];
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0)) {
            Run run = runJar(Map.of("ELEVATEAI_API_TOKEN", token, "ELEVATEAI_BASE_URL", sandbox.baseUrl(),
                    "ELEVATEAI_MANAGEMENT_PORT", String.valueOf(port), "ELEVATEAI_MANAGEMENT_HOST", "127.0.0.1"),
                    List.of("-Dlog4j2.configurationFile=" + logConfiguration), () -> {
                        scraped[0] = get(port, "/observe/health/ready");
                        scraped[1] = get(port, "/observe/metrics");
                        return scraped[1].contains("elevateai_chats_declared_total " + CHATS + ".0");
                    });

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("Health at http://127.0.0.1:" + port + "/observe/health, Prometheus metrics"
                    + " at http://127.0.0.1:" + port + "/observe/metrics.");
            assertThat(scraped[0]).contains("\"status\":\"UP\"");
            assertThat(scraped[1]).contains("elevateai_chats_set_aside_total{reason=\"invalid\"}",
                    "elevateai_api_requests_seconds_count{operation=\"declareChat\",status=\"201\"} " + CHATS,
                    "elevateai_api_requests_in_flight", "camel_exchanges_total");
            assertThat(scraped[0] + scraped[1]).doesNotContain(token);
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).as("the run logged at TRACE").hasSizeGreaterThan(500)
                    .anyMatch(line -> line.contains("producer:elevateai-declareChat") || line.contains("/observe/"))
                    .noneMatch(line -> line.contains(token));
            assertThat(run.out).doesNotContain(token);
        }
    }

    /** The user's application.properties wins over the variable, as it does over every ELEVATEAI_ variable. */
    @Tag("camel-management")
    @Test
    void aManagementPortInApplicationPropertiesWinsOverTheVariable() throws Exception {
        int asked = freePort();
        int configured = freePort();
        Files.writeString(work.resolve("application.properties"), String.join("\n",
                "camel.management.port = " + configured, "camel.management.host = 127.0.0.1", ""));
        workingFolder = work;
        String[] health = new String[1];
        Run run = runJar(Map.of("ELEVATEAI_MANAGEMENT_PORT", String.valueOf(asked)), List.of(), () -> {
            health[0] = get(configured, "/observe/health");
            return health[0].contains("\"status\":\"UP\"");
        });

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Health at http://127.0.0.1:" + configured + "/observe/health");
        assertThat(health[0]).contains("\"status\":\"UP\"");
    }

    @Test
    void aTokenInTheWorkingFoldersApplicationPropertiesIsUsedInsteadOfTheSandbox() throws Exception {
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start("token-from-a-file", 0)) {
            // the way a vault function would give it, through the apiToken option, with no ELEVATEAI_API_TOKEN
            Files.writeString(work.resolve("application.properties"), String.join("\n",
                    "camel.component.elevateai.apiToken = token-from-a-file",
                    "camel.component.elevateai.baseUrl = " + sandbox.baseUrl(), ""));
            workingFolder = work;
            Run run = runJar(Map.of(), List.of());

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("Declaring against " + sandbox.baseUrl() + " with the token from the apiToken"
                    + " option").doesNotContain("embedded ElevateAI sandbox");
            assertThat(sandbox.declaredCount()).isEqualTo(CHATS);
        }
    }

    @Test
    void aWrongTokenSetsEveryChatAsideWithTheApisReason() throws Exception {
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start("the-right-one", 0)) {
            Run run = runJar(Map.of("ELEVATEAI_API_TOKEN", "a-wrong-one", "ELEVATEAI_BASE_URL", sandbox.baseUrl()),
                    List.of());

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("Stopped: 0 declared, 0 already declared, 12 set aside, 0 analysed, 0 analyses"
                    + " set aside.")
                    .contains("answered 401 to POST /v1/interactions: A valid X-API-Token header is required.")
                    .contains("Check ELEVATEAI_API_TOKEN")
                    .doesNotContain("a-wrong-one");
        }
    }

    /** Camel's own way of setting a component option from the environment wins over the properties files. */
    @Test
    void aComponentOptionFromTheEnvironmentIsAppliedOrRefusedNeverIgnored() throws Exception {
        Process bogus = start(Map.of("CAMEL_COMPONENT_ELEVATEAI_LANGUAGETAG", "xx-bogus"), List.of(), List.of());
        assertThat(bogus.waitFor(60, TimeUnit.SECONDS)).as("the runner exits by itself").isTrue();
        assertThat(bogus.exitValue()).isEqualTo(2);
        assertThat(Files.readString(work.resolve("out.txt"))).contains("languageTag 'xx-bogus'");

        Process unknown = start(Map.of("CAMEL_COMPONENT_ELEVATEAI_LANGUAGE", "en"), List.of(), List.of());
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).as("the runner exits by itself").isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(Files.readString(work.resolve("out.txt")))
                .contains("CAMEL_COMPONENT_ELEVATEAI_LANGUAGE names no option of the elevateai component");
    }

    /**
     * camel-main's own settings reach the runner as in any camel-main application: CAMEL_MAIN_* variables replace the
     * runner's defaults (its shutdown timeout and its routes), and one that names no setting stops it.
     */
    @Test
    void camelMainSettingsFromTheEnvironmentReplaceTheRunnersDefaultsOrAreRefused() throws Exception {
        Path logConfiguration = work.resolve("log4j2-shutdown.properties");
        Files.writeString(logConfiguration, String.join("\n",
                "appender.console.type = Console", "appender.console.name = console",
                "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %msg%n",
                "rootLogger.level = WARN", "rootLogger.appenderRef.console.ref = console",
                "logger.context.name = org.apache.camel.impl.engine.AbstractCamelContext",
                "logger.context.level = INFO"));
        String declareOnly = "classpath:elevateai-routes/elevateai-declare.yaml";
        Process process = start(Map.of("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "7", "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN",
                declareOnly), List.of("-Dlog4j2.configurationFile=" + logConfiguration), List.of());
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> Files.readString(work.resolve("out.txt")).contains("Apache Camel"));
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runner stops on SIGTERM").isTrue();
        String out = Files.readString(work.resolve("out.txt"));
        assertThat(out).contains("Routes: " + declareOnly + "\n").contains("(timeout:7s")
                .contains("Started elevateai-declare ").doesNotContain("Started file-to-elevateai");

        Process unknown = start(Map.of("CAMEL_MAIN_NOSUCHSETTING", "1"), List.of(), List.of());
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).as("the runner exits by itself").isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(Files.readString(work.resolve("out.txt"))).containsIgnoringCase("nosuchsetting");
    }

    /** A route of the user's own that declares through the jar's Kamelet runs in the runner as it is. */
    @Tag("camel-kamelet")
    @Test
    void aRouteThroughTheDeclareChatSinkKameletRunsInTheRunner() throws Exception {
        Path route = work.resolve("kamelet-route.yaml");
        Files.writeString(route, String.join("\n",
                "- route:",
                "    id: through-the-kamelet",
                "    from:",
                "      uri: file:{{env:ELEVATEAI_WORK_DIR}}/kamelet-inbox",
                "      steps:",
                "        - to: kamelet:elevateai-declare-chat-sink",
                "        - to: file:{{env:ELEVATEAI_WORK_DIR}}/kamelet-outbox"));
        Files.createDirectories(work.resolve("kamelet-inbox"));
        Files.copy(Path.of("examples/chats/en-us-billing-question.json"),
                work.resolve("kamelet-inbox").resolve("chat.json"));
        Process process = start(Map.of(), List.of(), List.of(route.toString()));
        Path declared = work.resolve("kamelet-outbox").resolve("chat.json");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(declared) || !process.isAlive());
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runner stops on SIGTERM").isTrue();
        assertThat(declared).as(Files.readString(work.resolve("out.txt"))).exists();
        assertThat(Files.readString(declared)).matches("[0-9a-f-]{36}");
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void aRouteFileThatDoesNotExistEndsTheRunnerWithAnError() throws Exception {
        Process process = start(Map.of(), List.of(), List.of("routes/no-such-route.yaml"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runner exits by itself").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
    }

    /** A log4j2 configuration that writes every logger at TRACE into {@code log}. */
    private Path traceLogConfiguration(Path log) throws IOException {
        Path configuration = work.resolve("log4j2-trace.properties");
        Files.writeString(configuration, String.join("\n",
                "appender.file.type = File", "appender.file.name = file", "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %-5level %c - %msg%n%throwable",
                "rootLogger.level = TRACE", "rootLogger.appenderRef.file.ref = file", ""));
        return configuration;
    }

    private Path inbox() {
        return work.resolve("inbox");
    }

    private record Run(int exitCode, String out) {
    }

    /** Copies the examples into a fresh inbox, runs until every chat file has left it, then sends SIGTERM. */
    private Run runJar(Map<String, String> environment, List<String> jvmOptions) throws Exception {
        return runJar(environment, jvmOptions, () -> true);
    }

    /** The same, and runs on until {@code also} holds too. */
    private Run runJar(Map<String, String> environment, List<String> jvmOptions, Callable<Boolean> also)
            throws Exception {
        Files.createDirectories(inbox());
        for (String folder : List.of("examples/chats", "examples/broken")) {
            try (var files = Files.list(Path.of(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, inbox().resolve(file.getFileName()));
                }
            }
        }
        Process process = start(environment, jvmOptions, List.of());
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> countFiles(inbox().resolve(".done")) + countFiles(inbox().resolve(".error")) / 2
                             == CHATS + BROKEN && also.call());
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the runner did not stop within 60 s of SIGTERM");
        }
        return new Run(process.exitValue(), Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8));
    }

    private Process start(Map<String, String> environment, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        assertThat(JAR).as("built by mvn package").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ELEVATEAI_"));
        builder.environment().put("ELEVATEAI_WORK_DIR", work.toString());
        builder.environment().put("ELEVATEAI_FILE_MIN_AGE", "1");
        builder.environment().putAll(environment);
        if (workingFolder != null) {
            builder.directory(workingFolder.toFile());
        }
        builder.redirectOutput(work.resolve("out.txt").toFile());
        return builder.start();
    }

    /** The answer's body, or "" while nothing answers there. */
    private static String get(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long countFiles(Path folder) throws IOException {
        return countFiles(folder, "");
    }

    private static long countFiles(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
