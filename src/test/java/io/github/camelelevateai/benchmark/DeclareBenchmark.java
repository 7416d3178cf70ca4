package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelelevateai.component.ElevateAiComponent;
import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Declares per second, and bytes allocated per declare, through {@code elevateai:declareChat} against a raw JDK
 * HttpClient loop posting the same request bytes to the same sandbox, at 1 and 16 concurrent callers. The sandbox runs
 * in a JVM of its own, so that this JVM's allocation counts only the callers' side. Loopback only; every loop is
 * bounded in time.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@benchmark} (README). Maven properties {@code benchmark.seconds}
 * (one measured round, default 2), {@code benchmark.warmup} (default 15) and {@code benchmark.rounds} (default 15).
 */
public final class DeclareBenchmark {

    private static final int[] CALLERS = { 1, 16 };
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 15);

    private DeclareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 2));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup", 15));
        String chatJson = Files.readString(Path.of("examples", "chats", "en-us-billing-question.json"));
        byte[] wire = ChatMarshaller.toBytes(ChatMarshaller.toRequest(chatJson, null, ChatSettings.NONE,
                new ChatSettings("en-us", "default")));

        Process sandbox = startSandbox();
        try {
            String baseUrl = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            CamelContext camel = new DefaultCamelContext();
            ElevateAiComponent component = new ElevateAiComponent();
            component.getConfiguration().setBaseUrl(baseUrl);
            component.getConfiguration().setApiToken(ElevateAiSandbox.DEFAULT_TOKEN);
            camel.addComponent("elevateai", component);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest rawRequest = HttpRequest.newBuilder(URI.create(baseUrl + "/interactions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-API-Token", ElevateAiSandbox.DEFAULT_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(wire)).build();

            Call viaRawClient = () -> {
                HttpResponse<byte[]> response = raw.send(rawRequest, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("raw: " + response.statusCode());
                }
            };
            // resolved once, as a route's to() is
            Endpoint declareChat = camel.getEndpoint("elevateai:declareChat");
            Call viaComponent = () -> template.requestBody(declareChat, chatJson, String.class);

            System.out.printf(Locale.ROOT, "Sandbox %s; median of %d alternating rounds of %d s per case, after %d s"
                                           + " warm-up; %d cores; %s%n", baseUrl, ROUNDS, measure.toSeconds(),
                    warmup.toSeconds(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println();
            System.out.println("| callers | raw JDK HttpClient (declares/s) | elevateai:declareChat (declares/s) | ratio (median of rounds)"
                               + " | raw bytes/declare | component bytes/declare | failed calls (raw, component) |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int callers : CALLERS) {
                run(viaRawClient, callers, warmup);
                run(viaComponent, callers, warmup);
                // alternate the two, ROUNDS times, and keep each one's median: the machine's noise hits both alike
                List<Result> rawResults = new ArrayList<>();
                List<Result> componentResults = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    rawResults.add(run(viaRawClient, callers, measure));
                    componentResults.add(run(viaComponent, callers, measure));
                }
                Result rawResult = median(rawResults);
                Result componentResult = median(componentResults);
                // each round's pair ran back to back, so its ratio is the least disturbed by the machine's drift
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    ratios.add(componentResults.get(round).perSecond() / rawResults.get(round).perSecond());
                }
                ratios.sort(null);
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f%% | %,d | %,d | %d, %d |%n", callers,
                        rawResult.perSecond(), componentResult.perSecond(),
                        100 * ratios.get(ratios.size() / 2), rawResult.bytesPerCall(),
                        componentResult.bytesPerCall(), errorsOf(rawResults), errorsOf(componentResults));
            }
            camel.stop();
        } finally {
            sandbox.destroy();
        }
    }

    private static long errorsOf(List<Result> results) {
        return results.stream().mapToLong(Result::errors).sum();
    }

    private static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingDouble(Result::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    private interface Call {
        void once() throws Exception;
    }

    private record Result(long calls, long errors, Duration elapsed, long allocatedBytes) {
        double perSecond() {
            return calls * 1e9 / elapsed.toNanos();
        }

        long bytesPerCall() {
            return calls == 0 ? 0 : allocatedBytes / calls;
        }
    }

    /** {@code callers} threads call in a loop until the time is up. */
    private static Result run(Call call, int callers, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers, runnable -> {
            Thread thread = new Thread(runnable, "benchmark-caller");
            thread.setDaemon(true);
            return thread;
        });
        LongAdder calls = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<Long, Long> allocatedBefore = allocatedPerThread();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        call.once();
                        calls.increment();
                    } catch (Exception e) {
                        // counted and shown: a rare transport failure must not end a long run
                        errors.increment();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> loop : loops) {
                loop.get();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(calls.sum(), errors.sum(), elapsed, allocatedSince(allocatedBefore));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bytes allocated so far by each live thread of this JVM (caller, HTTP client and Camel threads alike). */
    private static Map<Long, Long> allocatedPerThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> perThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (allocated[i] >= 0) {
                perThread.put(ids[i], allocated[i]);
            }
        }
        return perThread;
    }

    /** What the threads alive now allocated since {@code before}; threads that ended meanwhile are not counted. */
    private static long allocatedSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : allocatedPerThread().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    private static Process startSandbox() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ElevateAiSandbox.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
