package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The main job as README runs it: {@code java -jar target/camel-elevateai-runner.jar}, in a JVM of its own. */
class RunnerJarIT {

    private static final Path JAR = Path.of("target", "camel-elevateai-runner.jar");

    @TempDir
    Path work;

    @Test
    void withoutATokenDeclaresTheExamplesAgainstTheEmbeddedSandbox() throws Exception {
        Run run = runJar(Map.of(), List.of(), "examples");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("No ELEVATEAI_API_TOKEN set: declaring against the embedded ElevateAI sandbox");
        assertThat(run.out).contains("5 declared, 7 set aside, of 12 chat files");
        assertThat(run.out).containsPattern("declared   chats.en-us-billing-question.json as [0-9a-f-]{36}");
        assertThat(run.out).contains("set aside  broken" + java.io.File.separator
                + "unknown-participant.json: messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)");
    }

    @Test
    void withATokenInTheEnvironmentItNeverLogsItEvenAtTrace() throws Exception {
        String token = "env-secret-" + UUID.randomUUID();
        Path log = work.resolve("trace.log");
        Path logConfiguration = work.resolve("log4j2-trace.properties");
        Files.writeString(logConfiguration, String.join("\n",
                "appender.file.type = File", "appender.file.name = file", "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %-5level %c - %msg%n%throwable",
                "rootLogger.level = TRACE", "rootLogger.appenderRef.file.ref = file", ""));
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0)) {
            Run run = runJar(Map.of("ELEVATEAI_API_TOKEN", token, "ELEVATEAI_BASE_URL", sandbox.baseUrl()),
                    List.of("-Dlog4j2.configurationFile=" + logConfiguration), "examples");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("Declaring against " + sandbox.baseUrl() + " with the token from ELEVATEAI_API_TOKEN");
            assertThat(run.out).contains("5 declared, 7 set aside");
            assertThat(sandbox.declaredCount()).isEqualTo(5);
            assertThat(sandbox.requests()).allSatisfy(request -> assertThat(request.header("X-API-Token")).isEqualTo(token));
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).as("the run logged at TRACE").hasSizeGreaterThan(500).anyMatch(line -> line.startsWith("TRACE"));
            assertThat(lines).noneMatch(line -> line.contains(token));
            assertThat(run.out).doesNotContain(token);
        }
    }

    @Test
    void aWrongTokenSetsEveryChatAsideWithTheApisReason() throws Exception {
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start("the-right-one", 0)) {
            Run run = runJar(Map.of("ELEVATEAI_API_TOKEN", "a-wrong-one", "ELEVATEAI_BASE_URL", sandbox.baseUrl()),
                    List.of(), "examples/chats");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("0 declared, 5 set aside")
                    .contains("answered 401 to POST /v1/interactions: A valid X-API-Token header is required.")
                    .doesNotContain("a-wrong-one");
        }
    }

    private record Run(int exitCode, String out) {
    }

    private Run runJar(Map<String, String> environment, List<String> jvmOptions, String folder)
            throws IOException, InterruptedException {
        assertThat(JAR).as("built by mvn package").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), folder));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("ELEVATEAI_API_TOKEN");
        builder.environment().remove("ELEVATEAI_BASE_URL");
        builder.environment().putAll(environment);
        Path output = work.resolve("out-" + UUID.randomUUID() + ".txt");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the runner did not finish within 120 s: " + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
