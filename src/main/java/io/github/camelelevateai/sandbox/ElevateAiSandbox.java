package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A local stand-in for the ElevateAI API, so that routes and tests run offline: {@code POST /v1/interactions} as
 * documented (401 on a wrong token, 400 with an {@code errorMessage}, 201 with a fresh identifier), then each declared
 * chat's life: its status moving from {@code declared} to {@code processed} over a {@link #processingTime(Duration)},
 * its declared parameters, CX AI results, summary and transcripts computed from the chat alone (the same chat gets the
 * same answers from any sandbox), and its deletion; every call of {@link SandboxCall}. A chat asks for a failure with a
 * marker in a message: {@link #PROCESSING_FAILED_MARKER}, {@link #SUMMARY_UNPROCESSABLE_MARKER}. Configurable latency,
 * scripted {@link Fault}s and a record of every request it got and what it did with it. Listens on loopback only.
 * <p>
 * Faults are scripted three ways. {@link #faultNext(Fault...)} (and its shorthands {@link #rateLimitNext},
 * {@link #failNext}, {@link #dropNext}) scripts the next declares in order of arrival, whatever chat they carry: right
 * for one chat at a time. {@link #faultsPerChat(Function)} scripts each chat's own successive declares, so that with
 * many chats declared at once every chat still meets exactly its own faults, and what became of it can be computed. A
 * declare takes a fault scripted in order first, then one scripted for its chat. {@link #faultNext(SandboxCall,
 * Fault...)} scripts the next requests of one call, a status or a delete for instance. {@link #requests()} says, per
 * request, which call it was, which chat it carried ({@link RecordedRequest#digest()}), which fault it got and whether
 * the chat was declared.
 *
 * <pre>
 * try (ElevateAiSandbox sandbox = ElevateAiSandbox.start()) {
 *     // camel.component.elevateai.baseUrl = sandbox.baseUrl(), apiToken = sandbox.apiToken()
 *     sandbox.faultsPerChat(request -&gt; List.of(Fault.status(503), Fault.declaredThenDropped()));
 * }
 * </pre>
 */
public final class ElevateAiSandbox implements AutoCloseable {

    public static final String DEFAULT_TOKEN = "sandbox-token";
    /** How many requests and declared interactions are kept for inspection, so a long run does not fill the heap. */
    public static final int DEFAULT_RETAIN = 20_000;
    /** How long a chat takes from its declare to {@code processed}, unless {@link #processingTime} says otherwise. */
    public static final Duration DEFAULT_PROCESSING_TIME = Duration.ofSeconds(5);
    /** A message containing this makes its chat end in {@code processingFailed}. */
    public static final String PROCESSING_FAILED_MARKER = "sandbox:processing-failed";
    /** A message containing this makes its chat's summary answer 422. */
    public static final String SUMMARY_UNPROCESSABLE_MARKER = "sandbox:summary-unprocessable";
    /** Summaries answered at once; one more gets 429, as the API documents. */
    public static final int MAX_CONCURRENT_SUMMARIES = 10;
    private static final String TOKEN_HEADER = "X-API-Token";
    private static final String PREFIX = "/v1";
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    });
    private static final String EMPTY_DIGEST = sha256(new byte[0]);
    private static final int MOST_SHARED_STRINGS = 1024;

    static {
        // the JDK server otherwise stalls ~40 ms on every keep-alive request (Nagle's algorithm meets delayed ACK)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // the JDK server closes keep-alive connections idle for 30 s; a client reusing one at that instant sees the
        // classic stale-connection race, an outcome-unknown failure. A stand-in should not add that noise.
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", "600");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final String apiToken;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService delayer;
    /** Per call: the faults its next requests get, in order of arrival. */
    private final Map<SandboxCall, Queue<Fault>> callFaults = new EnumMap<>(SandboxCall.class);
    private volatile Function<JsonNode, List<Fault>> faultPlan;
    /** Per chat (request digest): the faults its next requests get, taken in order. */
    private final Map<String, Deque<Fault>> chatFaults = new ConcurrentHashMap<>();
    /**
     * Header names and the values that repeat from request to request (the token, the host, the client's name), kept
     * once instead of once per retained request: with status polls, most retained requests are headers and little else.
     */
    private final Map<String, String> sharedStrings = new ConcurrentHashMap<>();
    /** The newest requests, bounded; guarded by its own monitor. */
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final SandboxInteractions interactions = new SandboxInteractions(mapper);
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicLongArray callCounts = new AtomicLongArray(SandboxCall.values().length);
    private volatile int retain = DEFAULT_RETAIN;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration processingTime = DEFAULT_PROCESSING_TIME;

    private ElevateAiSandbox(String apiToken, int port, SSLContext tls) throws IOException {
        this.apiToken = apiToken;
        for (SandboxCall call : SandboxCall.values()) {
            callFaults.put(call, new ConcurrentLinkedQueue<>());
        }
        this.workers = Executors.newCachedThreadPool(daemonThreads("elevateai-sandbox"));
        this.delayer = Executors.newSingleThreadScheduledExecutor(daemonThreads("elevateai-sandbox-latency"));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls == null) {
            this.server = HttpServer.create(address, 1024);
        } else {
            HttpsServer https = HttpsServer.create(address, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext(PREFIX + "/interactions", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /**
     * Runs a sandbox on its own until the JVM is stopped: {@code java -cp camel-elevateai-runner.jar
     * io.github.camelelevateai.sandbox.ElevateAiSandbox [port] [latency-ms] [processing-ms]}. The token is
     * {@link #DEFAULT_TOKEN}, or
     * {@code ELEVATEAI_SANDBOX_TOKEN}. The first line printed is the base URL; when the JVM stops, a last line gives
     * the requests it received by call ({@code requests DECLARE=... GET_STATUS=...}), for benchmarks.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String token = System.getenv().getOrDefault("ELEVATEAI_SANDBOX_TOKEN", DEFAULT_TOKEN);
        ElevateAiSandbox sandbox = start(token, port);
        if (args.length > 1) {
            sandbox.latency(Duration.ofMillis(Long.parseLong(args[1])));
        }
        if (args.length > 2) {
            sandbox.processingTime(Duration.ofMillis(Long.parseLong(args[2])));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            StringBuilder counts = new StringBuilder("requests");
            for (SandboxCall call : SandboxCall.values()) {
                counts.append(' ').append(call.name()).append('=').append(sandbox.requestCount(call));
            }
            System.out.println(counts);
            System.out.flush();
            sandbox.close();
        }));
        System.out.println(sandbox.baseUrl());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }

    /** Starts on a free loopback port with {@link #DEFAULT_TOKEN}. */
    public static ElevateAiSandbox start() throws IOException {
        return start(DEFAULT_TOKEN, 0);
    }

    /** @param port 0 for any free port */
    public static ElevateAiSandbox start(String apiToken, int port) throws IOException {
        return new ElevateAiSandbox(apiToken, port, null);
    }

    /** The same over HTTPS, with the server certificate and key of {@code tls}, for testing TLS settings. */
    public static ElevateAiSandbox startHttps(String apiToken, int port, SSLContext tls) throws IOException {
        return new ElevateAiSandbox(apiToken, port, tls);
    }

    /** What to set as the component's {@code baseUrl}. */
    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + PREFIX;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The token the sandbox accepts; any other gets 401. */
    public String apiToken() {
        return apiToken;
    }

    /** Answers every request this much later, as a real SaaS round trip would. */
    public ElevateAiSandbox latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /**
     * How long each chat declared from now on takes from its declare to its terminal status: {@code declared} for the
     * first fifth, {@code pendingProcessing} for the second, {@code processing} until it is up, then {@code processed}
     * ({@code processingFailed} for a chat with {@link #PROCESSING_FAILED_MARKER}). Zero: processed at once. Chats
     * declared earlier keep theirs.
     */
    public ElevateAiSandbox processingTime(Duration processingTime) {
        if (processingTime.isNegative()) {
            throw new IllegalArgumentException("A processing time cannot be negative: " + processingTime);
        }
        this.processingTime = processingTime;
        return this;
    }

    /** The next {@code count} declares get 429; with a {@code Retry-After} of {@code retryAfter} unless it is null. */
    public ElevateAiSandbox rateLimitNext(int count, Duration retryAfter) {
        return script(count, Fault.rateLimited(retryAfter));
    }

    /** The next {@code count} declares get this status (for instance 500 or 503) with an errorMessage. */
    public ElevateAiSandbox failNext(int count, int status) {
        return script(count, Fault.status(status));
    }

    /** The next {@code count} declares are read whole and then their connection is closed with no answer. */
    public ElevateAiSandbox dropNext(int count) {
        return script(count, Fault.dropped());
    }

    /** The next declares, whatever chat they carry, get these faults, one each, in order of arrival. */
    public ElevateAiSandbox faultNext(Fault... next) {
        return faultNext(SandboxCall.DECLARE, next);
    }

    /**
     * The next requests of this call get these faults, one each, in order of arrival. A fault that
     * {@linkplain Fault#declares() declares} does the call as the API would (a delete deletes, a summary takes its
     * place among the {@link #MAX_CONCURRENT_SUMMARIES}) and then drops or delays the answer:
     * {@link Fault#performedThenDropped()}, {@link Fault#performedThenAnsweredAfter(Duration)}.
     */
    public ElevateAiSandbox faultNext(SandboxCall call, Fault... next) {
        callFaults.get(call).addAll(List.of(next));
        return this;
    }

    /**
     * Scripts faults per chat: on a chat's first request the plan is given the request (parsed, or null when it is not
     * JSON) and answers the faults for that chat's requests, the first request getting the first fault; once they are
     * used up (or when the plan answers null or none), the chat's requests are answered as the API would. A chat is
     * its exact request bytes ({@link RecordedRequest#digest()}), so a client's retries of one declare are one chat.
     * A plan keys its scripts on something in the chat, a participant's name for instance. Replaces an earlier plan;
     * each chat's place in its script is kept until then or {@link #reset()}.
     */
    public ElevateAiSandbox faultsPerChat(Function<JsonNode, List<Fault>> plan) {
        chatFaults.clear();
        this.faultPlan = plan;
        return this;
    }

    private ElevateAiSandbox script(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            callFaults.get(SandboxCall.DECLARE).add(fault);
        }
        return this;
    }

    /** Keeps at most this many requests and declared interactions (the newest); the counts stay exact. */
    public ElevateAiSandbox retain(int count) {
        this.retain = count;
        return this;
    }

    /**
     * The requests received, in order of arrival, each with the fault it got and the identifier it was declared under:
     * the newest {@link #retain(int)} of them. A request is recorded before the client can see its answer.
     */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** The retained requests of one call, in order of arrival. */
    public List<RecordedRequest> requests(SandboxCall call) {
        return requests().stream().filter(request -> request.call() == call).toList();
    }

    /**
     * When the status of this interaction was asked, in order, as far as the retained requests go: to check that a
     * client polls one interaction no faster than the API allows.
     */
    public List<Instant> statusRequestTimes(String interactionIdentifier) {
        return requests().stream()
                .filter(request -> request.call() == SandboxCall.GET_STATUS
                                   && interactionIdentifier.equals(request.pathIdentifier()))
                .map(RecordedRequest::receivedAt)
                .toList();
    }

    /** Every request received since the last reset. */
    public int requestCount() {
        return (int) requestCount.get();
    }

    /** The requests of one call received since the last reset, whatever they were answered. */
    public int requestCount(SandboxCall call) {
        return (int) callCounts.get(call.ordinal());
    }

    /**
     * How many chats were declared since the last reset, answered 201 or not (a fault may drop or delay the answer);
     * each would have cost quota.
     */
    public int declaredCount() {
        return (int) interactions.declaredCount();
    }

    /**
     * The declare request the sandbox accepted under this identifier (deleted since or not), or null when it declared
     * none or no longer retains it.
     */
    public JsonNode declared(String interactionIdentifier) {
        DeclaredInteraction interaction = interactions.retained(interactionIdentifier);
        return interaction == null ? null : interactions.request(interaction);
    }

    /** Whether the interaction declared under this identifier was deleted ({@code DELETE} answered 200). */
    public boolean deleted(String interactionIdentifier) {
        DeclaredInteraction interaction = interactions.retained(interactionIdentifier);
        return interaction != null && interaction.deleted();
    }

    /** The most requests the sandbox was handling at one time since the last reset: a client's real concurrency. */
    public int mostConcurrentRequests() {
        return mostInFlight.get();
    }

    /**
     * Forgets requests, declared interactions, scripted faults (in order, per call and per chat), latency and the
     * processing time.
     */
    public void reset() {
        synchronized (requests) {
            requests.clear();
        }
        interactions.clear();
        requestCount.set(0);
        for (SandboxCall call : SandboxCall.values()) {
            callCounts.set(call.ordinal(), 0);
            callFaults.get(call).clear();
        }
        faultPlan = null;
        chatFaults.clear();
        mostInFlight.set(0);
        latency = Duration.ZERO;
        processingTime = DEFAULT_PROCESSING_TIME;
    }

    @Override
    public void close() {
        server.stop(0);
        delayer.shutdownNow();
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        requestCount.incrementAndGet();
        SandboxRoute route = SandboxRoute.of(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
        SandboxCall call = route.call();
        String digest = body.length == 0 ? EMPTY_DIGEST : sha256(body);
        Fault fault = null;
        if (call != null) {
            callCounts.incrementAndGet(call.ordinal());
            fault = callFaults.get(call).poll();
            if (fault == null && call == SandboxCall.DECLARE) {
                fault = plannedFault(digest, body);
            }
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        SandboxAnswer answer = fault == null || fault.declares() ? answer(exchange, route, body, digest)
                : fault.answersWithStatus() ? SandboxAnswer.fault(fault) : null;
        RecordedRequest recorded = record(exchange, body, digest, fault, answer == null ? null : answer.declared(),
                call);
        synchronized (requests) {
            requests.addLast(recorded);
            while (requests.size() > retain) {
                requests.removeFirst();
            }
        }
        if (fault != null && fault.closesUnanswered()) {
            inFlight.decrementAndGet();
            // closing before any response header is sent closes the connection: the client sees no answer
            exchange.close();
            release(answer);
            return;
        }
        long delay = fault != null && fault.answerDelay() != null ? fault.answerDelay().toMillis() : latency.toMillis();
        if (delay > 0) {
            delayer.schedule(() -> workers.execute(() -> send(exchange, answer)), delay, TimeUnit.MILLISECONDS);
        } else {
            send(exchange, answer);
        }
    }

    private Fault plannedFault(String digest, byte[] body) {
        Function<JsonNode, List<Fault>> plan = faultPlan;
        if (plan == null) {
            return null;
        }
        Deque<Fault> script = chatFaults.computeIfAbsent(digest, chat -> {
            List<Fault> planned = plan.apply(parseOrNull(body));
            return planned == null ? new ArrayDeque<>() : new ArrayDeque<>(planned);
        });
        synchronized (script) {
            return script.pollFirst();
        }
    }

    private JsonNode parseOrNull(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(byte[] body) {
        return HexFormat.of().formatHex(SHA_256.get().digest(body));
    }

    private SandboxAnswer answer(HttpExchange exchange, SandboxRoute route, byte[] body, String digest) {
        if (!apiToken.equals(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
            return SandboxAnswer.error(401, "A valid X-API-Token header is required.");
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (route.call() == null) {
            return route.allow() == null ? SandboxAnswer.error(404, "No such resource: " + method + " " + path)
                    : SandboxAnswer.methodNotAllowed(method, path, route.allow());
        }
        if (route.call() == SandboxCall.DECLARE) {
            return interactions.declare(exchange.getRequestHeaders().getFirst("Content-Type"), body, digest,
                    processingTime, retain);
        }
        return interactions.answer(route.call(), route.identifier());
    }

    private void send(HttpExchange exchange, SandboxAnswer answer) {
        inFlight.decrementAndGet();
        release(answer);
        try (exchange) {
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(answer.retryAfter().toSeconds()));
            }
            if (answer.allow() != null) {
                exchange.getResponseHeaders().set("Allow", answer.allow());
            }
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static void release(SandboxAnswer answer) {
        if (answer != null && answer.release() != null) {
            answer.release().run();
        }
    }

    private RecordedRequest record(HttpExchange exchange, byte[] body, String digest, Fault fault, String identifier,
            SandboxCall call) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(shared(name.toLowerCase(Locale.ROOT)),
                values.size() == 1 ? List.of(shared(values.get(0))) : List.copyOf(values)));
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(headers), body, Instant.now(), digest, fault, identifier, call);
    }

    /** The one copy of a string seen before, while there are few of them; else the string itself. */
    private String shared(String value) {
        String known = sharedStrings.get(value);
        if (known == null && sharedStrings.size() < MOST_SHARED_STRINGS) {
            known = sharedStrings.putIfAbsent(value, value);
        }
        return known != null ? known : value;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "ElevateAiSandbox[" + baseUrl() + "]";
    }
}
