package io.github.camelelevateai.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.SandboxCall;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/jms-results.yaml and routes/elevateai-results.yaml, the very files, run by the runner beside
 * routes/jms-to-elevateai.yaml, with a real embedded Artemis broker and the lifecycle sandbox: from a chat message to
 * its analysis on the analysis queue.
 */
class JmsResultsRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTES = List.of("routes/jms-to-elevateai.yaml", "routes/jms-results.yaml");
    private static final String CHATS = "elevateai.chats";
    private static final String RESULTS = "elevateai.results";
    private static final String ANALYSES = "elevateai.analyses";
    private static final String SET_ASIDE = "elevateai.results.DLQ";

    @TempDir
    Path work;

    private EmbeddedArtemis broker;
    private Connection client;
    private Session session;
    private ElevateAiRunner runner;

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedArtemis.start(work.resolve("artemis"), 0);
        client = new ActiveMQConnectionFactory(broker.url()).createConnection();
        client.start();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (runner != null) {
            runner.stop();
        }
        client.close();
        broker.close();
    }

    @Test
    void everyChatGetsOneAnalysisOnTheAnalysisQueueAndAFailedOneIsSetAsideWithTheApisReason() throws Exception {
        sandbox().processingTime(Duration.ofMillis(300));
        int chats = 300;
        int failing = 6;
        try (Session batch = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = batch.createProducer(batch.createQueue(CHATS));
            for (int i = 0; i < chats; i++) {
                String customer = i % 50 == 7 ? "failing " + i + " " + ElevateAiSandbox.PROCESSING_FAILED_MARKER
                        : "customer " + i;
                producer.send(batch.createTextMessage(FileRouteTest.chat(customer)));
            }
            batch.commit();
        }
        start(Map.of());

        List<JsonNode> analyses = receiveAll(ANALYSES, chats - failing, Duration.ofMinutes(3));
        List<Message> setAside = receiveMessages(SET_ASIDE, failing, Duration.ofMinutes(1));

        assertThat(analyses).hasSize(chats - failing);
        Set<String> identifiers = analyses.stream().map(a -> a.path("interactionIdentifier").asText())
                .collect(Collectors.toSet());
        assertThat(identifiers).as("one analysis a chat").hasSize(chats - failing);
        for (JsonNode analysis : analyses) {
            assertThat(analysis.path("source").asText()).startsWith("ID:");
            assertThat(analysis.path("status").asText()).isEqualTo("processed");
            assertThat(analysis.path("aiResults").path("allParticipants").path("enlightenBundles").isArray()).isTrue();
            assertThat(analysis.path("summary").asText()).isNotBlank();
            assertThat(analysis.path("analysedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
        assertThat(setAside).hasSize(failing);
        for (Message result : setAside) {
            String identifier = JSON.readTree(result.getBody(String.class)).path("interactionIdentifier").asText();
            assertThat(sandbox().declared(identifier)).as("the declare result as it came").isNotNull();
            assertThat(identifiers).doesNotContain(identifier);
            assertThat(result.getStringProperty("elevateaiReason"))
                    .contains(identifier, "processingFailed", ElevateAiSandbox.PROCESSING_FAILED_MARKER);
        }
        assertThat(receive(ANALYSES, Duration.ofSeconds(2))).as("no analysis twice").isNull();
        // results and summary fetched once a chat
        assertThat(sandbox().requestCount(SandboxCall.GET_AI_RESULTS)).isEqualTo(chats - failing);
        assertThat(sandbox().requestCount(SandboxCall.GET_SUMMARY)).isEqualTo(chats - failing);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(RESULTS) == 0);
        assertThat(runner.analyses().summary()).isEqualTo((chats - failing) + " analysed, " + failing
                + " analyses set aside");
    }

    @Test
    void aChatSentWithJmsReplyToGetsItsAnalysisThereAfterItsDeclareResult() throws Exception {
        sandbox().processingTime(Duration.ofMillis(500));
        start(Map.of());
        Queue replies = session.createTemporaryQueue();
        TextMessage chat = session.createTextMessage(FileRouteTest.chat("Jordan"));
        chat.setJMSReplyTo(replies);
        session.createProducer(session.createQueue(CHATS)).send(chat);

        try (MessageConsumer consumer = session.createConsumer(replies)) {
            Message declared = consumer.receive(30_000);
            assertThat(declared).as("the JMS route's reply").isNotNull();
            Message analysed = consumer.receive(60_000);
            assertThat(analysed).as("the results route's reply").isNotNull();
            JsonNode result = JSON.readTree(declared.getBody(String.class));
            JsonNode analysis = JSON.readTree(analysed.getBody(String.class));
            assertThat(analysis.path("interactionIdentifier")).isEqualTo(result.path("interactionIdentifier"));
            assertThat(analysis.path("status").asText()).isEqualTo("processed");
            assertThat(analysis.path("source").asText()).isEqualTo(chat.getJMSMessageID());
            assertThat(analysed.getJMSCorrelationID()).as("for the producer to match")
                    .isEqualTo(chat.getJMSMessageID());
        }
        assertThat(receiveAll(ANALYSES, 1, Duration.ofSeconds(30))).as("and on the analysis queue").hasSize(1);
    }

    @Test
    void aRestartHalfwayOfTheRunnerAndTheBrokerLosesNoWaitingChat() throws Exception {
        sandbox().processingTime(Duration.ofSeconds(2));
        int chats = 60;
        for (int i = 0; i < chats; i++) {
            sendChat("customer " + i);
        }
        start(Map.of());
        await().atMost(Duration.ofMinutes(1)).until(() -> sandbox().declaredCount() == chats
                && broker.messageCount(CHATS) == 0);
        runner.stop();
        runner = null;
        // the broker crashes too, and recovers from its journal: the waiting chats were there, not in the runner
        crashAndRestartBroker();
        long analysedBefore = broker.messageCount(ANALYSES);
        assertThat(analysedBefore).as("the stop came before every chat was analysed").isLessThan(chats);
        assertThat(broker.messageCount(RESULTS)).as("the waiting chats, in the broker")
                .isEqualTo(chats - analysedBefore);

        start(Map.of());

        List<JsonNode> analyses = receiveAll(ANALYSES, chats, Duration.ofMinutes(2));
        assertThat(analyses.stream().map(a -> a.path("interactionIdentifier").asText()).collect(Collectors.toSet()))
                .hasSize(chats);
        assertThat(sandbox().declaredCount()).isEqualTo(chats);
        assertThat(receive(SET_ASIDE, Duration.ofMillis(200))).isNull();
    }

    /**
     * A chat still processing goes back onto the results queue with a delivery delay, which the broker keeps: the
     * message is there, durable, but not delivered until its next poll is due.
     */
    @Test
    void aWaitingChatIsHeldByTheBrokerUntilItsNextPoll() throws Exception {
        sandbox().processingTime(Duration.ofHours(1));
        start(Map.of("elevateai.results.poll.delay", "20000"));
        sendChat("Jordan");
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requestCount(SandboxCall.GET_STATUS) == 1
                && broker.messageCount(RESULTS) == 1);
        runner.stop();
        runner = null;

        assertThat(broker.messageCount(RESULTS)).isEqualTo(1);
        assertThat(receive(RESULTS, Duration.ofSeconds(1))).as("held back by its delivery delay").isNull();
        Message due = receive(RESULTS, Duration.ofSeconds(40));
        assertThat(due).as("delivered once the delay is over").isNotNull();
        assertThat(sandbox().declared(JSON.readTree(due.getBody(String.class)).path("interactionIdentifier").asText()))
                .isNotNull();
    }

    @Test
    void anAnalysisTheBrokerRefusesRollsItsResultBackUntilTheAnalysisIsTaken() throws Exception {
        // the analysis queue does not exist yet and may not be created by a send: the analysis is refused, the
        // transaction rolls back, and the broker redelivers the result (the Artemis client falls back to the 1.x name
        // jms.queue.<name> when the plain one is refused: refuse both)
        for (String match : List.of("refusing.#", "jms.queue.refusing.#")) {
            broker.addressSettings(match, new AddressSettings().setAutoCreateAddresses(false)
                    .setAutoCreateQueues(false));
        }
        sandbox().processingTime(Duration.ofMillis(300));
        start(Map.of("elevateai.jms.analysis.queue", "refusing.analyses"));
        sendChat("Jordan");
        // analysed, refused, rolled back, taken again and analysed again
        await().atMost(Duration.ofSeconds(60)).until(() -> sandbox().requestCount(SandboxCall.GET_AI_RESULTS) >= 2);

        broker.createQueue("refusing.analyses");

        Message analysis = receive("refusing.analyses", Duration.ofSeconds(60));
        assertThat(analysis).as("the redelivered result gets its analysis").isNotNull();
        assertThat(sandbox().declared(JSON.readTree(analysis.getBody(String.class)).path("interactionIdentifier")
                .asText())).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(RESULTS) == 0);
        assertThat(receive(EmbeddedArtemis.BROKER_DEAD_LETTERS, Duration.ofMillis(200))).isNull();
        assertThat(receive(SET_ASIDE, Duration.ofMillis(200))).isNull();
    }

    @Test
    void withOnlyTheResultsRouteAndNoBrokerConfiguredTheRunnerStartsAnEmbeddedOneAndBadInputIsSetAside()
            throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work.resolve("own"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        properties.put(ElevateAiRunner.EMBEDDED_BROKER_PORT_PROPERTY, String.valueOf(port));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner = new ElevateAiRunner(new PrintStream(out, true, StandardCharsets.UTF_8));
        runner.start(List.of("routes/jms-results.yaml"), properties);

        String embedded = "tcp://127.0.0.1:" + port;
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("embedded ActiveMQ Artemis broker at " + embedded);
        try (Connection connection = new ActiveMQConnectionFactory(embedded).createConnection()) {
            connection.start();
            Session own = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            own.createProducer(own.createQueue(RESULTS)).send(own.createTextMessage("not a declare's result"));
            try (MessageConsumer setAside = own.createConsumer(own.createQueue(SET_ASIDE))) {
                Message result = setAside.receive(30_000);
                assertThat(result).as("consumed from the embedded broker").isNotNull();
                assertThat(result.getBody(String.class)).isEqualTo("not a declare's result");
                assertThat(result.getStringProperty("elevateaiReason")).contains("interactionIdentifier");
            }
        }
    }

    @Test
    void withDeleteAfterAnalysisEachInteractionIsDeletedOnceItsAnalysisIsSentAndAFailedDeleteIsSetAside()
            throws Exception {
        sandbox().processingTime(Duration.ZERO);
        sandbox().faultNext(SandboxCall.DELETE, Fault.status(500));
        for (int i = 0; i < 3; i++) {
            sendChat("customer " + i);
        }
        start(Map.of("elevateai.delete.after.analysis", "true"));

        List<JsonNode> analyses = receiveAll(ANALYSES, 3, Duration.ofMinutes(1));
        assertThat(analyses).hasSize(3);
        List<Message> failedDelete = receiveMessages(SET_ASIDE, 1, Duration.ofMinutes(1));
        assertThat(failedDelete).hasSize(1);
        assertThat(failedDelete.get(0).getStringProperty("elevateaiReason"))
                .contains("was delivered", "still stored there", "DELETE /interactions/");
        await().atMost(Duration.ofSeconds(30)).until(() -> analyses.stream()
                .filter(a -> sandbox().deleted(a.path("interactionIdentifier").asText())).count() == 2);
        assertThat(sandbox().requestCount(SandboxCall.DELETE)).isEqualTo(3);
    }

    private void crashAndRestartBroker() throws Exception {
        int port = Integer.parseInt(broker.url().substring(broker.url().lastIndexOf(':') + 1));
        client.close();
        broker.crash();
        broker = EmbeddedArtemis.start(work.resolve("artemis"), port);
        client = new ActiveMQConnectionFactory(broker.url()).createConnection();
        client.start();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = new HashMap<>(RouteTestProperties.against(sandbox(), work));
        properties.putAll(Map.of("elevateai.jms.url", broker.url(),
                "elevateai.results.poll.delay", "1000", "elevateai.results.status.per.second", "1000",
                "elevateai.results.concurrency", "8"));
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(ROUTES, properties);
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private void sendChat(String customer) throws Exception {
        TextMessage chat = session.createTextMessage(FileRouteTest.chat(customer));
        session.createProducer(session.createQueue(CHATS)).send(chat);
    }

    private Message receive(String queue, Duration wait) throws Exception {
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            return consumer.receive(wait.toMillis());
        }
    }

    private List<Message> receiveMessages(String queue, int count, Duration within) throws Exception {
        List<Message> all = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            long deadline = System.nanoTime() + within.toNanos();
            while (all.size() < count && System.nanoTime() < deadline) {
                Message message = consumer.receive(1000);
                if (message != null) {
                    all.add(message);
                }
            }
        }
        return all;
    }

    private List<JsonNode> receiveAll(String queue, int count, Duration within) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (Message message : receiveMessages(queue, count, within)) {
            all.add(JSON.readTree(message.getBody(String.class)));
        }
        return all;
    }
}
