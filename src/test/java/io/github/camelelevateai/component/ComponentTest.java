package io.github.camelelevateai.component;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.EndpointUriFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The component as Camel and its tooling see it: metadata, options, operations, transport sharing and limits. */
class ComponentTest extends ElevateAiTestSupport {

    @Test
    void isDiscoveredAndDescribedByGeneratedMetadata() throws Exception {
        assertThat(new org.apache.camel.impl.DefaultCamelContext().getComponent("elevateai"))
                .as("found through META-INF/services/org/apache/camel/component/elevateai")
                .isInstanceOf(ElevateAiComponent.class);

        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelelevateai/component/elevateai.json")) {
            catalog = Json.MAPPER.readTree(in);
        }
        assertThat(catalog.at("/component/scheme").asText()).isEqualTo("elevateai");
        assertThat(catalog.at("/component/syntax").asText()).isEqualTo("elevateai:operation");
        assertThat(catalog.at("/properties/apiToken/secret").asBoolean()).isTrue();
        assertThat(catalog.at("/componentProperties/apiToken/secret").asBoolean()).isTrue();
        assertThat(catalog.at("/properties/operation/enum/0").asText()).isEqualTo("declareChat");
        for (String option : List.of("baseUrl", "languageTag", "vertical", "connectTimeout", "connectionIdleTimeout",
                "requestTimeout",
                "poolSize", "maxRetries", "retryBackoff", "maxRetryDelay", "proxyHost", "proxyPort",
                "sslContextParameters", "allowInsecureHttp")) {
            assertThat(catalog.at("/properties/" + option).isMissingNode()).as(option).isFalse();
            assertThat(catalog.at("/componentProperties/" + option).isMissingNode()).as(option).isFalse();
        }
        for (String header : List.of(ElevateAiConstants.LANGUAGE_TAG, ElevateAiConstants.VERTICAL,
                ElevateAiConstants.INTERACTION_IDENTIFIER, ElevateAiConstants.HTTP_STATUS)) {
            assertThat(catalog.at("/headers/" + header).isMissingNode()).as(header).isFalse();
        }

