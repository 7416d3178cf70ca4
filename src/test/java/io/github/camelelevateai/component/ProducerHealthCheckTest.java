package io.github.camelelevateai.component;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.github.camelelevateai.component.health.ApiProbe;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.RecordedRequest;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producers' health checks, registered in Camel's producers repository and asked through Camel's own health API,
 * against the sandbox: UP while the API answers and takes the token, DOWN with the reason otherwise, never the token
 * in what they say, and at most one request an interval for all the producers that share the API and the token.
 */
class ProducerHealthCheckTest extends ElevateAiTestSupport {

    private static final String WRONG_TOKEN = "wrong-token-3f9a1c77e2";
    private static final String URI_TOKEN = "uri-token-0b7e44f1c3";

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // camel-main's camel.health.producersEnabled=true: Camel keeps producer checks out of its answer by default
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        // every check in the answer, UP ones too (Camel's default lists only those DOWN)
        registry.setExposureLevel("full");
        ElevateAiComponent wrong = new ElevateAiComponent();
        wrong.getConfiguration().setBaseUrl(sandbox().baseUrl());
        wrong.getConfiguration().setApiToken(WRONG_TOKEN);
        context.addComponent("elevateaiwrong", wrong);
        ElevateAiComponent unreachable = new ElevateAiComponent();
        unreachable.getConfiguration().setBaseUrl("http://127.0.0.1:" + closedPort() + "/v1");
        unreachable.getConfiguration().setApiToken(WRONG_TOKEN);
        unreachable.getConfiguration().setConnectTimeout(2_000);
        context.addComponent("elevateaigone", unreachable);
        return context;
    }

    @Override
    protected void moreRoutes(RouteBuilder routes) {
        routes.from("direct:status").routeId("status").to("elevateai:getStatus");
        routes.from("direct:validate").to("elevateai:validateChat");
        // long enough that two checks in a row fall within it on a busy machine too
        routes.from("direct:results").to("elevateai:getAiResults?healthCheckInterval=2000");
        routes.from("direct:wrong").routeId("wrong").to("elevateaiwrong:getStatus");
        routes.from("direct:gone").to("elevateaigone:declareChat");
        routes.from("direct:uri").to("elevateai:getSummary?apiToken=RAW(" + URI_TOKEN + ")");
    }

    @Test
    void upWhileTheApiAnswersAndTakesTheTokenOneRequestForEveryProducerThatSharesIt() {
        HealthCheck.Result declare = check("producer:elevateai-declareChat");
        HealthCheck.Result status = check("producer:elevateai-getStatus");

        assertThat(declare.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(status.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(declare.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("answers and accepts the API token"));
        assertThat(declare.getDetails()).containsEntry("base.url", sandbox().baseUrl())
                .containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 404);
        for (int i = 0; i < 20; i++) {
            assertThat(check("producer:elevateai-declareChat").getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(check("producer:elevateai-getStatus").getState()).isEqualTo(HealthCheck.State.UP);
        }
        assertThat(probes(sandbox().baseUrl())).as("one probe for both producers, within the default 30 s")
                .hasSize(1).first().satisfies(probe -> {
                    assertThat(probe.method()).isEqualTo("GET");
                    assertThat(probe.pathIdentifier()).isEqualTo(ApiProbe.NO_SUCH_INTERACTION);
                });
        assertThat(sandbox().declaredCount()).isZero();
    }

    @Test
    void camelsHealthAnswerHasACheckPerProducerThatCallsTheApiButNoneForValidateChat() {
        assertThat(HealthCheckHelper.invoke(context).stream().map(result -> result.getCheck().getId()))
                .filteredOn(id -> id.startsWith("producer:elevateai-"))
                .containsExactlyInAnyOrder("producer:elevateai-declareChat", "producer:elevateai-getStatus",
                        "producer:elevateai-getAiResults", "producer:elevateai-getSummary")
                .noneMatch(id -> id.contains("validateChat"));
    }

    @Test
    void notAskedMoreOftenThanTheInterval() {
        assertThat(check("producer:elevateai-getAiResults").getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check("producer:elevateai-getAiResults").getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(probes(sandbox().baseUrl())).hasSize(1);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> check("producer:elevateai-getAiResults") != null && probes(sandbox().baseUrl()).size() == 2);
        List<RecordedRequest> probes = probes(sandbox().baseUrl());
        assertThat(Duration.between(probes.get(0).receivedAt(), probes.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void downWithAWrongTokenSayingSoWithoutTheToken() {
        try (LogCapture logs = new LogCapture()) {
            HealthCheck.Result wrong = check("producer:elevateaiwrong-getStatus");

            assertThat(wrong.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(wrong.getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("refused the API token", "ELEVATEAI_API_TOKEN", "401").doesNotContain(WRONG_TOKEN));
            assertThat(wrong.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
            assertThat(String.valueOf(wrong.getDetails())).doesNotContain(WRONG_TOKEN);
            assertThat(wrong.getError()).isEmpty();
            assertThat(check("producer:elevateai-getStatus").getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(WRONG_TOKEN));
        }
    }

    @Test
    void aTokenInTheEndpointUriIsNeitherInTheChecksIdNorInWhatItSays() {
        HealthCheck check = HealthCheckHelper.getHealthCheck(context, "producer:elevateai-getSummary");
        assertThat(check).isNotNull();
        HealthCheck.Result result = check.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(check.getId() + check.getMetaData() + result.getMessage() + result.getDetails())
                .contains("refused the API token").doesNotContain(URI_TOKEN);
    }

    @Test
    void aTokenTheApiEchoesIsMaskedInWhatTheCheckSays() {
        sandbox().faultNext(SandboxCall.GET_STATUS, Fault.status(401, "{\"errorMessage\": \"no such token: "
                + WRONG_TOKEN + "\"}"));
        HealthCheck.Result wrong = check("producer:elevateaiwrong-getStatus");

        assertThat(wrong.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(wrong.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("no such token: ******").doesNotContain(WRONG_TOKEN));
    }

    @Test
    void downWhenTheApiAnswersWithAServerErrorAndUpAgainOnceItRecovers() {
        sandbox().faultNext(SandboxCall.GET_STATUS, Fault.status(503));
        HealthCheck.Result failing = check("producer:elevateai-getAiResults");

        assertThat(failing.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(failing.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("ElevateAI answers with an error: ElevateAI answered 503"));
        assertThat(probes(sandbox().baseUrl())).as("no retry: a check says what it found").hasSize(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> check("producer:elevateai-getAiResults").getState() == HealthCheck.State.UP);
    }

    @Test
    void downWhenTheApiCannotBeReached() {
        HealthCheck.Result gone = check("producer:elevateaigone-declareChat");

        assertThat(gone.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(gone.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("ElevateAI could not be reached: Could not connect to ElevateAI at 127.0.0.1:")
                .doesNotContain(WRONG_TOKEN));
        assertThat(gone.getDetails()).doesNotContainKey(HealthCheck.HTTP_RESPONSE_CODE);
    }

    @Test
    void theProbeNeitherWaitsForNorHoldsUpTheStatusPacingOfRealInteractions() {
        String id = template.requestBody("direct:declare", chatJson(), String.class);
        assertThat(check("producer:elevateai-getStatus").getState()).isEqualTo(HealthCheck.State.UP);
        template.requestBody("direct:status", id);

        assertThat(sandbox().requests(SandboxCall.GET_STATUS)).extracting(RecordedRequest::pathIdentifier)
                .containsExactly(ApiProbe.NO_SUCH_INTERACTION, id);
        ElevateAiComponent component = context.getComponent("elevateai", ElevateAiComponent.class);
        assertThat(component.statusPacer().remembered()).as("only the real interaction is paced").isEqualTo(1);
    }

    @Test
    void aStoppedProducerTakesItsCheckAwayAndDisabledChecksSendNothing() throws Exception {
        context.getRouteController().stopRoute("wrong");
        assertThat(registeredIds()).doesNotContain("producer:elevateaiwrong-getStatus")
                .contains("producer:elevateai-getStatus");

        context.getRouteController().stopRoute("status");
        context.getComponent("elevateai", ElevateAiComponent.class).setHealthCheckProducerEnabled(false);
        context.getRouteController().startRoute("status");
        HealthCheck disabled = HealthCheckHelper.getHealthCheck(context, "producer:elevateai-getStatus");
        assertThat(disabled).isNotNull();
        assertThat(disabled.isEnabled()).isFalse();
        assertThat(disabled.call().getState()).isEqualTo(HealthCheck.State.UNKNOWN);
        assertThat(probes(sandbox().baseUrl())).isEmpty();
    }

    private List<String> registeredIds() {
        return HealthCheckRegistry.get(context).getRepository("producers").orElseThrow().stream()
                .map(HealthCheck::getId).toList();
    }

    /** One check, called as Camel's registry calls it; the others are not asked. */
    private HealthCheck.Result check(String id) {
        HealthCheck check = HealthCheckHelper.getHealthCheck(context, id);
        assertThat(check).as("the check " + id).isNotNull();
        return check.call();
    }

    private List<RecordedRequest> probes(String baseUrl) {
        return sandbox().requests(SandboxCall.GET_STATUS).stream()
                .filter(request -> ApiProbe.NO_SUCH_INTERACTION.equals(request.pathIdentifier())).toList();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
