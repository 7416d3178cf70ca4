package io.github.camelelevateai.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** routes/jms-to-elevateai.yaml, the very file, through the runner, with a real embedded Artemis broker. */
class JmsRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void declaresEveryChatMessageExactlyOnceAndPublishesItsResult() throws Exception {
        int chats = 200;
        for (int i = 0; i < chats; i++) {
            send(FileRouteTest.chat("customer " + i));
        }
        start(Map.of());
        List<JsonNode> results = receiveAll("elevateai.results", chats);
        // sent once its first copy is declared: a copy arriving while the first is still being declared is
        // acknowledged without a result, as none exists yet
        send(FileRouteTest.chat("customer 7"));
        results.addAll(receiveAll("elevateai.results", 1));

        assertThat(results).as("a result for every message, the repeat included").hasSize(chats + 1);
        Set<String> identifiers = new HashSet<>();
        results.forEach(result -> {
            identifiers.add(result.path("interactionIdentifier").asText());
            assertThat(result.path("source").asText()).startsWith("ID:");
        });
        assertThat(identifiers).as("the repeat carries its first declare's identifier").hasSize(chats)
                .allSatisfy(id -> assertThat(sandbox().declared(id)).isNotNull());
        assertThat(runner.outcomes().duplicateCount()).isEqualTo(1);
        assertThat(sandbox().requestCount()).isEqualTo(chats);
    }

    @Test
    void twoCopiesOfAChatSentAtOnceGiveOneDeclareAndTheSameResultTwice() throws Exception {
        sandbox().latency(Duration.ofMillis(300));
        send(FileRouteTest.chat("Jordan"));
        send(FileRouteTest.chat("Jordan"));
        start(Map.of("elevateai.redeliveries", "10"));

        List<JsonNode> results = receiveAll("elevateai.results", 2);
        assertThat(results).hasSize(2);
        assertThat(results.get(1).path("interactionIdentifier")).isEqualTo(results.get(0).path("interactionIdentifier"));
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void aRequesterWaitingOnJmsReplyToGetsTheResult() throws Exception {
        start(Map.of());
        Queue replies = session.createTemporaryQueue();
        TextMessage chat = session.createTextMessage(FileRouteTest.chat("Jordan"));
        chat.setJMSReplyTo(replies);
        session.createProducer(session.createQueue("elevateai.chats")).send(chat);

        try (MessageConsumer consumer = session.createConsumer(replies)) {
            Message reply = consumer.receive(30_000);
            assertThat(reply).isNotNull();
            JsonNode result = JSON.readTree(((TextMessage) reply).getText());
            assertThat(sandbox().declared(result.path("interactionIdentifier").asText())).isNotNull();
            assertThat(result.path("source").asText()).isEqualTo(chat.getJMSMessageID());
        }
    }

    @Test
    void anInvalidChatGoesToTheDeadLetterQueueAsItCameWithItsReason() throws Exception {
        String broken = "{\"participants\": [{\"participant_id\": \"a\", \"name\": \"A\", \"role\": \"boss\"}],"
                        + " \"messages\": [{\"participant_id\": \"a\", \"timestamp\": \"2024-03-11T09:02:11Z\", \"content\": \"x\"}]}";
        String id = send(broken);
        start(Map.of());

        Message dead = receive("elevateai.chats.DLQ", Duration.ofSeconds(30));
        assertThat(dead).isNotNull();
        assertThat(dead.getBody(String.class)).isEqualTo(broken);
        assertThat(dead.getStringProperty("elevateaiReason")).isEqualTo("The chat is not valid, so it was not sent:"
                + " participants[0].role 'boss' must be agent, customer or null. Fix the chat and submit it again.");
        assertThat(dead.getStringProperty("elevateaiSource")).isEqualTo(id);
        assertThat(sandbox().requestCount()).isZero();
    }

    /**
     * Scaling out: an instance started while another works through a backlog takes its share of it. With Artemis's
     * default consumer window (1 MiB a consumer), the first instance's consumers would hold the whole backlog, minutes
     * of declaring, and the second would get none of it.
     */
    @Test
    void anInstanceStartedDuringABacklogTakesItsShareOfIt() throws Exception {
        int chats = 1_500;
        sandbox().latency(Duration.ofMillis(200));
        try (Session batch = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = batch.createProducer(batch.createQueue("elevateai.chats"));
            for (int i = 0; i < chats; i++) {
                producer.send(batch.createTextMessage(FileRouteTest.chat("customer " + i)));
            }
            batch.commit();
        }
        start(Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.outcomes().declaredCount() > 0);

        Map<String, String> properties = RouteTestProperties.against(sandbox(), work.resolve("second"));
        properties.put("elevateai.jms.url", broker.url());
        ElevateAiRunner second = new ElevateAiRunner(System.out);
        second.start(List.of("routes/jms-to-elevateai.yaml"), properties);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> second.outcomes() != null
                    && runner.outcomes().declaredCount() + second.outcomes().declaredCount() == chats);
            assertThat(second.outcomes().declaredCount()).as("chats the second instance declared of " + chats)
                    .isGreaterThan(chats / 10);
            assertThat(sandbox().declaredCount()).isEqualTo(chats);
        } finally {
            second.stop();
        }
    }

    @Test
    void aDeclaredChatWhoseResultTheStoreRefusesReachesTheDeadLetterQueueWithItsIdentifier() throws Exception {
        String store = "jdbc:h2:file:" + work.resolve("db/declared-chats");
        start(Map.of("elevateai.declared.store", store));
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(store);
             java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE TRIGGER refuse_declared BEFORE UPDATE ON ELEVATEAI_DECLARES FOR EACH ROW CALL \""
                        + RefuseDeclaredRows.class.getName() + "\"");
        }
        send(FileRouteTest.chat("Jordan"));

        Message dead = receive("elevateai.chats.DLQ", Duration.ofSeconds(30));
        assertThat(dead).isNotNull();
        String identifier = sandbox().requests().get(0).interactionIdentifier();
        assertThat(dead.getStringProperty("elevateaiReason")).startsWith("Declared as " + identifier + ", but the result"
                + " could not be recorded");
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void aFailureAfterConsumptionRollsTheMessageBackSoItIsNeitherLostNorDeclaredTwice() throws Exception {
        // the results queue does not exist yet, and may not be created by a send: the first result is refused, the
        // transaction rolls back and the broker redelivers the chat
        // (the Artemis client falls back to the 1.x name jms.queue.<name> when the plain one is refused: refuse both)
        for (String match : List.of("refusing.#", "jms.queue.refusing.#")) {
            broker.addressSettings(match, new AddressSettings().setAutoCreateAddresses(false).setAutoCreateQueues(false));
        }
        send(FileRouteTest.chat("Jordan"));
        start(Map.of("elevateai.jms.results.queue", "refusing.results"));
        // declared, refused, rolled back and taken again: the redelivered copy is already declared
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.outcomes().duplicateCount() >= 1);

        broker.createQueue("refusing.results");

        Message result = receive("refusing.results", Duration.ofSeconds(30));
        assertThat(result).as("the redelivered chat gets the result of its one declare").isNotNull();
        assertThat(sandbox().declared(JSON.readTree(result.getBody(String.class)).path("interactionIdentifier")
                .asText())).isNotNull();
        assertThat(runner.outcomes().declaredCount()).isEqualTo(1);
        assertThat(sandbox().declaredCount()).as("declared once, although consumed more often").isEqualTo(1);
        assertThat(receive("elevateai.chats", Duration.ofMillis(200))).as("acknowledged at last").isNull();
        assertThat(receive(EmbeddedArtemis.BROKER_DEAD_LETTERS, Duration.ofMillis(200))).isNull();
    }

    @Test
    void anotherBrokersConnectionFactoryIsOnlyConfiguration() throws Exception {
        send(FileRouteTest.chat("Jordan"));
        // a connection factory of the user's own, declared the way Camel declares beans in application.properties;
        // the route's own Artemis factory points nowhere, so only the configured bean can reach the broker
        start(Map.of("camel.beans.brokerConnectionFactory", "#class:" + ActiveMQConnectionFactory.class.getName(),
                "camel.beans.brokerConnectionFactory.brokerURL", broker.url(),
                "elevateai.jms.connection.factory", "brokerConnectionFactory",
                "elevateai.jms.url", "tcp://127.0.0.1:1"));

        Message result = receive("elevateai.results", Duration.ofSeconds(30));
        assertThat(result).isNotNull();
        assertThat(sandbox().declared(JSON.readTree(result.getBody(String.class)).path("interactionIdentifier")
                .asText())).isNotNull();
    }

    @Test
    void withNoBrokerConfiguredTheRunnerStartsAnEmbeddedOneAndSaysSo() throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work.resolve("own"));
        int port = freePort();
        properties.put(ElevateAiRunner.EMBEDDED_BROKER_PORT_PROPERTY, String.valueOf(port));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner = new ElevateAiRunner(new PrintStream(out, true, StandardCharsets.UTF_8));
        runner.start(List.of("routes/jms-to-elevateai.yaml"), properties);

        String embedded = "tcp://127.0.0.1:" + port;
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("consuming from an embedded ActiveMQ Artemis broker at "
                + embedded);
        try (Connection connection = new ActiveMQConnectionFactory(embedded).createConnection()) {
            connection.start();
            Session own = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            own.createProducer(own.createQueue("elevateai.chats")).send(own.createTextMessage(FileRouteTest.chat("Jordan")));
            try (MessageConsumer results = own.createConsumer(own.createQueue("elevateai.results"))) {
                Message result = results.receive(30_000);
                assertThat(result).isNotNull();
                assertThat(sandbox().declared(JSON.readTree(result.getBody(String.class)).path("interactionIdentifier")
                        .asText())).isNotNull();
            }
        }
        assertThat(work.resolve("own/artemis")).as("journaled under the work folder").isDirectory();
    }

    @Test
    void withTheEmbeddedBrokersPortTakenTheRunnerStopsWithAReasonInsteadOfConsumingFromNowhere() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> properties = RouteTestProperties.against(sandbox(), work.resolve("own"));
            properties.put(ElevateAiRunner.EMBEDDED_BROKER_PORT_PROPERTY, String.valueOf(taken.getLocalPort()));
            ElevateAiRunner failing = new ElevateAiRunner(System.out);
            assertThatThrownBy(() -> failing.start(List.of("routes/jms-to-elevateai.yaml"), properties))
                    .hasStackTraceContaining("port " + taken.getLocalPort() + " is taken")
                    .hasStackTraceContaining("set ELEVATEAI_JMS_URL");
        }
    }

    /** A port free a moment ago, for the runner's embedded broker. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(sandbox(), work);
        properties.put("elevateai.jms.url", broker.url());
        properties.putAll(overrides);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/jms-to-elevateai.yaml"), properties);
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    private String send(String chat) throws Exception {
        TextMessage message = session.createTextMessage(chat);
        session.createProducer(session.createQueue("elevateai.chats")).send(message);
        return message.getJMSMessageID();
    }

    private Message receive(String queue, Duration wait) throws Exception {
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            return consumer.receive(wait.toMillis());
        }
    }

    private List<JsonNode> receiveAll(String queue, int count) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (all.size() < count && System.nanoTime() < deadline) {
                Message message = consumer.receive(1000);
                if (message != null) {
                    all.add(JSON.readTree(message.getBody(String.class)));
                }
            }
        }
        return all;
    }
}
