package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner jar with its default routes (declare and results) in a JVM of its own, killed with SIGKILL at seeded
 * points while chats wait for their analysis and analyses are being written, then started again: in the end every
 * declared chat has exactly one whole analysis file, and none was lost. Replay with {@code -Dcrash.seed=<seed>}.
 */
class ResultsCrashIT {

    private static final Path JAR = Path.of("target", "camel-elevateai-runner.jar");
    private static final String TOKEN = "results-crash-token";
    private static final int CHATS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private int runs;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killsWhileAnalysesAreWrittenLoseNoChatAndLeaveNoHalfFile() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String replay = "seed " + seed + " (-Dcrash.seed=" + seed + ")";
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(TOKEN, 0)) {
            sandbox.processingTime(Duration.ofSeconds(1));
            Files.createDirectories(inbox());
            for (int i = 0; i < CHATS; i++) {
                Files.writeString(inbox().resolve("chat-" + i + ".json"), chat(i), StandardCharsets.UTF_8);
            }
            List<String> story = new ArrayList<>();
            for (int kill = 0; kill < 3; kill++) {
                Process run = start(sandbox);
                long analysedBefore = count(".analysis.json");
                // a kill after a seeded number of further analyses (the first run: while chats are still declared)
                long target = Math.min(CHATS - 1, analysedBefore + 1 + random.nextInt(CHATS / 3));
                Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                        .until(() -> count(".analysis.json") >= target || !run.isAlive());
                run.destroyForcibly();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
                story.add("run " + runs + " killed at " + count(".analysis.json") + " analyses");
            }
            Process last = start(sandbox);
            Awaitility.await().atMost(Duration.ofMinutes(3))
                    .until(() -> inboxEmpty() && count(".analysis.json") == count(".interaction.json"));
            last.destroy();
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String as = replay + ", " + String.join("; ", story);
            // a chat in flight at a kill is set aside as an unknown outcome by the declaring route (its own proof)
            assertThat(count(".interaction.json")).as(as).isGreaterThanOrEqualTo(CHATS - 3 * 8);
            Set<String> analysed;
            try (Stream<Path> files = Files.list(outbox())) {
                analysed = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".analysis.json"))
                        .map(n -> read(outbox().resolve(n)).path("interactionIdentifier").asText())
                        .collect(Collectors.toSet());
            }
            Set<String> declared;
            try (Stream<Path> files = Files.list(outbox())) {
                declared = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".interaction.json"))
                        .map(n -> read(outbox().resolve(n)).path("interactionIdentifier").asText())
                        .collect(Collectors.toSet());
            }
            assertThat(analysed).as(as + ": every interaction file has its analysis").isEqualTo(declared);
            assertThat(sandbox.requestCount(SandboxCall.GET_AI_RESULTS)).as(as + ": results fetched again only"
                    + " for analyses a kill cut short").isLessThanOrEqualTo(declared.size() + 3 * 8);
            System.out.println("ResultsCrashIT: " + as + "; " + declared.size() + " declared, " + analysed.size()
                               + " analysed, 0 lost");
        }
    }

    private Process start(ElevateAiSandbox sandbox) throws IOException {
        assertThat(JAR).as("built by mvn package").exists();
        runs++;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ELEVATEAI_"));
        builder.environment().put("ELEVATEAI_API_TOKEN", TOKEN);
        builder.environment().put("ELEVATEAI_BASE_URL", sandbox.baseUrl());
        builder.environment().put("ELEVATEAI_WORK_DIR", work.toString());
        builder.environment().put("ELEVATEAI_FILE_MIN_AGE", "1");
        builder.environment().put("ELEVATEAI_FILE_POLL_DELAY", "50");
        builder.environment().put("ELEVATEAI_RESULTS_POLL_DELAY", "200");
        builder.environment().put("ELEVATEAI_RESULTS_STATUS_PER_SECOND", "1000");
        builder.directory(work.toFile());
        builder.redirectOutput(work.resolve("out-" + runs + ".txt").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private Path inbox() {
        return work.resolve("inbox");
    }

    private Path outbox() {
        return work.resolve("outbox");
    }

    private boolean inboxEmpty() throws IOException {
        try (Stream<Path> files = Files.list(inbox())) {
            return files.noneMatch(Files::isRegularFile);
        }
    }

    private long count(String suffix) throws IOException {
        if (!Files.isDirectory(outbox())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith("."))
                    .count();
        }
    }

    /** Every analysis and interaction file read whole: a half-written one fails here. */
    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not whole JSON: " + e.getMessage(), e);
        }
    }

    private static String chat(int n) {
        return "{\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\", \"role\": \"agent\"},"
               + " {\"participant_id\": \"cust-1\", \"name\": \"Customer " + n + "\", \"role\": \"customer\"}],"
               + " \"messages\": [{\"participant_id\": \"cust-1\", \"timestamp\": \"2024-03-11T09:02:11Z\","
               + " \"content\": \"Hello, this is customer " + n + "\"}]}";
    }
}
