package io.github.camelelevateai.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.runner.EmbeddedArtemis;
import io.github.camelelevateai.runner.RunnerForBenchmarks;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.RecordedRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.util.FileUtil;

/**
 * The JMS route scaled out: 1, 2 and 4 instances of routes/jms-to-elevateai.yaml (through the runner, each in a JVM of
 * its own) consuming one queue of an embedded Artemis broker, sharing one de-duplication store in an embedded
 * PostgreSQL, declaring to the sandbox, which answers after {@code benchmark.jms.latency} ms. The broker and the
 * sandbox run in this JVM, PostgreSQL in its own processes.
 * <p>
 * Four runner JVMs are started and warmed up together, in rounds until their JIT compilers settle (on a busy 2-core
 * machine that takes tens of thousands of chats through each). Then, in each of {@code benchmark.jms.rounds} rounds,
 * each instance count is measured on one batch of chats sent in one transaction, so that the whole batch reaches the
 * queue at once, after an unmeasured batch a fifth of a warm-up round's size; the runners left out of a count have
 * their JMS route stopped. Per measurement: chats per second, the
 * scaling factor against the median rate of 1 instance, CPU per chat in each runner JVM (its process CPU time over the
 * chats it handled), in all runners together and how much of that went to the JIT compilers, in this JVM and in
 * PostgreSQL, how busy the whole machine was, how many connections the broker accepted (from any JVM), and what a
 * runner costs while its consumers wait on an empty queue. Every chat of every batch is checked: declared exactly once
 * (the sandbox's record), and its result on the results queue names the identifier the sandbox declared it under.
 * <p>
 * Run: {@code mvn -B -q test-compile exec:exec@jms-scaling-benchmark} (docs/performance.md). System properties:
 * {@code benchmark.jms.chats} (measured chats per instance), {@code benchmark.jms.warmup} (warm-up chats per runner
 * JVM and round), {@code benchmark.jms.warmup.rounds} (at most), {@code benchmark.jms.latency} (ms), {@code
 * benchmark.jms.rounds}, {@code benchmark.jms.instances} (default 4,2,1), {@code benchmark.jms.runner.options} (more
 * JVM options for the runners, such as a JFR recording), {@code benchmark.jms.baseline} (folders of other builds of
 * the project, comma-separated, each with its routes/ and target/classes, measured side by side with this one on queues
 * of their own and named by their folder).
 */
public final class JmsScalingBenchmark {

    private static final int CHATS_PER_INSTANCE = Integer.getInteger("benchmark.jms.chats", 3_000);
    private static final int WARM_UP_PER_RUNNER = Integer.getInteger("benchmark.jms.warmup", 5_000);
    private static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("benchmark.jms.warmup.rounds", 10);
    /** Warmed up: the JIT compiler threads took less than this share of the runners' CPU in the last round. */
    private static final double JIT_SETTLED = 0.05;
    /** The route's default concurrency: with the latency, what the API allows each instance. */
    private static final int CONCURRENCY = 8;
    private static final long LATENCY_MILLIS = Long.getLong("benchmark.jms.latency", 20);
    private static final int ROUNDS = Integer.getInteger("benchmark.jms.rounds", 3);
    private static final String INSTANCES = System.getProperty("benchmark.jms.instances", "4,2,1");
    private static final String BASELINE = System.getProperty("benchmark.jms.baseline", "").strip();
    private static final String RUNNER_OPTIONS = System.getProperty("benchmark.jms.runner.options", "").strip();
    private static final String ROUTE = "routes/jms-to-elevateai.yaml";
    private static final int IDLE_SECONDS = 5;
    private static final String READY = "runner ready";
    private static final String COUNT = "count";
    private static final String START = "start consuming";
    private static final String STOP = "stop consuming";
    private static final String DONE = "done";
    private static final String ROUTE_ID = "jms-to-elevateai";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final EmbeddedArtemis broker;
    private final EmbeddedPostgres postgres;
    private final Path postgresData;
    private final ElevateAiSandbox sandbox;
    private final Connection client;
    /** Results and dead letters of the batch under way, by the chat's correlation id. */
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final Map<String, String> deadLetters = new ConcurrentHashMap<>();
    private final Semaphore answers = new Semaphore(0);
    private final Map<Build, String> databaseOf = new HashMap<>();
    private int measurements;

