package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.github.camelelevateai.runner.RunnerForBenchmarks;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.util.FileUtil;

/**
 * The file route (routes/file-to-elevateai.yaml, through the runner, with its own default settings) against the route a
 * user would write by hand with camel-http (src/test/resources/benchmark/handwritten-file-to-http-keeping-answers.yaml:
 * Camel's default file consumer options, a {@code threads} step at the same concurrency, ElevateAI's answer kept in the
 * outbox), on the same inbox of chat files of 4 to 30 messages, against the sandbox in a JVM of its own, at 0 ms and
 * at 50 ms of sandbox latency, the concurrency at 32. At each latency, both routes are warmed up first (the sandbox
 * too); then they run one after the other, round after round, so that neither gains from running later. Each run
 * waits for the route to poll its empty inbox, then drops the chat files in by one rename, their times set a minute
 * back (a backlog, not files still being written); its rate counts from the first chat taken to the last one
 * finished; it counts the CPU of this JVM and of the sandbox's a chat, and the cores the rest of the machine kept busy
 * meanwhile. Last, one 10 MB chat (50,000 messages) in a JVM limited to 64 MB of heap. This JVM runs with {@code
 * -Xmx128m}.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@route-benchmark} (docs/performance.md). Maven properties: {@code benchmark.files}
 * (chat files a run, 10,000), {@code benchmark.warmup.files} (5,000, once through each route at each latency), {@code
 * benchmark.route.rounds} (rounds at each latency, 3).
 */
public final class FileRouteBenchmark {

    private static final int FILES = Integer.getInteger("benchmark.files", 10_000);
    private static final int WARM_UP_FILES = Integer.getInteger("benchmark.warmup.files", 5_000);
    private static final int ROUNDS = Integer.getInteger("benchmark.route.rounds", 3);
    private static final int CONCURRENCY = 32;
    private static final int FEWEST_MESSAGES = 4;
    private static final int MOST_MESSAGES = 30;
    private static final String FILE_ROUTE = "routes/file-to-elevateai.yaml";
    private static final List<Route> ROUTES = List.of(
            new Route("file route", FILE_ROUTE),
            new Route("hand-written camel-http route",
                    "src/test/resources/benchmark/handwritten-file-to-http-keeping-answers.yaml"));

    private record Route(String name, String file) {
        String slug() {
            return name.replaceAll("[^a-z]+", "-");
        }
    }

    /** One route's run: its rate and the CPU this JVM spent a chat. */
    private record Measured(double chatsPerSecond, double cpuMicrosPerChat) {
    }

