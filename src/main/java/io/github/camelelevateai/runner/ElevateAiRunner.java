package io.github.camelelevateai.runner;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.camelelevateai.component.ElevateAiConfiguration;
import io.github.camelelevateai.component.SensitiveKeyword;
import io.github.camelelevateai.routes.ChatAnalyses;
import io.github.camelelevateai.routes.ChatOutcomes;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.camel.spi.PropertiesComponent;
import sun.misc.Signal;

/**
 * The main job: runs the ready-made YAML routes named on the command line (the file route and the file results route
 * when none is named) with the shared declaring route beside them, and the shared results route beside a results
 * route, until it is stopped. Without {@code ELEVATEAI_API_TOKEN}
 * it starts the embedded sandbox and points the routes at it, so nothing leaves the machine.
 */
public final class ElevateAiRunner {

    static final String LOG_CONFIGURATION = "io/github/camelelevateai/runner/log4j2-runner.properties";
    static final String DEFAULT_ROUTE = "routes/file-to-elevateai.yaml";
    static final List<String> DEFAULT_ROUTES = List.of(DEFAULT_ROUTE, "routes/file-results.yaml");
    static final String SHARED_ROUTE = "elevateai-declare.yaml";
    /** The shared results path, loaded beside any route whose file name ends with {@value #RESULTS_SUFFIX}. */
    static final String SHARED_RESULTS_ROUTE = "elevateai-results.yaml";
    private static final String RESULTS_SUFFIX = "results.yaml";
    /**
     * Where the build puts copies of routes/ and of each route's examples/&lt;route&gt;/application.properties, so the
     * jar runs from any folder. Not at the root of the classpath: a library must not hand its application.properties
     * to every camel-main application that has it on the classpath.
     */
    static final String PACKAGED = "elevateai-routes/";
    static final String JMS_ROUTE = "jms-to-elevateai.yaml";
    static final String JMS_RESULTS_ROUTE = "jms-results.yaml";
    /** The JMS routes' connection factory, loaded beside either of them. */
    static final String SHARED_JMS_ROUTE = "elevateai-jms.yaml";
    static final String JMS_URL_VARIABLE = "ELEVATEAI_JMS_URL";
    static final String JMS_CONNECTION_FACTORY_VARIABLE = "ELEVATEAI_JMS_CONNECTION_FACTORY";
    static final String JMS_URL_PROPERTY = "elevateai.jms.url";
    static final String JMS_CONNECTION_FACTORY_PROPERTY = "elevateai.jms.connection.factory";
    /** The defaults of examples/jms-to-elevateai/application.properties: a broker of nobody's choosing. */
    static final String DEFAULT_JMS_URL = "tcp://127.0.0.1:61616";
    static final String DEFAULT_JMS_CONNECTION_FACTORY = "elevateaiArtemisConnectionFactory";
    private static final String API_TOKEN_OPTION = "camel.component.elevateai.apiToken";
    private static final String BASE_URL_OPTION = "camel.component.elevateai.baseUrl";
    static final String STORE_PROPERTY = "elevateai.declared.store";
    private static final String CONNECT_TIMEOUT_OPTION = "camel.component.elevateai.connectTimeout";
    private static final String REQUEST_TIMEOUT_OPTION = "camel.component.elevateai.requestTimeout";
    private static final int MIN_SHUTDOWN_TIMEOUT_SECONDS = 30;
    private static final int SHUTDOWN_MARGIN_SECONDS = 10;
    static final String SANDBOX_PROPERTY = "elevateai.sandbox";
    static final int EMBEDDED_BROKER_PORT = 61616;
    static final String EMBEDDED_BROKER_PORT_PROPERTY = "elevateai.jms.embedded.port";

    private final PrintStream out;
    private final Map<String, String> environment;
    private final Main main = new Main();
    private ElevateAiSandbox sandbox;
    private EmbeddedArtemis broker;
    private volatile ChatOutcomes outcomes;
    private volatile ChatAnalyses analyses;

    ElevateAiRunner(PrintStream out) {
        this(out, System.getenv());
    }

