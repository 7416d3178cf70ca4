package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.github.camelelevateai.runner.RunnerForBenchmarks;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.util.FileUtil;

/**
 * The file route (routes/file-to-elevateai.yaml, through the runner) on an inbox of chat files, against the sandbox in a
 * JVM of its own: chats per second with the sandbox answering after 50 ms and the route's concurrency at 32; side by
 * side with the plain hand-written alternative (src/test/resources/benchmark/handwritten-file-to-http.yaml), and with
 * that route plus the step that keeps ElevateAI's answers (handwritten-file-to-http-keeping-answers.yaml), with no
 * latency; and one 10 MB chat (50,000 messages) in a JVM limited to 64 MB of heap. This JVM runs with {@code -Xmx128m}.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@route-benchmark} (README). Maven property {@code benchmark.files}
 * (default 10,000).
 */
public final class FileRouteBenchmark {

    private static final int FILES = Integer.getInteger("benchmark.files", 10_000);
    private static final int CONCURRENCY = 32;
    private static final int WARM_UP_ROUNDS = Integer.getInteger("benchmark.warmup.rounds", 6);
    private static final int MEASURED_ROUNDS = Integer.getInteger("benchmark.measured.rounds", 5);
    private static final String FILE_ROUTE = "routes/file-to-elevateai.yaml";
    /** Measured side by side with no latency, alternately. */
    private static final List<Route> NO_LATENCY_ROUTES = List.of(
            new Route("file route", FILE_ROUTE),
            new Route("hand-written camel-http route", "src/test/resources/benchmark/handwritten-file-to-http.yaml"),
            new Route("hand-written, keeping answers",
                    "src/test/resources/benchmark/handwritten-file-to-http-keeping-answers.yaml"));

    private record Route(String name, String file) {
        String slug() {
            return name.replaceAll("[^a-z]+", "-");
        }
    }