    private FileRouteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("large-chat")) {
            largeChat(Path.of(args[1]), args[2]);
            return;
        }
        Path work = Files.createTempDirectory("elevateai-route-benchmark");
        System.out.printf(Locale.ROOT, "%,d chat files a run (%d to %d messages), %,d files of warm-up a route;"
                        + " route concurrency %d; %d cores; max heap %d MB; %s%n%n",
                FILES, FEWEST_MESSAGES, MOST_MESSAGES, WARM_UP_FILES, CONCURRENCY,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.println("| run | sandbox latency | chat files | seconds | chats/s | done | set aside | CPU per chat,"
                           + " this JVM (µs) | CPU per chat, sandbox (µs) | other processes (cores) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        Process fast = startSandbox(0);
        Process slow = startSandbox(50);
        try {
            String fastUrl = baseUrlOf(fast);
            String slowUrl = baseUrlOf(slow);
            Measured[][] noLatency = rounds(fastUrl, "0 ms", work);
            Measured[][] latency = rounds(slowUrl, "50 ms", work);
            System.out.println();
            printSummary("0 ms", noLatency);
            printSummary("50 ms", latency);
            largeChatInSmallHeap(fastUrl, work.resolve("large"));
        } finally {
            fast.destroy();
            slow.destroy();
            FileUtil.removeDir(work.toFile());
        }
    }

    /**
     * Warms both routes up on this sandbox, then measures them.
     *
     * @return by route, then by round
     */
    private static Measured[][] rounds(String baseUrl, String latency, Path work) throws Exception {
        // the sandbox at this latency is a JVM of its own: warmed up too, or the first round here would pay for it
        for (Route route : ROUTES) {
            Path folder = work.resolve("warm-" + route.slug() + latency.charAt(0));
            run(route, baseUrl, latency, folder, WARM_UP_FILES, false);
        }
        Measured[][] measured = new Measured[ROUTES.size()][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int r = 0; r < ROUTES.size(); r++) {
                Route route = ROUTES.get(r);
                Path folder = work.resolve(route.slug() + latency.charAt(0) + round);
                measured[r][round] = run(route, baseUrl, latency, folder, FILES, true);
            }
        }
        return measured;
    }

    /**
     * Rounds vary by tens of percent on a small machine, for both routes alike: each route's median, and the file
     * route's rate over the hand-written one's in each round (they ran one after the other), with the median of those.
     */
    private static void printSummary(String latency, Measured[][] measured) {
        StringBuilder medians = new StringBuilder(latency + ", medians of " + ROUNDS + " rounds:");
        for (int r = 0; r < ROUTES.size(); r++) {
            double[] rates = Arrays.stream(measured[r]).mapToDouble(Measured::chatsPerSecond).toArray();
            double[] cpu = Arrays.stream(measured[r]).mapToDouble(Measured::cpuMicrosPerChat).toArray();
            medians.append(r == 0 ? " " : "; ").append(ROUTES.get(r).name())
                    .append(String.format(Locale.ROOT, " %,.0f chats/s, %,.0f µs of CPU a chat", median(rates),
                            median(cpu)));
        }
        System.out.println(medians.append('.'));
        double[] ratios = new double[ROUNDS];
        StringBuilder each = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            ratios[round] = measured[0][round].chatsPerSecond() / measured[1][round].chatsPerSecond();
            each.append(round == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ratios[round]));
        }
        System.out.printf(Locale.ROOT, "%s, file route / hand-written route: %.2f (median; rounds: %s)%n%n", latency,
                median(ratios), each);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static Measured run(Route route, String baseUrl, String latency, Path work, int files, boolean print)
            throws Exception {
        Path inbox = work.resolve("inbox");
        Path staging = work.resolve("staging");
        Files.createDirectories(staging);
        for (int i = 0; i < files; i++) {
            Files.writeString(staging.resolve("chat-" + i + ".json"), chat(i, messagesOf(i)));
        }
        // a backlog written well before: each route takes it at once, whatever it waits for on a file still written
        setModifiedTimes(staging, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
        // only what the routes' own settings cannot know: where the API, the folders and the concurrency are
        RunnerForBenchmarks runner = RunnerForBenchmarks.start(route.file(), Map.of(
                "camel.component.elevateai.baseUrl", baseUrl,
                "camel.component.elevateai.apiToken", ElevateAiSandbox.DEFAULT_TOKEN,
                "elevateai.work.dir", work.toString(),
                "elevateai.concurrency", String.valueOf(CONCURRENCY),
                "elevateai.inbox", inbox.toString(),
                "elevateai.outbox", work.resolve("outbox").toString()), files);
        // once the route polls its (empty) inbox, all the files land in it at once, by one rename
        Files.createDirectories(inbox);
        runner.awaitPolling(Duration.ofMinutes(1));
        Files.move(staging, inbox, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ProcessHandle sandbox = SANDBOXES.get(baseUrl).toHandle();
        long cpuBefore = processCpuNanos();
        long sandboxCpuBefore = cpuNanos(sandbox);
        long machineBefore = machineBusyNanos();
        long start = System.nanoTime();
        double seconds;
        double cpuMicrosPerChat;
        double sandboxCpuMicrosPerChat;
        double othersCores;
        try {
            if (!runner.awaitCompleted(Duration.ofMinutes(10))) {
                throw new IllegalStateException(route.name() + ": not done within 10 minutes");
            }
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            long sandboxCpu = cpuNanos(sandbox) - sandboxCpuBefore;
            long machine = machineBusyNanos() - machineBefore;
            seconds = runner.busy().toMillis() / 1e3;
            cpuMicrosPerChat = cpu / 1e3 / files;
            sandboxCpuMicrosPerChat = sandboxCpu / 1e3 / files;
            othersCores = machineBefore < 0 ? Double.NaN : (double) (machine - cpu - sandboxCpu) / elapsed;
        } finally {
            // stopping completes the last files' moves
            runner.stop();
        }
        if (print) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %,.0f | %,d | %,d | %,.0f | %,.0f | %.1f |%n",
                    route.name(), latency, files, seconds, files / seconds, count(inbox.resolve(".done")),
                    count(inbox.resolve(".error")), cpuMicrosPerChat, sandboxCpuMicrosPerChat, othersCores);
        }
        // tens of thousands of files a run: none is left behind
        FileUtil.removeDir(work.toFile());
        return new Measured(files / seconds, cpuMicrosPerChat);
    }

    /** 4 to 30, the same for the same file in every run. */
    private static int messagesOf(int file) {
        return new SplittableRandom(file).nextInt(FEWEST_MESSAGES, MOST_MESSAGES + 1);
    }

    private static void setModifiedTimes(Path folder, FileTime time) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(file, time);
            }
        }
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

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * The CPU time all processes spent so far (Linux, from /proc/stat, in the kernel's usual 100 ticks a second), so
     * that each run says how busy the rest of the machine kept its cores; -1 elsewhere.
     */
    private static long machineBusyNanos() {
        try {
            String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            // user, nice, system, (idle, iowait left out), irq, softirq, steal
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(ticks[field]);
            }
            return busy * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
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
