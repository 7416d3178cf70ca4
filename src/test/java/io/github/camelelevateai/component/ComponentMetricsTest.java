package io.github.camelelevateai.component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.camelelevateai.component.health.ApiProbe;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.SandboxCall;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The component's metrics in the Micrometer registry bound in Camel's registry (as camel-micrometer binds its own):
 * each request timed by operation and status, the requests in flight, the component's own retries by reason; tags that
 * never carry the token or anything of a chat.
 */
class ComponentMetricsTest extends ElevateAiTestSupport {

    private static final String WRONG_TOKEN = "wrong-token-77c2ab90d1";

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("metricsRegistry", meters);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        ElevateAiComponent wrong = new ElevateAiComponent();
        wrong.getConfiguration().setBaseUrl(sandbox().baseUrl());
        wrong.getConfiguration().setApiToken(WRONG_TOKEN);
        context.addComponent("elevateaiwrong", wrong);
        return context;
    }

    @Override
    protected void moreRoutes(RouteBuilder routes) {
        routes.from("direct:status").to("elevateai:getStatus");
        routes.from("direct:wrong").to("elevateaiwrong:getStatus");
    }

    @Test
    void everyRequestIsTimedByOperationAndStatusAndEveryRetryCountedByReason() {
        sandbox().rateLimitNext(1, Duration.ZERO);
        String first = template.requestBody("direct:declare", chatJson(), String.class);
        template.requestBody("direct:declare", chatJson().replace("useful", "helpful"), String.class);
        template.requestBody("direct:status", first);

        assertThat(timer("declareChat", "201").count()).isEqualTo(2);
        assertThat(timer("declareChat", "429").count()).isEqualTo(1);
        assertThat(timer("getStatus", "200").count()).isEqualTo(1);
        assertThat(timer("declareChat", "201").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.get("elevateai.api.retries").tags("operation", "declareChat", "reason", "rateLimited")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("elevateai.api.requests.in.flight").gauge().value()).isZero();
        assertThat(sandbox().requestCount()).isEqualTo(4);
    }

    @Test
    void aRequestWithoutAnAnswerIsTimedAsNone() {
        sandbox().dropNext(1);
        Exchange lost = template.send("direct:declare", e -> e.getMessage().setBody(chatJson()));

        assertThat(lost.getException()).isInstanceOf(ElevateAiOutcomeUnknownException.class);
        assertThat(timer("declareChat", "none").count()).isEqualTo(1);
        assertThat(meters.get("elevateai.api.requests.in.flight").gauge().value()).isZero();
    }

    @Test
    void theInFlightGaugeCountsTheRequestsSentAndNotYetAnswered() {
        sandbox().faultNext(Fault.declaredThenAnsweredAfter(Duration.ofSeconds(2)),
                Fault.declaredThenAnsweredAfter(Duration.ofSeconds(2)));
        List<CompletableFuture<Object>> declares = List.of(
                template.asyncRequestBody("direct:declare", chatJson()),
                template.asyncRequestBody("direct:declare", chatJson().replace("useful", "helpful")));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> meters.get("elevateai.api.requests.in.flight").gauge().value() == 2);
        declares.forEach(CompletableFuture::join);
        assertThat(meters.get("elevateai.api.requests.in.flight").gauge().value()).isZero();
        assertThat(timer("declareChat", "201").count()).isEqualTo(2);
    }

    @Test
    void theHealthProbeIsNotCountedAmongTheRoutesRequests() {
        assertThat(HealthCheckHelper.invoke(context)).isNotEmpty();
        assertThat(sandbox().requests(SandboxCall.GET_STATUS)).isNotEmpty()
                .allMatch(request -> ApiProbe.NO_SUCH_INTERACTION.equals(request.pathIdentifier()));
        assertThat(meters.find("elevateai.api.requests").timers()).isEmpty();
    }

    @Test
    void noTagCarriesTheTokenOrAnythingOfAChat() {
        String id = template.requestBody("direct:declare", chatJson(), String.class);
        template.requestBody("direct:status", id);
        assertThat(template.send("direct:wrong", e -> e.getMessage().setBody(id)).getException())
                .isInstanceOf(ElevateAiAuthenticationException.class);
        sandbox().rateLimitNext(1, Duration.ZERO);
        template.requestBody("direct:declare", chatJson().replace("useful", "helpful"), String.class);

        assertThat(timer("getStatus", "401").count()).isEqualTo(1);
        List<Meter.Id> ids = meters.getMeters().stream().map(Meter::getId)
                .filter(meterId -> meterId.getName().startsWith("elevateai.")).toList();
        assertThat(ids).isNotEmpty();
        for (Meter.Id meterId : ids) {
            assertThat(meterId.getTags()).extracting(Tag::getKey).allMatch(key -> List.of("operation", "status",
                    "reason").contains(key));
            for (Tag tag : meterId.getTags()) {
                assertThat(tag.getValue()).as(meterId.toString()).matches("[A-Za-z0-9]{1,30}")
                        .doesNotContain(sandbox().apiToken(), WRONG_TOKEN, id, "Madison", "documentation");
            }
        }
    }

    private Timer timer(String operation, String status) {
        return meters.get("elevateai.api.requests").tags("operation", operation, "status", status).timer();
    }
}
