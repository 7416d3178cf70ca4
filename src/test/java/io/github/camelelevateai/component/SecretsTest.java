package io.github.camelelevateai.component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token never shows: not in any log line at any level, not in an exception, not in a toString, not in an endpoint
 * URI as Camel prints it. The environment-variable path, which README recommends, is proven in a JVM of its own by
 * {@code io.github.camelelevateai.runner.RunnerTest}.
 * <p>
 * Apache HttpClient's {@code org.apache.hc.client5.http.headers} and {@code .wire} loggers print every request header,
 * and so the token, at DEBUG for the connections it makes itself; the component's pool makes its own, which do not.
 * <p>
 * Camel 4.18 itself prints raw endpoint URIs and property values at DEBUG and TRACE, whatever their names; a token
 * written into a URI or a property shows there, and only there. Those cases are pinned down here and in README.
 */
class SecretsTest {

    private static final List<String> CAMEL_DEBUG_LOGGERS_PRINTING_PROPERTIES =
            TokenLoggingWarning.CAMEL_LOGGERS_PRINTING_VALUES.subList(0, 5);
    private static final List<String> CAMEL_DEBUG_LOGGERS_PRINTING_URIS =
            TokenLoggingWarning.CAMEL_LOGGERS_PRINTING_VALUES.subList(5, 8);

    private final String token = "secret-" + UUID.randomUUID();
    private final String wrongToken = "wrong-" + UUID.randomUUID();

