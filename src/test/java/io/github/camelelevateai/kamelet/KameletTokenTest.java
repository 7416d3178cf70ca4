package io.github.camelelevateai.kamelet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.camelelevateai.component.LogCapture;
import io.github.camelelevateai.component.SensitiveKeyword;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the API token shows when the Kamelets declare. Left out of the Kamelet, it is read from ELEVATEAI_API_TOKEN by
 * the component itself and shows nowhere, not even in Camel's TRACE logging. Given as the Kamelet's apiToken property,
 * it is masked wherever Camel prints an endpoint; only Camel's own DEBUG and TRACE logging of property and endpoint
 * resolution prints it, whatever the property's name, as it does for any Kamelet's password.
 */
@Tag("camel-kamelet")
class KameletTokenTest {

    /** Camel 4.18's loggers that print a resolved property's value or a raw endpoint URI at DEBUG or TRACE. */
    private static final List<String> CAMEL_LOGGERS_PRINTING_VALUES = List.of(
            "org.apache.camel.main.BaseMainSupport",
            "org.apache.camel.component.properties.",
            "org.apache.camel.impl.engine.DefaultCamelContextExtension",
            "org.apache.camel.impl.engine.AbstractCamelContext",
            "org.apache.camel.support.EndpointHelper",
            "org.apache.camel.support.DefaultComponent");

    private static final String SINK_ROUTE = """
            - route:
                from:
                  uri: %s
                  steps:
                    - setBody:
                        constant: '%s'
                    - to:
                        uri: kamelet:elevateai-declare-chat-sink
                        parameters:
                          baseUrl: "%s"
                    - log: "declared ${body}"
            """;

    @TempDir
    Path work;

    @Test
    void aTokenFromTheEnvironmentShowsInNoLogLineEvenWithEveryLoggerAtTrace() throws Exception {
        String token = "env-secret-" + UUID.randomUUID();
        Path log = work.resolve("trace.log");
        Path logConfiguration = Files.writeString(work.resolve("log4j2-trace.properties"), String.join("\n",
                "appender.file.type = File", "appender.file.name = file", "appender.file.fileName = " + log,
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %-5level %c - %msg%n%throwable",
                "rootLogger.level = TRACE", "rootLogger.appenderRef.file.ref = file", ""));
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0)) {
            Path routes = Files.writeString(work.resolve("routes.yaml"),
                    SINK_ROUTE.formatted("timer:declare?repeatCount=1", Chats.CHAT.replace("\n", " "), sandbox.baseUrl()));
            // the component reads the variable itself; a JVM of its own, since this one's environment is fixed
            ProcessBuilder camel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dlog4j2.configurationFile=" + logConfiguration,
                    "-cp", System.getProperty("java.class.path"), "org.apache.camel.main.Main")
                    .redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile());
            camel.environment().keySet().removeIf(name -> name.startsWith("ELEVATEAI_") || name.startsWith("CAMEL_"));
            camel.environment().putAll(Map.of("ELEVATEAI_API_TOKEN", token,
                    "CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + routes,
                    "CAMEL_MAIN_DURATIONMAXMESSAGES", "1"));
            Process process = camel.start();
            try {
                assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("camel-main stops after its one message").isTrue();
            } finally {
                process.destroyForcibly();
            }

            String out = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(out).isZero();
            assertThat(sandbox.declaredCount()).isEqualTo(1);
            assertThat(sandbox.requests()).singleElement()
                    .satisfies(request -> assertThat(request.header("X-API-Token")).isEqualTo(token));
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).as("the run logged at TRACE, the Kamelet's route among it").hasSizeGreaterThan(500)
                    .anyMatch(line -> line.startsWith("TRACE org.apache.camel."))
                    .anyMatch(line -> line.contains("elevateai-declare-chat-sink"))
                    .anyMatch(line -> line.contains("declared ") && line.matches(".*declared [0-9a-f-]{36}.*"));
            assertThat(lines).noneMatch(line -> line.contains(token));
            assertThat(out).doesNotContain(token);
        }
    }

    @Test
    void aTokenGivenAsTheKameletsPropertyIsMaskedWhereverCamelPrintsAnEndpoint() throws Exception {
        // characters a URI would otherwise change or split on
        String token = "kamelet+secret&%2B=" + UUID.randomUUID();
        List<String> printed = new ArrayList<>();
        List<String> lines;
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0); LogCapture logs = new LogCapture()) {
            try (YamlRoutes routes = YamlRoutes.start(work, SINK_ROUTE.formatted("direct:declare",
                    Chats.CHAT.replace("\n", " "), sandbox.baseUrl()),
                    Map.of("camel.kamelet.elevateai-declare-chat-sink.apiToken", token))) {
                Exchange result = routes.send("direct:declare", null);

                assertThat(result.getException()).isNull();
                assertThat(sandbox.requests()).singleElement()
                        .satisfies(request -> assertThat(request.header("X-API-Token")).isEqualTo(token));
                for (Endpoint endpoint : routes.context().getEndpoints()) {
                    printed.add(endpoint.toString());
                }
                for (Route route : routes.context().getRoutes()) {
                    printed.add(route.toString());
                    printed.add(route.getEndpoint().toString());
                }
                printed.add(String.valueOf(result));
            }
            lines = logs.lines();
        }

        assertThat(printed).anyMatch(line -> line.contains("elevateai://declareChat?apiToken=xxxxxx"))
                .noneMatch(line -> line.contains(token));
        assertThat(lines).as("the capture saw the run at TRACE").anyMatch(line -> line.startsWith("TRACE"))
                .as("the component warns of it at start")
                .anyMatch(line -> line.startsWith("WARN ") && line.contains("given as the apiToken option"));
        assertThat(lines.stream().filter(line -> line.contains(token)))
                .as("only Camel's own DEBUG and TRACE logging of property and endpoint resolution prints it")
                .isNotEmpty()
                .allMatch(line -> (line.startsWith("DEBUG ") || line.startsWith("TRACE "))
                                  && CAMEL_LOGGERS_PRINTING_VALUES.stream()
                                          .anyMatch(logger -> line.startsWith(logger, 6))
                                  // Camel 4.14's start summary, which the component's WARN names
                                  || !SensitiveKeyword.supported()
                                     && line.startsWith("INFO org.apache.camel.main.BaseMainSupport "));
    }
}