    private JmsScalingBenchmark(Path work) throws Exception {
        this.work = work;
        this.broker = EmbeddedArtemis.start(work.resolve("artemis"), 0);
        this.postgresData = work.resolve("postgres");
        // zonky's defaults (synchronous_commit off), as the store's tests run it
        this.postgres = EmbeddedPostgres.builder().setDataDirectory(postgresData).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "300").setServerConfig("listen_addresses", "127.0.0.1").start();
        this.sandbox = ElevateAiSandbox.start(ElevateAiSandbox.DEFAULT_TOKEN, 0);
        this.client = new ActiveMQConnectionFactory(broker.url()).createConnection();
        client.start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("runner")) {
            runner(args);
            return;
        }
        int[] counts = Arrays.stream(INSTANCES.split(",")).map(String::strip).mapToInt(Integer::parseInt)
                .boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
        List<Build> builds = new ArrayList<>();
        for (String other : BASELINE.isEmpty() ? new String[0] : BASELINE.split(",")) {
            builds.add(Build.other(Path.of(other.strip())));
        }
        builds.add(Build.THIS);
        Path work = Files.createTempDirectory("elevateai-jms-benchmark");
        JmsScalingBenchmark benchmark = new JmsScalingBenchmark(work);
        Map<Build, List<RunnerProcess>> runners = new LinkedHashMap<>();
        try {
            System.out.printf(Locale.ROOT, "JMS route on one Artemis queue with a shared PostgreSQL store; %d cores;"
                            + " %s; sandbox answering after %d ms; concurrency %d per instance, so the API allows %,.0f"
                            + " chats/s per instance; warm-up rounds of %,d chats per runner JVM until its JIT"
                            + " compilers settle (under %.0f%% of its CPU); %,d measured chats per instance; load"
                            + " average at start %s%n%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), LATENCY_MILLIS,
                    CONCURRENCY, CONCURRENCY * 1000.0 / Math.max(1, LATENCY_MILLIS), WARM_UP_PER_RUNNER,
                    100 * JIT_SETTLED, CHATS_PER_INSTANCE, loadAverage());
            for (Build build : builds) {
                runners.put(build, benchmark.startRunners(build, counts[0]));
            }
            Map<Build, String> warmUps = new LinkedHashMap<>();
            for (Build build : builds) {
                for (RunnerProcess runner : runners.get(build)) {
                    runner.awaitReady();
                }
                warmUps.put(build, benchmark.warmUp(build, runners.get(build)));
            }
            Map<Build, List<Measured>> measured = new LinkedHashMap<>();
            // rounds, instance counts within a round and builds within an instance count alternate, so that none gains
            // from a quieter moment of a shared machine; the runners left out stop consuming
            for (int round = 0; round < ROUNDS; round++) {
                for (int instances : counts) {
                    for (Build build : builds) {
                        List<RunnerProcess> all = runners.get(build);
                        for (int i = 0; i < all.size(); i++) {
                            all.get(i).consume(i < instances);
                        }
                        measured.computeIfAbsent(build, key -> new ArrayList<>())
                                .add(benchmark.measure(build, all.subList(0, instances)));
                    }
                }
            }
            stopAll(runners);
            warmUps.forEach((build, warmUp) -> System.out.println("Warm-up of " + build.name() + ": " + warmUp));
            System.out.println();
            printTable(measured);
            System.out.printf(Locale.ROOT, "%nLoad average at the end: %s%n", loadAverage());
        } finally {
            stopAll(runners);
            benchmark.close();
            FileUtil.removeDir(work.toFile());
        }
    }

    private static void stopAll(Map<Build, List<RunnerProcess>> runners) throws InterruptedException {
        for (List<RunnerProcess> running : runners.values()) {
            for (RunnerProcess runner : running) {
                runner.stop();
            }
            running.clear();
        }
    }

    private static void printTable(Map<Build, List<Measured>> measured) {
        System.out.println("| build | instances | chats | seconds | chats/s | scaling | CPU per chat in each runner"
                           + " JVM, ms (chats it handled) | all runners, ms per chat | of which JIT compilers | broker +"
                           + " sandbox JVM, ms per chat | PostgreSQL, ms per chat | store transactions per chat"
                           + " | machine busy (cores) | broker connections opened | idle runner JVM, CPU ms per s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        measured.forEach((build, rows) -> rows.stream().sorted((a, b) -> a.instances() - b.instances())
                .forEach(row -> System.out.println("| " + build.name() + " "
                                                   + row.row(median(rows, 1, Measured::rate)))));
        if (ROUNDS > 1) {
            System.out.printf(Locale.ROOT, "%nMedians of %d rounds%n%n", ROUNDS);
            System.out.println("| build | instances | chats/s | scaling | all runners, CPU ms per chat | broker +"
                               + " sandbox JVM, ms per chat | PostgreSQL, ms per chat |");
            System.out.println("|---|---|---|---|---|---|---|");
            measured.forEach((build, rows) -> rows.stream().mapToInt(Measured::instances).distinct().sorted()
                    .forEach(instances -> System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %.2fx | %.2f | %.2f |"
                                                                         + " %.2f |%n", build.name(), instances,
                            median(rows, instances, Measured::rate),
                            median(rows, instances, Measured::rate) / median(rows, 1, Measured::rate),
                            median(rows, instances, Measured::runnersCpuMillisPerChat),
                            median(rows, instances, Measured::harnessCpuMillisPerChat),
                            median(rows, instances, Measured::postgresCpuMillisPerChat))));
        }
    }

    private static double median(List<Measured> rows, int instances, java.util.function.ToDoubleFunction<Measured> of) {
        double[] values = rows.stream().filter(row -> row.instances() == instances).mapToDouble(of).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /**
     * @param runnerCpuMillisPerChat  each runner JVM's CPU time over the chats it handled
     * @param chatsPerRunner          how many of the batch's chats each runner handled
     * @param runnersCpuMillisPerChat all runner JVMs' CPU time over all the batch's chats
     * @param compilerShare           how much of that the JIT compiler threads took
     */
    private record Measured(int instances, int chats, double seconds, List<Double> runnerCpuMillisPerChat,
            List<Long> chatsPerRunner, double runnersCpuMillisPerChat, double compilerShare,
            double harnessCpuMillisPerChat,
            double postgresCpuMillisPerChat, double storeCommitsPerChat, double busyCores, long connections,
            double idleCpuMillisPerSecond) {

        double rate() {
            return chats / seconds;
        }

        String row(double single) {
            StringBuilder cpu = new StringBuilder();
            for (int i = 0; i < runnerCpuMillisPerChat.size(); i++) {
                cpu.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f (%,d)",
                        runnerCpuMillisPerChat.get(i), chatsPerRunner.get(i)));
            }
            return String.format(Locale.ROOT, "| %d | %,d | %.1f | %,.0f | %s | %s | %.2f | %.0f%% | %.2f | %.2f | %.2f"
                                              + " | %.2f | %,d | %.1f |", instances, chats, seconds, rate(), single > 0
                    ? String.format(Locale.ROOT, "%.2fx", rate() / single) : "-", cpu, runnersCpuMillisPerChat,
                    100 * compilerShare, harnessCpuMillisPerChat, postgresCpuMillisPerChat, storeCommitsPerChat,
                    busyCores, connections, idleCpuMillisPerSecond);
        }
    }

    private List<RunnerProcess> startRunners(Build build, int count) throws Exception {
        for (String queue : build.queues()) {
            broker.createQueue(queue);
        }
        Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(build.results())).setMessageListener(message -> {
            try {
                results.put(message.getJMSCorrelationID(), ((TextMessage) message).getText());
            } catch (JMSException e) {
                results.put("unreadable " + message, e.toString());
            }
            answers.release();
        });
        session.createConsumer(session.createQueue(build.deadLetters())).setMessageListener(message -> {
            try {
                deadLetters.put(message.getJMSCorrelationID(), message.getStringProperty("elevateaiReason"));
            } catch (JMSException e) {
                deadLetters.put("unreadable " + message, e.toString());
            }
            answers.release();
        });
        String database = "declares_" + (databaseOf.size() + 1);
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        databaseOf.put(build, database);
        String store = postgres.getJdbcUrl("postgres", database).replace("localhost", "127.0.0.1");
        List<RunnerProcess> runners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runners.add(startRunner(build, store, work.resolve(build.name() + "-" + i)));
        }
        return runners;
    }

    /**
     * Rounds of chats until the runners' JIT compiler threads take under {@link #JIT_SETTLED} of their CPU: on a busy
     * small machine the compilers of several JVMs wait for CPU, and their work would otherwise end up in the figures.
     *
     * @return how it went, for the report
     */
    private String warmUp(Build build, List<RunnerProcess> runners) throws Exception {
        double share = 1;
        int round = 0;
        while (share >= JIT_SETTLED && round < MAX_WARM_UP_ROUNDS) {
            round++;
            long cpu = 0;
            long compilers = 0;
            for (RunnerProcess runner : runners) {
                cpu -= runner.cpuNanos();
                compilers -= runner.compilerNanos();
            }
            batch(build, "warm-up-" + build.name() + "-" + round, WARM_UP_PER_RUNNER * runners.size());
            for (RunnerProcess runner : runners) {
                cpu += runner.cpuNanos();
                compilers += runner.compilerNanos();
            }
            share = (double) compilers / cpu;
        }
        return String.format(Locale.ROOT, "%,d chats per runner JVM; the JIT compilers took %.0f%% of the runners' CPU"
                                          + " in the last round", round * WARM_UP_PER_RUNNER, 100 * share);
    }

    private Measured measure(Build build, List<RunnerProcess> runners) throws Exception {
        int instances = runners.size();
        // a runner left idle for minutes while others are measured loses compiled code (the JIT's sweeper flushes
        // cold methods) and compiles it again once busy: that is not what a busy instance costs
        batch(build, "again-" + build.name() + "-" + instances + "-" + (measurements + 1),
                WARM_UP_PER_RUNNER / 5 * instances);
        double idle = idleCpuMillisPerSecond(runners);
        int chats = CHATS_PER_INSTANCE * instances;
        long[] runnerCpu = new long[instances];
        long[] runnerChats = new long[instances];
        long compilers = 0;
        for (int i = 0; i < instances; i++) {
            runnerCpu[i] = runners.get(i).cpuNanos();
            runnerChats[i] = runners.get(i).completed();
            compilers -= runners.get(i).compilerNanos();
        }
        long harnessCpu = ownCpuNanos();
        long postgresCpu = postgresCpuNanos();
        long commits = storeCommits(build);
        long[] machine = machineTicks();
        long connections = connectionsOpened();
        long start = System.nanoTime();
        batch(build, "measured-" + build.name() + "-" + instances + "-" + ++measurements, chats);
        double seconds = (System.nanoTime() - start) / 1e9;
        connections = connectionsOpened() - connections;
        long[] machineAfter = machineTicks();
        double harness = (ownCpuNanos() - harnessCpu) / 1e6 / chats;
        double database = (postgresCpuNanos() - postgresCpu) / 1e6 / chats;
        TimeUnit.SECONDS.sleep(1);
        double commitsPerChat = (double) (storeCommits(build) - commits) / chats;
        List<Double> perRunner = new ArrayList<>();
        List<Long> handled = new ArrayList<>();
        double allRunners = 0;
        for (int i = 0; i < instances; i++) {
            long cpu = runners.get(i).cpuNanos() - runnerCpu[i];
            long done = runners.get(i).completed() - runnerChats[i];
            allRunners += cpu;
            perRunner.add(cpu / 1e6 / Math.max(1, done));
            handled.add(done);
            compilers += runners.get(i).compilerNanos();
        }
        double busy = Runtime.getRuntime().availableProcessors()
                      * (1 - (double) (machineAfter[1] - machine[1]) / (machineAfter[0] - machine[0]));
        return new Measured(instances, chats, seconds, perRunner, handled, allRunners / 1e6 / chats,
                compilers / allRunners, harness, database, commitsPerChat, busy, connections, idle);
    }

    /** The runners' CPU time while they wait with nothing to do: their consumers polling an empty queue. */
    private static double idleCpuMillisPerSecond(List<RunnerProcess> runners) throws Exception {
        long before = 0;
        for (RunnerProcess runner : runners) {
            before += runner.cpuNanos();
        }
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(IDLE_SECONDS);
        long after = 0;
        for (RunnerProcess runner : runners) {
            after += runner.cpuNanos();
        }
        return (after - before) / 1e6 / runners.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Sends the chats in one transaction, so that the whole batch reaches the queue at once, and waits for every
     * answer; then checks that each chat was declared once and that its result names that declare.
     */
    private void batch(Build build, String name, int chats) throws Exception {
        results.clear();
        deadLetters.clear();
        answers.drainPermits();
        sandbox.reset();
        sandbox.latency(Duration.ofMillis(LATENCY_MILLIS)).retain(Integer.MAX_VALUE);
        try (Session session = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(build.chats()));
            for (int i = 0; i < chats; i++) {
                TextMessage message = session.createTextMessage(chat(name, i));
                message.setJMSCorrelationID(name + "-" + i);
                producer.send(message);
            }
            session.commit();
        }
        if (!answers.tryAcquire(chats, 30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(name + ": " + answers.availablePermits() + " of " + chats
                    + " chats answered within 30 minutes");
        }
        check(name, chats);
    }

    private void check(String name, int chats) throws IOException {
        if (!deadLetters.isEmpty()) {
            throw new IllegalStateException(name + ": " + deadLetters.size() + " chats set aside, such as "
                    + deadLetters.entrySet().iterator().next());
        }
        Map<String, String> declaredAs = new HashMap<>();
        for (RecordedRequest request : sandbox.requests()) {
            String chat = JSON.readTree(request.body()).path("chat").path("messages").path(0).path("content")
                    .asText();
            if (!request.declared() || declaredAs.put(chat, request.interactionIdentifier()) != null) {
                throw new IllegalStateException(name + ": " + chat + " was sent twice, or not declared: " + request);
            }
        }
        if (declaredAs.size() != chats) {
            throw new IllegalStateException(name + ": " + declaredAs.size() + " declares for " + chats + " chats");
        }
        for (int i = 0; i < chats; i++) {
            String id = name + "-" + i;
            String result = results.get(id);
            if (result == null) {
                throw new IllegalStateException(name + ": no result for " + id);
            }
            JsonNode parsed = JSON.readTree(result);
            String identifier = declaredAs.get(content(name, i));
            if (identifier == null || !identifier.equals(parsed.path("interactionIdentifier").asText())
                || !id.equals(parsed.path("source").asText())) {
                throw new IllegalStateException(name + ": the result of " + id + " (" + result
                        + ") does not name its declare, " + identifier);
            }
        }
    }

    /**
     * Transactions committed in the build's store so far. PostgreSQL reports a busy backend's counts up to half a
     * second late, so a batch's figure is off by a few percent.
     */
    private long storeCommits(Build build) throws Exception {
        try (java.sql.Connection admin = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement sql = admin.createStatement();
             java.sql.ResultSet row = sql.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = '"
                                                       + databaseOf.get(build) + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private RunnerProcess startRunner(Build build, String store, Path runnerWork) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dlog4j2.configurationFile=benchmark/log4j2-benchmark.properties");
        if (!RUNNER_OPTIONS.isEmpty()) {
            command.addAll(Arrays.asList(RUNNER_OPTIONS.split("\\s+")));
        }
        command.addAll(List.of("-cp", build.classpath(), JmsScalingBenchmark.class.getName(), "runner", build.route(),
                broker.url(), store, sandbox.baseUrl(), runnerWork.toString(), build.chats(), build.results(),
                build.deadLetters()));
        return new RunnerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /**
     * In a runner JVM: the JMS route until its input ends; it answers {@value #COUNT} with the chats done so far, and
     * starts or stops the route when told.
     */
    private static void runner(String[] args) throws Exception {
        RunnerForBenchmarks runner = RunnerForBenchmarks.start(args[1], Map.of(
                "camel.component.elevateai.baseUrl", args[4],
                "camel.component.elevateai.apiToken", ElevateAiSandbox.DEFAULT_TOKEN,
                "elevateai.work.dir", args[5],
                "elevateai.concurrency", String.valueOf(CONCURRENCY),
                "elevateai.jms.url", args[2],
                "elevateai.declared.store", args[3],
                "elevateai.jms.queue", args[6],
                "elevateai.jms.results.queue", args[7],
                "elevateai.jms.dead.letter.queue", args[8]), Integer.MAX_VALUE);
        System.out.println(READY);
        System.out.flush();
        try {
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                if (command.equals(COUNT)) {
                    System.out.println(runner.completed());
                } else if (command.equals(START) || command.equals(STOP)) {
                    runner.route(ROUTE_ID, command.equals(START));
                    System.out.println(DONE);
                }
                System.out.flush();
            }
        } finally {
            runner.stop();
        }
        System.exit(0);
    }

    /**
     * What the runners run: this build, or another build of the project (its routes/ and target/classes) measured
     * side by side with it, such as the commit before a change. Each build has queues of its own.
     */
    private record Build(String name, String route, String classpath) {

        static final Build THIS = new Build("this", ROUTE, System.getProperty("java.class.path"));

        static Build other(Path project) {
            String own = Path.of("target", "classes").toAbsolutePath().toString();
            StringBuilder classpath = new StringBuilder(project.resolve("target/classes").toAbsolutePath().toString());
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!Path.of(entry).toAbsolutePath().toString().equals(own)) {
                    classpath.append(File.pathSeparator).append(entry);
                }
            }
            return new Build(project.getFileName().toString(), project.resolve(ROUTE).toString(), classpath.toString());
        }

        String chats() {
            return "elevateai.chats." + name;
        }

        String results() {
            return "elevateai.results." + name;
        }

        String deadLetters() {
            return "elevateai.chats.DLQ." + name;
        }

        List<String> queues() {
            return List.of(chats(), results(), deadLetters());
        }
    }

    /** A runner JVM, asked over its standard input how many chats it has handled; the end of that input stops it. */
    private static final class RunnerProcess {

        private final Process process;
        private final BufferedReader out;
        private final PrintStream in;
        private boolean consuming = true;

        RunnerProcess(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        void awaitReady() throws IOException {
            for (String line = out.readLine(); !READY.equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("a runner ended before it was ready (exit " + exit() + ")");
                }
            }
        }

        /** Starts or stops the runner's JMS route, unless it already is so. */
        void consume(boolean on) throws IOException {
            if (on != consuming) {
                in.println(on ? START : STOP);
                if (!DONE.equals(out.readLine())) {
                    throw new IllegalStateException("a runner could not " + (on ? START : STOP) + " (exit " + exit()
                            + ")");
                }
                consuming = on;
            }
        }

        long completed() throws IOException {
            in.println(COUNT);
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("a runner ended (exit " + exit() + ")");
            }
            return Long.parseLong(line);
        }

        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos)
                    .orElseThrow(() -> new IllegalStateException("no CPU time for process " + process.pid()));
        }

        /** CPU time of the JVM's JIT compiler threads alive now, from /proc (in clock ticks of 10 ms). */
        long compilerNanos() throws IOException {
            long ticks = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException ended) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        // after the name: state, then fields 4 on; utime and stime are fields 14 and 15
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            }
            return ticks * 10_000_000L;
        }

        void stop() throws InterruptedException {
            in.close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }

        private String exit() {
            try {
                return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "none yet";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }
    }

    private static String chat(String batch, int n) {
        return "{\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\", \"role\": \"agent\"},"
               + " {\"participant_id\": \"cust-" + n + "\", \"name\": \"Customer " + n + "\", \"role\": \"customer\"}],"
               + " \"messages\": [{\"participant_id\": \"cust-" + n + "\", \"timestamp\": \"2024-03-11T09:02:11Z\","
               + " \"content\": \"" + content(batch, n) + "\"},"
               + " {\"participant_id\": \"agent-1\", \"timestamp\": \"2024-03-11T09:02:40Z\", \"content\": \"I am"
               + " sorry to hear that. Let me check the invoice from last month for you.\"},"
               + " {\"participant_id\": \"cust-" + n + "\", \"timestamp\": \"2024-03-11T09:03:05Z\", \"content\":"
               + " \"Thank you, it shows a charge I do not recognise.\"}]}";
    }

    private static String content(String batch, int n) {
        return "Chat " + n + " of " + batch + ": could you check my invoice?";
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The postmaster (its pid is the first line of postmaster.pid) and its backends, alive now. */
    private long postgresCpuNanos() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                .mapToLong(process -> process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** @return all ticks and idle ticks (idle and I/O wait) of the whole machine, from /proc/stat */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).strip().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] { total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]) };
    }

    private static String loadAverage() throws IOException {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return load[0] + " " + load[1] + " " + load[2];
    }

    /** Connections the broker accepted since it started (its JMX attribute TotalConnectionCount). */
    private static long connectionsOpened() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName broker = server.queryNames(new ObjectName("org.apache.activemq.artemis:broker=*"), null)
                .iterator().next();
        return ((Number) server.getAttribute(broker, "TotalConnectionCount")).longValue();
    }

    private void close() throws Exception {
        try {
            client.close();
        } catch (JMSException e) {
            // the broker stops next anyway
        }
        sandbox.close();
        postgres.close();
        broker.close();
    }
}
