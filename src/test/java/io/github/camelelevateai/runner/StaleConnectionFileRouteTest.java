package io.github.camelelevateai.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.IdleDroppingProxy;
import io.github.camelelevateai.sandbox.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/file-to-elevateai.yaml, through the runner, behind a gateway that forgets connections idle longer than its
 * cut-off without telling either side (as NAT gateways and load balancers do), fed in bursts with idle gaps longer than
 * the cut-off. With {@code connectionIdleTimeout} below the cut-off no chat is set aside; above it, chats that never
 * reached the API are set aside as unknown outcomes for a person to check: the quiet-spell failure users would see.
 */
class StaleConnectionFileRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GATEWAY_CUT_OFF = Duration.ofSeconds(2);
    /** Two idle gaps where the pool must do without its connections, one where the failure shows. */
    private static final int BURSTS = 3;
    private static final int BURSTS_TO_FAIL = 2;
    /** The route's default concurrency (8): a burst fills the pool. */
    private static final int CHATS_PER_BURST = 8;

    @TempDir
    Path work;

    private IdleDroppingProxy gateway;
    private ElevateAiRunner runner;

    @BeforeEach
    void startGateway() throws IOException {
        gateway = IdleDroppingProxy.inFrontOf(sandbox(), GATEWAY_CUT_OFF);
    }

    @AfterEach
    void stop() throws Exception {
        if (runner != null) {
            runner.stop();
        }
        gateway.close();
    }

    @Test
    void withAConnectionIdleTimeoutBelowTheGatewaysCutOffNoChatIsSetAside() throws Exception {
        start(Map.of("camel.component.elevateai.connectionIdleTimeout", "500"));

        List<String> customers = dropInBursts(BURSTS);

        assertThat(inbox().resolve(".error")).as("%s", gateway).doesNotExist();
        assertThat(count(inbox().resolve(".done"))).isEqualTo(customers.size());
        assertThat(declaredCustomers()).as("every chat declared exactly once")
                .containsExactlyInAnyOrderElementsOf(customers);
        assertThat(runner.outcomes().summary())
                .isEqualTo(customers.size() + " declared, 0 already declared, 0 set aside");
        assertThat(gateway.blackholedConnections()).as("no request written to a forgotten connection: %s", gateway)
                .isZero();
    }

    @Test
    void withAConnectionIdleTimeoutAboveTheGatewaysCutOffChatsThatNeverReachedTheApiAreSetAsideAsUnknown()
            throws Exception {
        start(Map.of("camel.component.elevateai.connectionIdleTimeout", "60000"));

        List<String> customers = dropInBursts(BURSTS_TO_FAIL);

        List<Path> reasons = reasons();
        assertThat(reasons).as("chats sent on a connection kept across an idle gap: %s", gateway).isNotEmpty()
                .allSatisfy(reason -> assertThat(Files.readString(reason)).startsWith("The outcome is unknown:"));
        assertThat(reasons).as("one per request the gateway threw away").hasSize(gateway.blackholedConnections());
        long declared = count(inbox().resolve(".done"));
        assertThat(declared + reasons.size()).isEqualTo(customers.size());
        assertThat(runner.outcomes().summary()).isEqualTo(declared + " declared, 0 already declared, " + reasons.size()
                + " set aside");
        // none of the chats set aside reached the API: each is a false alarm a person would have to check
        assertThat(declaredCustomers()).hasSize((int) declared).doesNotHaveDuplicates();
        assertThat(sandbox().requestCount()).isEqualTo(declared);
    }

    /** Bursts of chats, each of a customer of its own; each burst taken whole before the gap that follows it. */
    private List<String> dropInBursts(int bursts) throws IOException {
        List<String> customers = new ArrayList<>();
        for (int burst = 0; burst < bursts; burst++) {
            if (burst > 0) {
                awaitIdleGap();
            }
            for (int chat = 0; chat < CHATS_PER_BURST; chat++) {
                String customer = "customer " + burst + "-" + chat;
                customers.add(customer);
                drop("chat-" + burst + "-" + chat + ".json", FileRouteTest.chat(customer));
            }
            int taken = customers.size();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count(inbox().resolve(".done")) + reasons().size() >= taken);
        }
        return customers;
    }

    /** Waits until no byte has crossed the gateway for longer than its cut-off: all its connections forgotten. */
    private void awaitIdleGap() {
        await().atMost(GATEWAY_CUT_OFF.plusSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> gateway.quietFor().compareTo(GATEWAY_CUT_OFF.plusMillis(250)) > 0);
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work);
        properties.put("camel.component.elevateai.baseUrl", gateway.baseUrl());
        // short, so that a declare lost in the gateway shows as an unknown outcome quickly; ample for a loopback answer
        properties.put("camel.component.elevateai.requestTimeout", "4000");
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50"));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties);
    }

    private static List<String> declaredCustomers() {
        List<String> customers = new ArrayList<>();
        for (RecordedRequest request : sandbox().requests()) {
            assertThat(request.declared()).as(request.toString()).isTrue();
            try {
                for (JsonNode participant : JSON.readTree(request.body()).path("chat").path("participants")) {
                    if (participant.path("name").asText().startsWith("customer ")) {
                        customers.add(participant.path("name").asText());
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return customers;
    }

    private List<Path> reasons() throws IOException {
        Path error = inbox().resolve(".error");
        if (!Files.isDirectory(error)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(error)) {
            // not one still being written under its hidden name: it is renamed a moment later, and read as gone
            return files.filter(file -> file.getFileName().toString().endsWith(".error.txt")
                                        && !file.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private Path inbox() {
        return work.resolve("inbox");
    }

    private void drop(String name, String content) throws IOException {
        Inbox.drop(inbox(), name, content);
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
