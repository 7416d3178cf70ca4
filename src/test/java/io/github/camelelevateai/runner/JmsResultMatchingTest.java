package io.github.camelelevateai.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a producer matches what the JMS route answers to the chat it sent, whatever its language and whether or not
 * its messages have a JMSMessageID: routes/jms-to-elevateai.yaml on a real embedded Artemis, fed over JMS and over
 * STOMP (which gives a message no JMSMessageID).
 */
class JmsResultMatchingTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHATS = "elevateai.chats";
    private static final String RESULTS = "elevateai.results";
    private static final String DEAD_LETTERS = "elevateai.chats.DLQ";
    private static final String INVALID_CHAT = "{\"participants\": []}";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private EmbeddedArtemis broker;
    private Connection client;
    private Session session;
    private ElevateAiRunner runner;

    @BeforeEach
    void startBrokerAndRoute() throws Exception {
        broker = EmbeddedArtemis.start(work.resolve("artemis"), 0);
        for (String queue : List.of(CHATS, RESULTS, DEAD_LETTERS)) {
            broker.createQueue(queue);
        }
        client = new ActiveMQConnectionFactory(broker.url()).createConnection();
        client.start();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Map<String, String> properties = RouteTestProperties.against(ELEVATEAI.sandbox(), work);
        properties.put("elevateai.jms.url", broker.url());
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/jms-to-elevateai.yaml"), properties);
    }

    @AfterEach
    void stopAll() throws Exception {
        runner.stop();
        client.close();
        broker.close();
    }

    @Test
    void theResultDeadLetterAndReplyCarryTheChatsCorrelationIdOrElseItsMessageId() throws Exception {
        Queue replies = session.createTemporaryQueue();
        TextMessage correlated = session.createTextMessage(FileRouteTest.chat("Jordan"));
        correlated.setJMSCorrelationID("order-7");
        correlated.setJMSReplyTo(replies);
        TextMessage plain = session.createTextMessage(FileRouteTest.chat("Alex"));
        TextMessage invalid = session.createTextMessage(INVALID_CHAT);
        invalid.setJMSReplyTo(replies);
        MessageProducer producer = session.createProducer(session.createQueue(CHATS));
        producer.send(correlated);
        Message correlatedResult = receive(RESULTS);
        producer.send(plain);
        Message plainResult = receive(RESULTS);
        Message correlatedReply = receive(replies);
        producer.send(invalid);
        Message deadLetter = receive(DEAD_LETTERS);
        Message invalidReply = receive(replies);

        assertThat(correlatedResult.getJMSCorrelationID()).isEqualTo("order-7");
        assertThat(source(correlatedResult)).isEqualTo("order-7");
        assertThat(correlatedReply.getJMSCorrelationID()).isEqualTo("order-7");
        assertThat(source(correlatedReply)).isEqualTo("order-7");
        assertThat(plainResult.getJMSCorrelationID()).isEqualTo(plain.getJMSMessageID());
        assertThat(source(plainResult)).isEqualTo(plain.getJMSMessageID());
        assertThat(deadLetter.getJMSCorrelationID()).isEqualTo(invalid.getJMSMessageID());
        assertThat(deadLetter.getStringProperty("elevateaiSource")).isEqualTo(invalid.getJMSMessageID());
        assertThat(invalidReply.getJMSCorrelationID()).isEqualTo(invalid.getJMSMessageID());
        assertThat(source(invalidReply)).isEqualTo(invalid.getJMSMessageID());
    }

    @Test
    void aJmsChatWithNoMessageIdIsAnsweredWithItsOwnPropertiesAndASourceThatSaysSo() throws Exception {
        Queue replies = session.createTemporaryQueue();
        MessageProducer producer = session.createProducer(session.createQueue(CHATS));
        producer.setDisableMessageID(true);
        TextMessage chat = session.createTextMessage(FileRouteTest.chat("Jordan"));
        chat.setStringProperty("accountName", "acme");
        chat.setLongProperty("ticket", 4711);
        chat.setJMSReplyTo(replies);
        producer.send(chat);
        TextMessage invalid = session.createTextMessage(INVALID_CHAT);
        invalid.setStringProperty("accountName", "acme");
        invalid.setLongProperty("ticket", 4712);
        producer.send(invalid);

        Message result = receive(RESULTS);
        Message reply = receive(replies);
        Message deadLetter = receive(DEAD_LETTERS);
        assertThat(chat.getJMSMessageID()).as("the producer disabled message ids").isNull();
        for (Message answer : List.of(result, reply)) {
            assertThat(answer.getStringProperty("accountName")).isEqualTo("acme");
            assertThat(answer.getLongProperty("ticket")).isEqualTo(4711);
            assertThat(answer.getJMSCorrelationID()).isNull();
            assertThat(source(answer)).isEqualTo("no id");
        }
        assertThat(ELEVATEAI.sandbox().declared(JSON.readTree(result.getBody(String.class)).path("interactionIdentifier")
                .asText())).isNotNull();
        assertThat(deadLetter.getBody(String.class)).isEqualTo(INVALID_CHAT);
        assertThat(deadLetter.getStringProperty("accountName")).isEqualTo("acme");
        assertThat(deadLetter.getLongProperty("ticket")).isEqualTo(4712);
        assertThat(deadLetter.getStringProperty("elevateaiSource")).isEqualTo("no id");
        assertThat(deadLetter.getStringProperty("elevateaiReason")).startsWith("The chat is not valid");
    }

    @Test
    void aStompProducerMatchesItsResultByItsCorrelationIdOrItsOwnHeaders() throws Exception {
        try (StompClient stomp = new StompClient(broker.url(), "guest", "guest")) {
            stomp.send(CHATS, headers("correlation-id", "order-7", "accountName", "acme"), FileRouteTest.chat("Jordan"));
            stomp.send(CHATS, headers("accountName", "globex", "x-acc-name", "42"), FileRouteTest.chat("Alex"));
            stomp.send(CHATS, headers("accountName", "initech"), INVALID_CHAT);
            stomp.subscribe(RESULTS);
            Map<String, StompClient.Frame> results = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                StompClient.Frame result = stomp.receive(WAIT);
                assertThat(result).as("result %s", i).isNotNull();
                results.put(result.headers().get("accountName"), result);
            }
            StompClient.Frame correlated = results.get("acme");
            StompClient.Frame uncorrelated = results.get("globex");
            stomp.subscribe(DEAD_LETTERS);
            StompClient.Frame deadLetter = stomp.receive(WAIT);

            assertThat(correlated.headers()).containsEntry("correlation-id", "order-7")
                    .containsEntry("accountName", "acme");
            assertThat(JSON.readTree(correlated.body()).path("source").asText()).isEqualTo("order-7");
            // JMS allows no '-' in a property name: Camel carries one as _HYPHEN_ (and a '.' as _DOT_)
            assertThat(uncorrelated.headers()).containsEntry("accountName", "globex")
                    .containsEntry("x_HYPHEN_acc_HYPHEN_name", "42").doesNotContainKey("correlation-id");
            JsonNode result = JSON.readTree(uncorrelated.body());
            assertThat(result.path("source").asText()).isEqualTo("no id");
            assertThat(ELEVATEAI.sandbox().declared(result.path("interactionIdentifier").asText())).isNotNull();
            assertThat(deadLetter.body()).isEqualTo(INVALID_CHAT);
            assertThat(deadLetter.headers()).containsEntry("accountName", "initech")
                    .containsEntry("elevateaiSource", "no id");
            assertThat(deadLetter.headers().get("elevateaiReason")).startsWith("The chat is not valid");
        }
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(2);
    }

    @Test
    void headerNamesJmsCannotCarryAreLeftOffInsteadOfRollingTheChatBackForever() throws Exception {
        try (StompClient stomp = new StompClient(broker.url(), "guest", "guest")) {
            stomp.send(CHATS, headers("accountName", "acme", "1st-attempt", "yes", "AND", "x", "with space", "y",
                    "x:y", "z"), FileRouteTest.chat("Jordan"));
            stomp.subscribe(RESULTS);
            StompClient.Frame result = stomp.receive(WAIT);

            assertThat(result).as("the result, at the first delivery").isNotNull();
            assertThat(result.headers()).containsEntry("accountName", "acme")
                    .doesNotContainKeys("1st-attempt", "1st_HYPHEN_attempt", "AND", "with space", "x:y");
        }
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(1);
        assertThat(runner.outcomes().duplicateCount()).as("never rolled back and taken again").isZero();
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static String source(Message answer) throws Exception {
        return JSON.readTree(answer.getBody(String.class)).path("source").asText();
    }

    private Message receive(String queue) throws Exception {
        return receive(session.createQueue(queue));
    }

    private Message receive(Queue queue) throws Exception {
        try (MessageConsumer consumer = session.createConsumer(queue)) {
            Message message = consumer.receive(WAIT.toMillis());
            assertThat(message).as("a message on %s", queue).isNotNull();
            return message;
        }
    }
}
