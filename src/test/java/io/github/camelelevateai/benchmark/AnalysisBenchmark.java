package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.camelelevateai.runner.RunnerForBenchmarks;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.util.FileUtil;
import org.awaitility.Awaitility;

/**
 * Declared and analysed: the runner's default routes (routes/file-to-elevateai.yaml and routes/file-results.yaml, with
 * their own settings) on an inbox of chat files, against the sandbox in a JVM of its own that processes each chat in
 * 5 s, until every chat has its analysis file. It reports the chats analysed per second (from the files landing in the
 * inbox to the last analysis), the status requests the component sent per chat (the API asks for no more than one a
 * chat every 5 s; the goal is at most 2 a chat when processing takes 5 s), and the runner's heap after a full GC at the
 * end. This JVM runs with {@code -Xmx128m}.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@analysis-benchmark} (docs/performance.md). Maven properties {@code
 * benchmark.analysis.chats} (10,000), {@code benchmark.analysis.status.per.second} (the route's bound on status
 * requests, 500 here), {@code benchmark.analysis.processing} (ms, 5,000).
 */
public final class AnalysisBenchmark {

    private static final int CHATS = Integer.getInteger("benchmark.analysis.chats", 10_000);
    private static final int STATUS_PER_SECOND = Integer.getInteger("benchmark.analysis.status.per.second", 500);
    private static final int PROCESSING_MILLIS = Integer.getInteger("benchmark.analysis.processing", 5_000);

    private AnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("elevateai-analysis-benchmark");
        Process sandbox = startSandbox(PROCESSING_MILLIS);
        try {
            BufferedReader sandboxOut = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                    StandardCharsets.UTF_8));
            String baseUrl = sandboxOut.readLine();
            Path staging = work.resolve("staging");
            Files.createDirectories(staging);
            for (int i = 0; i < CHATS; i++) {
                Files.writeString(staging.resolve("chat-" + i + ".json"), FileRouteBenchmark.chat(i, 4 + i % 27));
            }
            RunnerForBenchmarks runner = RunnerForBenchmarks.start(
                    List.of("routes/file-to-elevateai.yaml", "routes/file-results.yaml"), Map.of(
                            "camel.component.elevateai.baseUrl", baseUrl,
                            "camel.component.elevateai.apiToken", ElevateAiSandbox.DEFAULT_TOKEN,
                            "elevateai.work.dir", work.toString(),
                            "elevateai.inbox", work.resolve("inbox").toString(),
                            "elevateai.outbox", work.resolve("outbox").toString(),
                            "elevateai.results.status.per.second", String.valueOf(STATUS_PER_SECOND)),
                    CHATS);
            double seconds;
            long heap;
            try {
                Files.createDirectories(work.resolve("inbox"));
                runner.awaitPolling(Duration.ofMinutes(1));
                long start = System.nanoTime();
                Files.move(staging, work.resolve("inbox"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> runner.analysed() >= CHATS);
                seconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            } finally {
                runner.stop();
            }
            // the sandbox prints what it received by call as it stops (Process.destroy would close its output)
            sandbox.toHandle().destroy();
            Map<String, Long> requests = requestsByCall(sandboxOut);
            System.out.printf(Locale.ROOT, "%,d chats, the sandbox processing each in %,d ms, status requests"
                            + " bounded at %d/s; max heap %d MB; %d cores; %s%n%n",
                    CHATS, PROCESSING_MILLIS, STATUS_PER_SECOND, Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println("| chats | seconds, declared to analysed | chats analysed/s | status requests per"
                               + " chat | results and summary requests per chat | heap after GC at the end (MB) |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %,.0f | %.2f | %.2f, %.2f | %.1f |%n", CHATS, seconds,
                    CHATS / seconds, (double) requests.get("GET_STATUS") / CHATS,
                    (double) requests.get("GET_AI_RESULTS") / CHATS, (double) requests.get("GET_SUMMARY") / CHATS,
                    heap / 1048576.0);
        } finally {
            sandbox.destroy();
            FileUtil.removeDir(work.toFile());
        }
    }

    /** The sandbox's last line: {@code requests DECLARE=n GET_STATUS=n ...}. */
    private static Map<String, Long> requestsByCall(BufferedReader sandboxOut) throws IOException {
        for (String line = sandboxOut.readLine(); line != null; line = sandboxOut.readLine()) {
            if (line.startsWith("requests ")) {
                Map<String, Long> counts = new java.util.HashMap<>();
                for (String pair : line.substring("requests ".length()).split(" ")) {
                    String[] nameAndCount = pair.split("=");
                    counts.put(nameAndCount[0], Long.parseLong(nameAndCount[1]));
                }
                return counts;
            }
        }
        throw new IllegalStateException("the sandbox stopped without counting its requests");
    }

    private static Process startSandbox(int processingMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ElevateAiSandbox.class.getName(), "0", "0", String.valueOf(processingMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
