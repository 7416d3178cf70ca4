package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.github.camelelevateai.component.ElevateAiComponent;
import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * {@code elevateai:declareChat} against what a user would otherwise write: Apache HttpClient 5 classic (the client
 * camel-http is built on) with its defaults, a pooling connection manager sized for the callers, posting the same
 * request bytes with the token header and reading each answer. Both over plain http and over TLS (the real API is
 * HTTPS only), at 1 and 16 concurrent callers, against the sandbox in a JVM of its own, so that this JVM's CPU time and
 * allocation count only the callers' side. Over TLS both sides trust the sandbox's self-signed certificate through the
 * same Camel {@link SSLContextParameters}: the component through its {@code sslContextParameters} option, the raw
 * client through the SSLContext those parameters create, as camel-http does. Loopback only; every loop is bounded in
 * time.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@benchmark} (docs/performance.md). Maven properties {@code benchmark.seconds} (one
 * measured round), {@code benchmark.warmup} (per side and case) and {@code benchmark.rounds}.
 */
public final class DeclareBenchmark {

    private static final int[] CALLERS = { 1, 16 };
    private static final int MOST_CALLERS = 16;
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 11);
    private static final String KEY_STORE_PASSWORD = "changeit";
    /** -Dbenchmark.raw=async: the raw side on HttpClient 5's asynchronous client, each caller waiting for its answer. */
    private static final boolean ASYNC_RAW_CLIENT = "async".equals(System.getProperty("benchmark.raw"));

    private DeclareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 2));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup", 10));
        String chatJson = Files.readString(Path.of("examples", "chats", "en-us-billing-question.json"));
        byte[] wire = ChatMarshaller.toBytes(ChatMarshaller.toRequest(chatJson, null, ChatSettings.NONE,
                new ChatSettings("en-us", "default")));

        Path dir = Files.createTempDirectory("declare-benchmark");
        Path keyStore = selfSignedKeyStore(dir);
        Process sandboxes = startSandboxes(keyStore);
        CamelContext camel = new DefaultCamelContext();
        try {
            BufferedReader sandboxOut = new BufferedReader(
                    new InputStreamReader(sandboxes.getInputStream(), StandardCharsets.UTF_8));
            String plainUrl = sandboxOut.readLine();
            String tlsUrl = sandboxOut.readLine();
            SSLContextParameters trust = trusting(keyStore);
            camel.getRegistry().bind("sandboxTrust", trust);
            ElevateAiComponent component = new ElevateAiComponent();
            component.getConfiguration().setApiToken(ElevateAiSandbox.DEFAULT_TOKEN);
            camel.addComponent("elevateai", component);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();

            SSLContext sandboxTrust = trust.createSSLContext(camel);
            try (CloseableHttpClient raw = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setTlsSocketStrategy(new DefaultClientTlsStrategy(sandboxTrust))
                            // the default (5 per route) would leave 11 of 16 callers waiting for a connection
                            .setMaxConnPerRoute(MOST_CALLERS)
                            .setMaxConnTotal(2 * MOST_CALLERS)
                            .build())
                    .build();
                    CloseableHttpAsyncClient rawAsync = HttpAsyncClients.custom()
                            .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                    .setTlsStrategy(new DefaultClientTlsStrategy(sandboxTrust))
                                    .setMaxConnPerRoute(MOST_CALLERS)
                                    .setMaxConnTotal(2 * MOST_CALLERS)
                                    .build())
                            .build()) {
                rawAsync.start();
                List<Case> cases = new ArrayList<>();
                for (String baseUrl : List.of(plainUrl, tlsUrl)) {
                    boolean tls = baseUrl.startsWith("https:");
                    Call viaRawClient = ASYNC_RAW_CLIENT ? rawAsyncDeclare(rawAsync, baseUrl, wire)
                            : rawDeclare(raw, baseUrl, wire);
                    // resolved once, as a route's to() is
                    Endpoint declareChat = camel.getEndpoint("elevateai:declareChat?baseUrl=RAW(" + baseUrl + ")"
                                                             + (tls ? "&sslContextParameters=#sandboxTrust" : ""));
                    Call viaComponent = () -> template.requestBody(declareChat, chatJson, String.class);
                    for (int callers : CALLERS) {
                        cases.add(new Case(tls ? "TLS" : "http", callers, viaRawClient, viaComponent));
                    }
                }
                // every case warmed up before any is measured: otherwise the JIT, compiling what each new case adds
                // (TLS, more callers), takes a core from the measured rounds and its CPU time counts as theirs
                for (Case warm : cases) {
                    run(warm.viaRawClient(), warm.callers(), warmup);
                    run(warm.viaComponent(), warm.callers(), warmup);
                }
                System.out.printf(Locale.ROOT, "Sandbox %s and %s in a JVM of its own; median of %d alternating rounds"
                                               + " of %d s per case, after %d s of warm-up per side and case, all cases"
                                               + " warmed up first; %d cores, load average %.2f; %s%n",
                        plainUrl, tlsUrl, ROUNDS, measure.toSeconds(), warmup.toSeconds(),
                        Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
                System.out.println();
                System.out.println("| transport | callers | raw HttpClient 5" + (ASYNC_RAW_CLIENT ? " async" : "")
                                   + " (declares/s) | elevateai:declareChat"
                                   + " (declares/s) | ratio (median of paired rounds) | raw CPU µs/declare"
                                   + " | component CPU µs/declare | raw bytes/declare | component bytes/declare"
                                   + " | failed calls (raw, component) |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|");
                long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                for (Case measured : cases) {
                    compare(measured, measure);
                }
                System.out.printf(Locale.ROOT, "%nJIT compilation during the measured rounds: %,d ms",
                        ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore);
            }
            System.out.printf(Locale.ROOT, "; load average at the end: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            camel.stop();
            sandboxes.destroy();
            sandboxes.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(dir);
        }
    }

    /** A raw client's declare: a new request per call, as the classic API wants, and the whole answer read. */
    private static Call rawDeclare(CloseableHttpClient raw, String baseUrl, byte[] wire) {
        String uri = baseUrl + "/interactions";
        return () -> {
            HttpPost post = new HttpPost(uri);
            post.setHeader("X-API-Token", ElevateAiSandbox.DEFAULT_TOKEN);
            post.setEntity(new ByteArrayEntity(wire, ContentType.APPLICATION_JSON));
            raw.execute(post, response -> {
                if (response.getCode() != 201) {
                    throw new IllegalStateException("raw: " + response.getCode());
                }
                return EntityUtils.toByteArray(response.getEntity());
            });
        };
    }

    /** The same declare on the asynchronous client: a new request per call, the caller waiting for the answer. */
    private static Call rawAsyncDeclare(CloseableHttpAsyncClient raw, String baseUrl, byte[] wire) {
        String uri = baseUrl + "/interactions";
        return () -> {
            SimpleHttpRequest post = SimpleRequestBuilder.post(uri)
                    .setHeader("X-API-Token", ElevateAiSandbox.DEFAULT_TOKEN)
                    .setBody(wire, ContentType.APPLICATION_JSON)
                    .build();
            SimpleHttpResponse response = raw.execute(post, null).get();
            if (response.getCode() != 201) {
                throw new IllegalStateException("raw: " + response.getCode());
            }
        };
    }

    private record Case(String transport, int callers, Call viaRawClient, Call viaComponent) {
    }

    private static void compare(Case measured, Duration measure) throws Exception {
        int callers = measured.callers();
        Call viaRawClient = measured.viaRawClient();
        Call viaComponent = measured.viaComponent();
        // alternate the two, and which goes first, so that the machine's noise and drift hit both alike
        List<Result> rawResults = new ArrayList<>();
        List<Result> componentResults = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                rawResults.add(run(viaRawClient, callers, measure));
                componentResults.add(run(viaComponent, callers, measure));
            } else {
                componentResults.add(run(viaComponent, callers, measure));
                rawResults.add(run(viaRawClient, callers, measure));
            }
        }
        // each round's pair ran back to back, so its ratio is the least disturbed by the machine's drift
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ratios.add(componentResults.get(round).perSecond() / rawResults.get(round).perSecond());
        }
        ratios.sort(null);
        System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f | %.0f | %.0f | %,.0f | %,.0f | %d, %d |%n",
                measured.transport(), callers, median(rawResults, Result::perSecond),
                median(componentResults, Result::perSecond),
                ratios.get(ratios.size() / 2), median(rawResults, Result::cpuMicrosPerCall),
                median(componentResults, Result::cpuMicrosPerCall), median(rawResults, Result::bytesPerCall),
                median(componentResults, Result::bytesPerCall), errorsOf(rawResults), errorsOf(componentResults));
    }

    private static long errorsOf(List<Result> results) {
        return results.stream().mapToLong(Result::errors).sum();
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
        return results.stream().mapToDouble(figure).sorted().skip(results.size() / 2).findFirst().orElseThrow();
    }

    private interface Call {
        void once() throws Exception;
    }

    private record Result(long calls, long errors, Duration elapsed, long cpuNanos, long allocatedBytes) {
        double perSecond() {
            return calls * 1e9 / elapsed.toNanos();
        }

        double cpuMicrosPerCall() {
            return calls == 0 ? 0 : cpuNanos / 1e3 / calls;
        }

        double bytesPerCall() {
            return calls == 0 ? 0 : (double) allocatedBytes / calls;
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
        CountDownLatch started = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        long[] startAndEnd = new long[2];
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            loops.add(pool.submit(() -> {
                started.countDown();
                go.await();
                while (System.nanoTime() < startAndEnd[1]) {
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
            // the threads exist before the clock starts, so that their creation is not counted
            started.await();
            Map<Long, Long> allocatedBefore = allocatedPerThread();
            long cpuBefore = processCpuNanos();
            startAndEnd[0] = System.nanoTime();
            startAndEnd[1] = startAndEnd[0] + duration.toNanos();
            go.countDown();
            for (Future<?> loop : loops) {
                loop.get();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startAndEnd[0]);
            long cpu = processCpuNanos() - cpuBefore;
            return new Result(calls.sum(), errors.sum(), elapsed, cpu, allocatedSince(allocatedBefore));
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU time of this whole JVM (callers, HTTP client, Camel, GC and JIT threads); the sandbox runs in its own. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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

    private static SSLContextParameters trusting(Path keyStore) {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + keyStore);
        trustStore.setPassword(KEY_STORE_PASSWORD);
        trustStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    /** A key pair and self-signed certificate for 127.0.0.1, made for this run. */
    private static Path selfSignedKeyStore(Path dir) throws Exception {
        Path keyStore = dir.resolve("sandbox.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sandbox", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", KEY_STORE_PASSWORD, "-keypass", KEY_STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keyStore;
    }

    private static Process startSandboxes(Path keyStore) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Sandboxes.class.getName(),
                keyStore.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The benchmark's server JVM: a plain and an HTTPS sandbox, their base URLs printed in that order. */
    public static final class Sandboxes {

        private Sandboxes() {
        }

        public static void main(String[] args) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                store.load(in, KEY_STORE_PASSWORD.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, KEY_STORE_PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            ElevateAiSandbox plain = ElevateAiSandbox.start();
            ElevateAiSandbox https = ElevateAiSandbox.startHttps(ElevateAiSandbox.DEFAULT_TOKEN, 0, tls);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                plain.close();
                https.close();
            }));
            System.out.println(plain.baseUrl());
            System.out.println(https.baseUrl());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