        EndpointUriFactory uris = context.getCamelContextExtension().getEndpointUriFactory("elevateai");
        assertThat(uris.secretPropertyNames()).containsExactly("apiToken");
        assertThat(uris.buildUri("elevateai", java.util.Map.of("operation", "declareChat", "languageTag", "en"), false))
                .isEqualTo("elevateai:declareChat?languageTag=en");
    }

    @Test
    void componentOptionsAreCopiedToEachEndpointAndCanBeOverridden() {
        ElevateAiComponent component = context.getComponent("elevateai", ElevateAiComponent.class);
        component.getConfiguration().setLanguageTag("en");

        ElevateAiEndpoint plain = context.getEndpoint("elevateai:declareChat?vertical=default", ElevateAiEndpoint.class);
        ElevateAiEndpoint tuned = context.getEndpoint(
                "elevateai:declareChat?languageTag=es-419&requestTimeout=5s&poolSize=4&maxRetries=1", ElevateAiEndpoint.class);

        assertThat(plain.getConfiguration().getLanguageTag()).isEqualTo("en");
        assertThat(plain.getConfiguration()).isNotSameAs(component.getConfiguration());
        assertThat(tuned.getConfiguration().getLanguageTag()).isEqualTo("es-419");
        assertThat(tuned.getConfiguration().getRequestTimeout()).isEqualTo(5_000);
        assertThat(tuned.getConfiguration().getPoolSize()).isEqualTo(4);
        assertThat(component.getConfiguration().getLanguageTag()).isEqualTo("en");
    }

    @Test
    void timeoutsAndRetriesHaveFiniteDefaults() {
        ElevateAiConfiguration defaults = new ElevateAiConfiguration();
        assertThat(defaults.getBaseUrl()).isEqualTo("https://api.elevateai.com/v1");
        assertThat(defaults.getConnectTimeout()).isEqualTo(10_000);
        assertThat(defaults.getRequestTimeout()).isEqualTo(30_000);
        assertThat(defaults.getPoolSize()).isEqualTo(32);
        assertThat(defaults.getMaxRetries()).isEqualTo(3);
        assertThat(defaults.getMaxRetryDelay()).isEqualTo(30_000);
    }

    @Test
    void operationsAcceptEitherSpellingAndListTheValidOnes() {
        assertThat(ElevateAiOperation.fromValue("declareChat")).isEqualTo(ElevateAiOperation.declareChat);
        assertThat(ElevateAiOperation.fromValue("declare-chat")).isEqualTo(ElevateAiOperation.declareChat);
        assertThat(ElevateAiOperation.fromValue("DECLARE_CHAT")).isEqualTo(ElevateAiOperation.declareChat);
        assertThatThrownBy(() -> context.getEndpoint("elevateai:uploadAudio"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("Unknown elevateai operation 'uploadAudio': valid operations are declareChat");
    }

    @Test
    void refusesPlainHttpThroughAProxyOnAnotherHostUnlessAllowed() throws Exception {
        String uri = "elevateai:declareChat?baseUrl=http://127.0.0.1:9/v1&proxyHost=proxy.example.invalid&proxyPort=3128";
        assertThatThrownBy(() -> addRoute("direct:proxied", uri))
                .isInstanceOf(org.apache.camel.FailedToCreateRouteException.class)
                .hasStackTraceContaining("plain http through the proxy proxy.example.invalid")
                .hasStackTraceContaining("allowInsecureHttp=true");

        addRoute("direct:tunnelled", uri.replace("http://", "https://"));
        addRoute("direct:local-proxy", uri.replace("proxy.example.invalid", "127.0.0.1"));
        addRoute("direct:trusted-proxy", uri + "&allowInsecureHttp=true");
        assertThat(context.getRoutes()).extracting(route -> route.getEndpoint().getEndpointUri())
                .anyMatch(endpoint -> endpoint.equals("direct://tunnelled"));
    }

    @Test
    void refusesPlainHttpToAnotherHostUnlessAllowed() throws Exception {
        String uri = "elevateai:declareChat?baseUrl=http://api.example.invalid/v1";
        assertThatThrownBy(() -> addRoute("direct:insecure", uri))
                .isInstanceOf(org.apache.camel.FailedToCreateRouteException.class)
                .hasStackTraceContaining("plain http to a host other than loopback")
                .hasStackTraceContaining("allowInsecureHttp=true");

        addRoute("direct:allowed", uri + "&allowInsecureHttp=true");
        assertThat(context.getRoute("direct:allowed").getUptimeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(ElevateAiEndpoint.isLoopback("localhost")).isTrue();
        assertThat(ElevateAiEndpoint.isLoopback("127.0.0.2")).isTrue();
        assertThat(ElevateAiEndpoint.isLoopback("[::1]")).isTrue();
        assertThat(ElevateAiEndpoint.isLoopback("127.0.0.1.nip.io")).as("names are never resolved to decide").isFalse();
        assertThat(ElevateAiEndpoint.isLoopback("127.example.com")).isFalse();
        assertThat(ElevateAiEndpoint.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    void refusesToStartWithoutATokenOrWithAnUnsupportedLanguage() {
        // the sandbox's token is set on the component: blank it for one endpoint
        if (System.getenv(ElevateAiConfiguration.API_TOKEN_VARIABLE) == null) {
            assertThatThrownBy(() -> addRoute("direct:no-token", "elevateai:declareChat?apiToken=RAW( )"))
                    .hasStackTraceContaining("no API token: set the environment variable ELEVATEAI_API_TOKEN");
        }
        assertThatThrownBy(() -> addRoute("direct:bad-language", "elevateai:declareChat?languageTag=fr"))
                .hasStackTraceContaining("languageTag 'fr' is not a language the API supports for chat");
    }

    @Test
    void endpointsWithTheSameConnectionSettingsShareOneClient() throws Exception {
        ElevateAiComponent component = context.getComponent("elevateai", ElevateAiComponent.class);
        ElevateAiEndpoint first = context.getEndpoint("elevateai:declareChat?languageTag=en", ElevateAiEndpoint.class);
        ElevateAiEndpoint second = context.getEndpoint("elevateai:declareChat?languageTag=es-419&requestTimeout=9s",
                ElevateAiEndpoint.class);
        ElevateAiEndpoint smallPool = context.getEndpoint("elevateai:declareChat?poolSize=2", ElevateAiEndpoint.class);

        assertThat(component.transportFor(first.getConfiguration()))
                .isSameAs(component.transportFor(second.getConfiguration()))
                .isNotSameAs(component.transportFor(smallPool.getConfiguration()));
        for (int i = 0; i < 20; i++) {
            assertThat(declare(chatJson()).getException()).isNull();
        }
        assertThat(component.transportFor(first.getConfiguration()))
                .as("the same client, whatever the number of exchanges")
                .isSameAs(component.transportFor(context.getEndpoint("elevateai:declareChat", ElevateAiEndpoint.class)
                        .getConfiguration()));
    }

    @Test
    void thePoolSizeCapsRequestsInFlight() throws Exception {
        sandbox().latency(Duration.ofMillis(200));
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(template.asyncSend("elevateai:declareChat?poolSize=2",
                    exchange -> exchange.getMessage().setBody(chatJson())));
        }
        for (CompletableFuture<Exchange> call : calls) {
            assertThat(call.get().getException()).isNull();
        }
        assertThat(sandbox().declaredCount()).isEqualTo(8);
        assertThat(sandbox().mostConcurrentRequests()).isEqualTo(2);
    }

    @Test
    void concurrentCallersDeclareConcurrently() throws Exception {
        sandbox().latency(Duration.ofMillis(300));
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(template.asyncSend("direct:declare", exchange -> exchange.getMessage().setBody(chatJson())));
        }
        for (CompletableFuture<Exchange> call : calls) {
            assertThat(call.get().getException()).isNull();
        }
        assertThat(sandbox().mostConcurrentRequests()).isGreaterThan(1);
    }

    @Test
    void goesThroughTheConfiguredProxy() {
        // the sandbox stands in for the proxy: it gets the absolute-form request for a host that does not answer
        Exchange result = template.send("elevateai:declareChat?baseUrl=http://localhost:9/v1&proxyHost=127.0.0.1&proxyPort="
                                        + sandbox().port(), exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isNull();
        assertThat(sandbox().requests()).singleElement()
                .satisfies(request -> assertThat(request.path()).isEqualTo("/v1/interactions"));
    }

    @Test
    void aProxyThatRefusesTheTunnelSentNothing() {
        // https through a proxy is a CONNECT first; the sandbox, standing in for the proxy, does not tunnel
        Exchange result = template.send("elevateai:declareChat?maxRetries=0&baseUrl=https://localhost:9/v1"
                                        + "&proxyHost=127.0.0.1&proxyPort=" + sandbox().port(),
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isInstanceOf(ElevateAiConnectionException.class)
                .hasMessageContaining("the request was not sent");
        assertThat(((ElevateAiException) result.getException()).isOutcomeUnknown()).isFalse();
        assertThat(sandbox().declaredCount()).isZero();
    }

    private void addRoute(String from, String to) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId(from).to(to);
            }
        });
    }
}
