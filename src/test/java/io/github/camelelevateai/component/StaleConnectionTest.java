package io.github.camelelevateai.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.IdleDroppingProxy;
import io.github.camelelevateai.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Between the component and the API, a gateway that forgets connections idle longer than its cut-off without telling
 * either side, as NAT gateways and load balancers do; bursts of declares with idle gaps longer than the cut-off in
 * between. A declare written to a forgotten connection never reaches the API and gets no answer: an unknown outcome
 * for a chat that was never declared. {@code connectionIdleTimeout} below the cut-off keeps the pool from ever using
 * such a connection; above it, the failure shows, which proves the gateway really drops.
 */
class StaleConnectionTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final Duration GATEWAY_CUT_OFF = Duration.ofSeconds(2);
    /** Two idle gaps where the pool must do without its connections, one where the failure shows. */
    private static final int BURSTS = 3;
    private static final int BURSTS_TO_FAIL = 2;
    private static final int CHATS_PER_BURST = 8;
    private static final int CALLERS = 4;
    /** Short, so that a declare lost in the gateway is an unknown outcome quickly; ample for a loopback answer. */
    private static final String REQUEST_TIMEOUT = "requestTimeout=4000";

    private IdleDroppingProxy gateway;
    private ExecutorService callers;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        gateway = IdleDroppingProxy.inFrontOf(sandbox(), GATEWAY_CUT_OFF);
        callers = Executors.newFixedThreadPool(CALLERS, task -> {
            Thread thread = new Thread(task, "stale-connection-caller");
            thread.setDaemon(true);
            return thread;
        });
        context = new DefaultCamelContext();
        ElevateAiComponent component = new ElevateAiComponent();
        component.getConfiguration().setBaseUrl(gateway.baseUrl());
        component.getConfiguration().setApiToken(sandbox().apiToken());
        context.addComponent("elevateai", component);
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        callers.shutdownNow();
        gateway.close();
    }

    @Test
    void withAConnectionIdleTimeoutBelowTheGatewaysCutOffNoOutcomeIsUnknownAndEveryChatIsDeclaredOnce()
            throws Exception {
        List<Declare> declares = declareInBursts(BURSTS,
                "elevateai:declareChat?connectionIdleTimeout=500&" + REQUEST_TIMEOUT);

        assertThat(declares).allSatisfy(declare -> assertThat(declare.exchange().getException())
                .as(declare.customer()).isNull());
        assertThat(declaredCustomers()).as("every chat declared exactly once")
                .containsExactlyInAnyOrderElementsOf(declares.stream().map(Declare::customer).toList());
        assertThat(sandbox().declaredCount()).isEqualTo(BURSTS * CHATS_PER_BURST);
        assertThat(gateway.blackholedConnections()).as("no request written to a forgotten connection: %s", gateway)
                .isZero();
        assertThat(gateway.acceptedConnections()).as("each burst on connections of its own").isGreaterThanOrEqualTo(
                BURSTS);
    }

    @Test
    void withAConnectionIdleTimeoutAboveTheGatewaysCutOffDeclaresAreLostOnStaleConnections() throws Exception {
        List<Declare> declares = declareInBursts(BURSTS_TO_FAIL,
                "elevateai:declareChat?connectionIdleTimeout=60000&" + REQUEST_TIMEOUT);

        List<Declare> unknown = declares.stream()
                .filter(declare -> declare.exchange().getException() instanceof ElevateAiOutcomeUnknownException)
                .toList();
        List<Declare> declared = declares.stream().filter(declare -> declare.exchange().getException() == null)
                .toList();
        assertThat(unknown).as("a declare on a connection kept across an idle gap: %s", gateway).isNotEmpty();
        assertThat(unknown.size()).as("one per request the gateway threw away")
                .isEqualTo(gateway.blackholedConnections());
        assertThat(unknown.size() + declared.size()).as("no other failure").isEqualTo(declares.size());
        // the unknown outcomes are chats that never reached the API: the false alarms a person would have to check
        assertThat(declaredCustomers()).containsExactlyInAnyOrderElementsOf(
                declared.stream().map(Declare::customer).toList());
    }

    /** Every chat is a customer of its own, so that what the sandbox got can be told apart. */
    private List<Declare> declareInBursts(int bursts, String uri) throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        List<Declare> declares = new ArrayList<>();
        for (int burst = 0; burst < bursts; burst++) {
            if (burst > 0) {
                awaitIdleGap();
            }
            List<CompletableFuture<Declare>> sent = new ArrayList<>();
            for (int chat = 0; chat < CHATS_PER_BURST; chat++) {
                String customer = "customer " + burst + "-" + chat;
                sent.add(CompletableFuture.supplyAsync(() -> new Declare(customer, template.send(uri,
                        exchange -> exchange.getMessage().setBody(chat(customer)))), callers));
            }
            // each declare ends within its request timeout; this bound only keeps a hang from blocking the build
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            sent.forEach(future -> declares.add(future.join()));
        }
        return declares;
    }

    /** Waits until no byte has crossed the gateway for longer than its cut-off: all its connections forgotten. */
    private void awaitIdleGap() {
        await().atMost(GATEWAY_CUT_OFF.plusSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.quietFor().compareTo(GATEWAY_CUT_OFF.plusMillis(250)) > 0);
    }

    private static List<String> declaredCustomers() throws Exception {
        List<String> customers = new ArrayList<>();
        for (RecordedRequest request : sandbox().requests()) {
            assertThat(request.declared()).as(request.toString()).isTrue();
            for (JsonNode participant : Json.MAPPER.readTree(request.body()).path("chat").path("participants")) {
                if (participant.path("name").asText().startsWith("customer ")) {
                    customers.add(participant.path("name").asText());
                }
            }
        }
        return customers;
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private static String chat(String customer) {
        return "{\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\", \"role\": \"agent\"},"
               + " {\"participant_id\": \"cust-1\", \"name\": \"" + customer + "\", \"role\": \"customer\"}],"
               + " \"messages\": [{\"participant_id\": \"cust-1\", \"timestamp\": \"2024-03-11T09:02:11Z\","
               + " \"content\": \"Hello, this is " + customer + "\"}]}";
    }

    private record Declare(String customer, Exchange exchange) {
    }
}