    @Test
    void aTokenSetOnTheComponentAppearsInNoLogLineAtTraceNorInAnythingPrinted() throws Exception {
        List<String> printed = new ArrayList<>();
        List<String> lines = run((main, sandbox) -> {
            main.bind("elevateai", component(token));
            ElevateAiComponent wrong = component(wrongToken);
            wrong.getConfiguration().setBaseUrl(sandbox.baseUrl());
            main.bind("elevateaiWrongToken", wrong);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:wrong-token").routeId("wrong-token").to("elevateaiWrongToken:declareChat");
                }
            });
        }, (context, sandbox) -> {
            for (Exchange exchange : declareInEveryWay(context.createProducerTemplate(), sandbox)) {
                printed.add(String.valueOf(exchange));
                printed.add(stackTrace(exchange.getException()));
            }
            for (Endpoint endpoint : context.getEndpoints()) {
                printed.add(endpoint.toString());
                printed.add(String.valueOf(endpoint.getComponent()));
                if (endpoint instanceof ElevateAiEndpoint elevateAi) {
                    printed.add(String.valueOf(elevateAi.getConfiguration()));
                    printed.add(String.valueOf(elevateAi.getClient()));
                }
            }
            sandbox.requests().forEach(request -> printed.add(request.toString()));
        });

        assertThat(lines).as("the capture saw the run at TRACE").hasSizeGreaterThan(200)
                .anyMatch(line -> line.startsWith("TRACE"))
                .as("Apache HttpClient's own DEBUG logging was on (its header and wire loggers print the token when"
                    + " its own connections are used)")
                .anyMatch(line -> line.startsWith("DEBUG org.apache.hc.client5.http.impl.classic."));
        for (String secret : List.of(token, wrongToken)) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
            assertThat(printed).noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void camelMainsSummaryMasksTheOptionThoughCamelsListLacksIt() throws Exception {
        List<String> lines = run((main, sandbox) -> main.addInitialProperty("camel.component.elevateai.apiToken", token),
                (context, sandbox) -> assertThat(context.createProducerTemplate().request("direct:declare",
                        e -> e.getMessage().setBody(ElevateAiTestSupport.chatJson())).getException()).isNull());

        if (!SensitiveKeyword.supported()) {
            // Camel 4.14: camel-main masks a fixed list of names in its summary, and the component can only say so
            assertThat(lines).as("a warning at start names the setting that stops camel-main's summary")
                    .anyMatch(line -> line.startsWith("WARN ") && line.contains("camel.main.autoConfigurationLogSummary=false"));
            assertThat(lines.stream().filter(line -> line.contains(token)))
                    .as("only camel-main's summary and Camel's own DEBUG lines about properties print it")
                    .allMatch(line -> line.contains("camel.component.elevateai.apiToken = " + token)
                                      || isDebugFrom(line, CAMEL_DEBUG_LOGGERS_PRINTING_PROPERTIES));
            return;
        }
        assertThat(lines).anyMatch(line -> line.contains("camel.component.elevateai.apiToken = xxxxxx"))
                .as("a warning at start names the loggers that print it")
                .anyMatch(line -> line.startsWith("WARN ") && line.contains("apiToken option")
                                  && line.contains("org.apache.camel.main.BaseMainSupport"));
        assertThat(lines.stream().filter(line -> line.contains(token)))
                .as("only Camel's own DEBUG lines about properties print a token written into a property")
                .allMatch(line -> isDebugFrom(line, CAMEL_DEBUG_LOGGERS_PRINTING_PROPERTIES));
    }

    @Test
    void aTokenInAnEndpointUriIsMaskedWhereverCamelPrintsTheEndpoint() throws Exception {
        List<String> printed = new ArrayList<>();
        List<String> lines = run((main, sandbox) -> main.bind("elevateai", component(token)), (context, sandbox) -> {
            ProducerTemplate template = context.createProducerTemplate();
            for (String uri : List.of("elevateai:declareChat?apiToken=RAW(" + wrongToken + ")",
                    "elevateai:declareChat?vertical=default&apiToken=" + wrongToken)) {
                Exchange result = template.request(uri, e -> e.getMessage().setBody(ElevateAiTestSupport.chatJson()));
                assertThat(result.getException()).isInstanceOf(ElevateAiAuthenticationException.class);
                printed.add(stackTrace(result.getException()));
                printed.add(context.getEndpoint(uri).toString());
            }
        });

        assertThat(printed).noneMatch(line -> line.contains(wrongToken));
        assertThat(lines).anyMatch(line -> line.contains("elevateai://declareChat?apiToken=xxxxxx"));
        assertThat(lines.stream().filter(line -> line.contains(wrongToken)))
                .as("only Camel's own DEBUG/TRACE lines about resolving endpoints print the raw URI")
                .allMatch(line -> isDebugFrom(line, CAMEL_DEBUG_LOGGERS_PRINTING_URIS));
    }

    private interface Scenario {
        void run(CamelContext context, ElevateAiSandbox sandbox) throws Exception;
    }

    private List<String> run(BiConsumer<Main, ElevateAiSandbox> configure, Scenario scenario) throws Exception {
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(token, 0); LogCapture logs = new LogCapture()) {
            Main main = new Main();
            main.addInitialProperty("camel.component.elevateai.baseUrl", sandbox.baseUrl());
            main.addInitialProperty("camel.component.elevateai.retryBackoff", "10");
            configure.accept(main, sandbox);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:declare").routeId("declare").to("elevateai:declareChat");
                }
            });
            main.start();
            try {
                scenario.run(main.getCamelContext(), sandbox);
            } finally {
                main.stop();
            }
            return logs.lines();
        }
    }

    private static ElevateAiComponent component(String apiToken) {
        ElevateAiComponent component = new ElevateAiComponent();
        component.getConfiguration().setApiToken(apiToken);
        return component;
    }

    /** Success, 401, validation, outcome unknown, 429 after retries. */
    private static List<Exchange> declareInEveryWay(ProducerTemplate template, ElevateAiSandbox sandbox) {
        String chat = ElevateAiTestSupport.chatJson();
        List<Exchange> exchanges = new ArrayList<>();
        exchanges.add(template.request("direct:declare", e -> e.getMessage().setBody(chat)));
        exchanges.add(template.request("direct:wrong-token", e -> e.getMessage().setBody(chat)));
        exchanges.add(template.request("direct:declare", e -> e.getMessage().setBody("{broken")));
        sandbox.dropNext(1);
        exchanges.add(template.request("direct:declare", e -> e.getMessage().setBody(chat)));
        sandbox.rateLimitNext(5, null);
        exchanges.add(template.request("direct:declare", e -> e.getMessage().setBody(chat)));

        assertThat(exchanges.get(0).getException()).isNull();
        assertThat(exchanges.get(1).getException()).isInstanceOf(ElevateAiAuthenticationException.class);
        assertThat(exchanges.get(2).getException()).isInstanceOf(ChatValidationException.class);
        assertThat(exchanges.get(3).getException()).isInstanceOf(ElevateAiOutcomeUnknownException.class);
        assertThat(exchanges.get(4).getException()).isInstanceOf(ElevateAiRateLimitException.class);
        return exchanges;
    }

    private static boolean isDebugFrom(String line, List<String> loggers) {
        return (line.startsWith("DEBUG ") || line.startsWith("TRACE "))
               && loggers.stream().anyMatch(logger -> line.startsWith(logger, 6));
    }

    private static String stackTrace(Throwable failure) {
        if (failure == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return failure + trace.toString();
    }
}