    /** @param environment where the runner reads ELEVATEAI_MANAGEMENT_PORT and ELEVATEAI_MANAGEMENT_HOST */
    ElevateAiRunner(PrintStream out, Map<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
        ElevateAiRunner runner = new ElevateAiRunner(System.out);
        // SIGTERM and Ctrl-C stop Camel gracefully (in-flight chats finish or stay in their source), then exit 0
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), received -> runner.main.completed());
        }
        int exitCode;
        try {
            exitCode = runner.run(args.length > 0 ? List.of(args) : DEFAULT_ROUTES, Map.of());
        } catch (Exception e) {
            System.err.println("The runner could not start: " + reasons(e));
            exitCode = 2;
        }
        // Camel's own non-daemon threads must not keep a failed or finished runner alive
        System.exit(exitCode);
    }

    /**
     * The failure's message and its causes', each once: Camel wraps a bean's failure (the de-duplication store in use
     * by another process, say) in one that only names the routes file it was reading.
     */
    static String reasons(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.length() > 0 ? text.toString() : failure.toString();
    }

    /**
     * Runs until {@link #stop()} or a signal.
     *
     * @param overrides Camel properties that win over every file (tests point the routes at their own folders)
     * @return the exit code: 0 after a clean stop
     */
    int run(List<String> routes, Map<String, String> overrides) throws Exception {
        configure(routes, overrides);
        try {
            main.run();
        } finally {
            stopEmbedded();
        }
        int exitCode = main.getExitCode();
        printSummary();
        return exitCode;
    }

    /** Starts in the background, for tests; {@link #stop()} ends it. */
    void start(List<String> routes, Map<String, String> overrides) throws Exception {
        configure(routes, overrides);
        // Camel's hang-up interceptor is a JVM shutdown hook that holds on to the Main, and with it the stopped
        // context and everything it held, until the JVM ends: tests and benchmarks start many runners in one JVM
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        try {
            main.start();
        } catch (Exception e) {
            stopEmbedded();
            throw e;
        }
    }

    void stop() throws Exception {
        outcomes();
        main.stop();
        printSummary();
        stopEmbedded();
    }

    Main main() {
        return main;
    }

    /** The counts of the shared declaring route, kept once found so that they outlive the stopped context. */
    ChatOutcomes outcomes() {
        if (outcomes == null && main.getCamelContext() != null) {
            outcomes = main.getCamelContext().getRegistry().lookupByNameAndType("elevateaiOutcomes", ChatOutcomes.class);
            analyses = main.getCamelContext().getRegistry().lookupByNameAndType("elevateaiAnalyses",
                    ChatAnalyses.class);
        }
        return outcomes;
    }

    /** The counts of the shared results route, when it runs; found with {@link #outcomes()}. */
    ChatAnalyses analyses() {
        outcomes();
        return analyses;
    }

    private void configure(List<String> routes, Map<String, String> overrides) {
        List<String> locations = routeLocations(routes);
        boolean jms = isJms(routes);
        main.configure().withRoutesIncludePattern(String.join(",", locations));
        main.setPropertyPlaceholderLocations(propertyLocations(routes));
        ManagementEnvironment.properties(environment).forEach(main::addInitialProperty);
        if (!SensitiveKeyword.supported()) {
            // Camel 4.14's summary of configured properties cannot be told that apiToken is secret, and the sandbox's
            // token (or the user's, as a property) would show in it at INFO; a user's own setting still wins
            main.addInitialProperty("camel.main.autoConfigurationLogSummary", "false");
        }
        ComponentEnvironment.options(System.getenv(), System.getProperties()).forEach(main::addOverrideProperty);
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            /** Properties are loaded, routes not yet: what is configured decides what to start in their place. */
            @Override
            public void beforeConfigure(BaseMainSupport starting) {
                PropertiesComponent properties = starting.getCamelContext().getPropertiesComponent();
                int shutdownTimeout = shutdownTimeoutSeconds(properties);
                starting.configure().withShutdownTimeout(shutdownTimeout);
                chooseApi(properties);
                if (jms && !brokerConfigured(properties)) {
                    startBroker(properties);
                }
                managementAddress(properties).ifPresent(address -> out.println("Health at " + address
                        + properties.resolveProperty("camel.management.healthPath").orElse("/observe/health")
                        + ", Prometheus metrics at " + address
                        + properties.resolveProperty("camel.metrics.path").orElse("/observe/metrics") + "."));
            }

            /**
             * camel-main has applied camel.main.* from the files, CAMEL_MAIN_* and -D by now, each free to replace the
             * runner's choices: say what will run, not what was asked for on the command line.
             */
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                out.println("Routes: " + configured.configure().getRoutesIncludePattern().replace(",", ", "));
            }

            @Override
            public void beforeStop(BaseMainSupport stopping) {
                outcomes();
            }
        });
    }

    /** Where camel-main's management server listens, when it is on. */
    private static Optional<String> managementAddress(PropertiesComponent properties) {
        if (!properties.resolveProperty("camel.management.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("http://" + properties.resolveProperty("camel.management.host").orElse("0.0.0.0")
                + ":" + properties.resolveProperty("camel.management.port").orElse("8080"));
    }

    /**
     * Long enough for a declare in flight to end with its answer at a stop (a wait for a connection or a pool slot,
     * then the request), so that a stop never turns a declare into an unknown outcome by cutting it short.
     */
    static int shutdownTimeoutSeconds(PropertiesComponent properties) {
        long connect = properties.resolveProperty(CONNECT_TIMEOUT_OPTION).map(Long::parseLong).orElse(10_000L);
        long request = properties.resolveProperty(REQUEST_TIMEOUT_OPTION).map(Long::parseLong).orElse(30_000L);
        return (int) Math.max(MIN_SHUTDOWN_TIMEOUT_SECONDS, (connect + request) / 1000 + SHUTDOWN_MARGIN_SECONDS);
    }

    /**
     * The real API when a token is configured (the environment, or the apiToken option in any properties file,
     * through a vault function for instance); the embedded sandbox otherwise.
     */
    private void chooseApi(PropertiesComponent properties) {
        String option = properties.resolveProperty(API_TOKEN_OPTION).orElse(null);
        if (isBlank(option) && isBlank(System.getenv(ElevateAiConfiguration.API_TOKEN_VARIABLE))) {
            startSandbox(properties);
        } else {
            out.println("Declaring against " + properties.resolveProperty(BASE_URL_OPTION)
                    .orElse(ElevateAiConfiguration.DEFAULT_BASE_URL) + " with the token from "
                        + (isBlank(option) ? ElevateAiConfiguration.API_TOKEN_VARIABLE : "the apiToken option") + ".");
        }
    }

    private void startSandbox(PropertiesComponent properties) {
        try {
            sandbox = ElevateAiSandbox.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded sandbox: " + e.getMessage(), e);
        }
        properties.addOverrideProperty(BASE_URL_OPTION, sandbox.baseUrl());
        properties.addOverrideProperty(API_TOKEN_OPTION, sandbox.apiToken());
        // a declare to the sandbox must never count as one to ElevateAI: its state is kept apart, its results marked
        String workDir = properties.resolveProperty("elevateai.work.dir").orElse("work");
        String store = Path.of(workDir, "sandbox", "declared-chats.txt").toString();
        properties.addOverrideProperty(STORE_PROPERTY, store);
        properties.addOverrideProperty(SANDBOX_PROPERTY, "true");
        out.println("No " + ElevateAiConfiguration.API_TOKEN_VARIABLE + " set: declaring against the embedded"
                    + " ElevateAI sandbox at " + sandbox.baseUrl() + " (nothing leaves this machine; its de-duplication"
                    + " state is kept apart in " + store + " and its results say \"sandbox\": true).");
    }

    /** A JMS route with no broker configured: an embedded Artemis, journaled under the work folder. */
    private void startBroker(PropertiesComponent properties) {
        String workDir = properties.resolveProperty("elevateai.work.dir").orElse("work");
        int port = properties.resolveProperty(EMBEDDED_BROKER_PORT_PROPERTY).filter(value -> !value.isBlank())
                .map(Integer::parseInt).orElse(EMBEDDED_BROKER_PORT);
        try {
            broker = EmbeddedArtemis.start(Path.of(workDir, "artemis"), port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Artemis broker on port " + port
                    + " (" + e.getMessage() + "); if a broker already runs there, set " + JMS_URL_VARIABLE
                    + "=tcp://127.0.0.1:" + port + " to use it, or ELEVATEAI_JMS_EMBEDDED_PORT to another port", e);
        }
        properties.addOverrideProperty(JMS_URL_PROPERTY, broker.url());
        out.println("No broker configured (" + JMS_URL_VARIABLE + ", " + JMS_CONNECTION_FACTORY_VARIABLE + "): consuming"
                    + " from an embedded ActiveMQ Artemis broker at " + broker.url() + " (send chats to its queue"
                    + " elevateai.chats, or as ELEVATEAI_JMS_QUEUE says).");
    }

    /**
     * A broker URL other than the default for the route's Artemis connection factory, or a connection factory of the
     * user's own: in the environment or in any properties file.
     */
    private static boolean brokerConfigured(PropertiesComponent properties) {
        return !isBlank(System.getenv(JMS_URL_VARIABLE)) || !isBlank(System.getenv(JMS_CONNECTION_FACTORY_VARIABLE))
               || !properties.resolveProperty(JMS_URL_PROPERTY).orElse(DEFAULT_JMS_URL).equals(DEFAULT_JMS_URL)
               || !properties.resolveProperty(JMS_CONNECTION_FACTORY_PROPERTY).orElse(DEFAULT_JMS_CONNECTION_FACTORY)
                       .equals(DEFAULT_JMS_CONNECTION_FACTORY);
    }

    /** A JMS route among them: the runner then needs a broker, and the routes their connection factory. */
    private static boolean isJms(List<String> routes) {
        return routes.stream().anyMatch(route -> route.endsWith(JMS_ROUTE) || route.endsWith(JMS_RESULTS_ROUTE));
    }

    /**
     * The shared routes first (the declaring route, the results route when a results route is named, the JMS
     * connection factory when a JMS route is), each beside
     * the first named route that has it beside it, or else the packaged copy; then each named route.
     */
    static List<String> routeLocations(List<String> routes) {
        Set<String> locations = new LinkedHashSet<>();
        for (String route : routes) {
            Path file = Path.of(route);
            if (Files.isRegularFile(file)) {
                locations.add("file:" + file);
            } else if (ElevateAiRunner.class.getClassLoader().getResource(PACKAGED + file.getFileName()) != null) {
                locations.add("classpath:" + PACKAGED + file.getFileName());
            } else {
                throw new IllegalArgumentException("no such route file: " + route);
            }
        }
        List<String> shared = new ArrayList<>(List.of(SHARED_ROUTE));
        if (routes.stream().map(route -> Path.of(route).getFileName().toString())
                .anyMatch(name -> name.endsWith(RESULTS_SUFFIX) && !name.equals(SHARED_RESULTS_ROUTE))) {
            shared.add(SHARED_RESULTS_ROUTE);
        }
        if (isJms(routes)) {
            shared.add(SHARED_JMS_ROUTE);
        }
        List<String> all = new ArrayList<>();
        for (String name : shared) {
            String location = routes.stream().map(Path::of).filter(Files::isRegularFile)
                    .map(file -> file.toAbsolutePath().getParent().resolve(name)).filter(Files::isRegularFile)
                    .findFirst().map(file -> "file:" + file).orElse("classpath:" + PACKAGED + name);
            all.add(location);
        }
        locations.removeAll(all);
        all.addAll(locations);
        return all;
    }

    /**
     * An application.properties in the working folder, if any, for the user's own settings, then the packaged defaults
     * of each named route (examples/&lt;route&gt;/application.properties: every setting with its environment variable),
     * then the file route's, which hold the shared settings too. Camel takes a property from the first location that has
     * it, so the user's file comes first.
     */
    static String propertyLocations(List<String> routes) {
        List<String> locations = new ArrayList<>();
        locations.add("file:application.properties;optional=true");
        for (String route : routes) {
            String defaults = defaultsOf(route);
            if (ElevateAiRunner.class.getClassLoader().getResource(defaults) != null) {
                locations.add("classpath:" + defaults);
            }
        }
        // last, so that it only fills gaps: the shared declaring route, always loaded, needs the shared settings even
        // when only a results route (whose own file has only its settings) or a route of the user's own is named
        String shared = "classpath:" + defaultsOf(DEFAULT_ROUTE);
        if (!locations.contains(shared)) {
            locations.add(shared);
        }
        return String.join(",", locations);
    }

    private static String defaultsOf(String route) {
        return PACKAGED + Path.of(route).getFileName().toString().replaceFirst("\\.yaml$", "") + "/application.properties";
    }

    private void printSummary() {
        if (outcomes != null) {
            out.println("Stopped: " + outcomes.summary() + (analyses == null ? "" : ", " + analyses.summary()) + ".");
        }
    }

    private void stopEmbedded() throws Exception {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