    private FileRouteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("large-chat")) {
            largeChat(Path.of(args[1]), args[2]);
            return;
        }
        Path work = Files.createTempDirectory("elevateai-route-benchmark");
        System.out.printf(Locale.ROOT, "%d chat files per run; route concurrency %d; %d cores; max heap %d MB; %s%n%n",
                FILES, CONCURRENCY, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.println("| run | sandbox latency | chat files | seconds | chats/s | done | set aside"
                           + " | CPU per chat, this JVM (µs) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Process fast = startSandbox(0);
        Process slow = startSandbox(50);
        try {
            String fastUrl = baseUrlOf(fast);
            String slowUrl = baseUrlOf(slow);
            // the JIT needs tens of thousands of chats through each route before its code is compiled: warm every
            // route up, then measure them without latency alternately, so that none gains from running later
            for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
                for (Route route : NO_LATENCY_ROUTES) {
                    run("warm-up", route.file(), fastUrl, "0 ms", work.resolve("warm-" + route.slug() + round), FILES,
                            false);
                }
            }
            double[][] rates = new double[NO_LATENCY_ROUTES.size()][MEASURED_ROUNDS];
            for (int round = 0; round < MEASURED_ROUNDS; round++) {
                for (int r = 0; r < NO_LATENCY_ROUTES.size(); r++) {
                    Route route = NO_LATENCY_ROUTES.get(r);
                    rates[r][round] = run(route.name(), route.file(), fastUrl, "0 ms",
                            work.resolve(route.slug() + round), FILES, true);
                }
            }
            run("file route", FILE_ROUTE, slowUrl, "50 ms", work.resolve("file-latency"), FILES, true);
            System.out.println();
            printNoLatencySummary(rates);
            largeChatInSmallHeap(fastUrl, work.resolve("large"));
        } finally {
            fast.destroy();
            slow.destroy();
            FileUtil.removeDir(work.toFile());
        }
    }

    /**
     * Rounds vary by tens of percent on a small machine, for every route alike: each route's median rate, and the file
     * route's rate over each other route's in the same round (they ran one after the other), with the median of those.
     */
    private static void printNoLatencySummary(double[][] rates) {
        StringBuilder medians = new StringBuilder("No latency, medians of " + MEASURED_ROUNDS + " rounds:");
        for (int r = 0; r < NO_LATENCY_ROUTES.size(); r++) {
            medians.append(r == 0 ? " " : "; ").append(NO_LATENCY_ROUTES.get(r).name())
                    .append(String.format(Locale.ROOT, " %,.0f chats/s", median(rates[r])));
        }
        System.out.println(medians.append('.'));
        for (int r = 1; r < NO_LATENCY_ROUTES.size(); r++) {
            double[] ratios = new double[MEASURED_ROUNDS];
            StringBuilder each = new StringBuilder();
            for (int round = 0; round < MEASURED_ROUNDS; round++) {
                ratios[round] = rates[0][round] / rates[r][round];
                each.append(round == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f%%", 100 * ratios[round]));
            }
            System.out.printf(Locale.ROOT, "File route / %s: %.0f%% (median; rounds: %s)%n",
                    NO_LATENCY_ROUTES.get(r).name(), 100 * median(ratios), each);
        }
        System.out.println();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** @return chats per second */
    private static double run(String name, String route, String baseUrl, String latency, Path work, int files,
            boolean print) throws Exception {
        Path inbox = work.resolve("inbox");
        Path staging = work.resolve("staging");
        Files.createDirectories(staging);
        for (int i = 0; i < files; i++) {
            Files.writeString(staging.resolve("chat-" + i + ".json"), chat(i, 5));
        }
        RunnerForBenchmarks runner = RunnerForBenchmarks.start(route, Map.of(
                "camel.component.elevateai.baseUrl", baseUrl,
                "camel.component.elevateai.apiToken", ElevateAiSandbox.DEFAULT_TOKEN,
                "elevateai.work.dir", work.toString(),
                "elevateai.concurrency", String.valueOf(CONCURRENCY),
                "elevateai.inbox", inbox.toString(),
                "elevateai.outbox", work.resolve("outbox").toString(),
                "elevateai.file.batch", "1000",
                "elevateai.file.min.age", "1",
                "elevateai.file.poll.delay", "50"), files);
        // the clock starts once Camel runs: all the files land in the (empty) inbox at once, by one rename
        Files.createDirectories(inbox);
        Files.move(staging, inbox, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        double seconds;
        double cpuMicrosPerChat;
        try {
            if (!runner.awaitCompleted(Duration.ofMinutes(10))) {
                throw new IllegalStateException(name + ": not done within 10 minutes");
            }
            seconds = (System.nanoTime() - start) / 1e9;
            cpuMicrosPerChat = (processCpuNanos() - cpuBefore) / 1e3 / files;
        } finally {
            // stopping completes the last files' moves
            runner.stop();
        }
        if (print) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %,.0f | %,d | %,d | %,.0f |%n", name, latency,
                    files, seconds, files / seconds, count(inbox.resolve(".done")), count(inbox.resolve(".error")),
                    cpuMicrosPerChat);
        }
        // tens of thousands of files a run: none is left behind
        FileUtil.removeDir(work.toFile());
        return files / seconds;
    }

    /** A 10 MB chat of 50,000 messages through the file route, in a JVM of its own with 64 MB of heap. */
    private static void largeChatInSmallHeap(String baseUrl, Path work) throws Exception {
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("large.json"), chat(0, 50_000));
        long bytes = Files.size(inbox.resolve("large.json"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                FileRouteBenchmark.class.getName(), "large-chat", work.toString(), baseUrl)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        int exit = child.waitFor();
        System.out.printf(Locale.ROOT, "Large chat: %,d bytes, 50,000 messages, -Xmx64m: %s%n", bytes,
                exit == 0 ? "declared" : "FAILED (exit " + exit + ")");
    }

    private static void largeChat(Path work, String baseUrl) throws Exception {
        long start = System.nanoTime();
        RunnerForBenchmarks runner = RunnerForBenchmarks.start(FILE_ROUTE, Map.of(
                "camel.component.elevateai.baseUrl", baseUrl,
                "camel.component.elevateai.apiToken", ElevateAiSandbox.DEFAULT_TOKEN,
                "elevateai.work.dir", work.toString(),
                "elevateai.file.min.age", "1",
                "elevateai.file.poll.delay", "50"), 1);
        try {
            Path inbox = work.resolve("inbox");
            if (!runner.awaitCompleted(Duration.ofMinutes(5))) {
                System.exit(1);
            }
            System.out.printf(Locale.ROOT, "Large chat: %s in %.1f s%n",
                    count(inbox.resolve(".done")) == 1 ? "done" : "set aside", (System.nanoTime() - start) / 1e9);
            if (count(inbox.resolve(".done")) != 1) {
                System.exit(1);
            }
        } finally {
            runner.stop();
        }
    }

    /** CPU time of this JVM (the routes and their HTTP client; the sandbox runs in its own). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String chat(int n, int messages) {
        StringBuilder chat = new StringBuilder(256 + messages * 200);
        chat.append("{\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\", \"role\": \"agent\"},")
                .append(" {\"participant_id\": \"cust-").append(n).append("\", \"name\": \"Customer ").append(n)
                .append("\", \"role\": \"customer\"}],\n \"messages\": [");
        for (int m = 0; m < messages; m++) {
            chat.append(m == 0 ? "\n" : ",\n").append("  {\"participant_id\": \"")
                    .append(m % 2 == 0 ? "cust-" + n : "agent-1").append("\", \"timestamp\": \"2024-03-11T09:")
                    .append(String.format(Locale.ROOT, "%02d:%02d", (m / 60) % 60, m % 60))
                    .append("Z\", \"content\": \"Message ").append(m)
                    .append(" of chat ").append(n).append(": could you check the invoice from last month for me? It shows")
                    .append(" a charge I do not recognise, and the one before it was twice what I expected.\"}");
        }
        return chat.append("]}\n").toString();
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static final Map<String, Process> SANDBOXES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Process startSandbox(int latencyMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ElevateAiSandbox.class.getName(), "0", String.valueOf(latencyMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String baseUrl = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        SANDBOXES.put(baseUrl, process);
        return process;
    }

    private static String baseUrlOf(Process sandbox) {
        return SANDBOXES.entrySet().stream().filter(entry -> entry.getValue() == sandbox).findFirst().orElseThrow()
                .getKey();
    }
}
