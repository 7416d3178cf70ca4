package io.github.camelelevateai.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.RecordedRequest;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/jms-to-elevateai.yaml under broker faults, on a real embedded Artemis: a chat's acknowledgement and what it
 * sends (result, dead letter, reply) commit together, so every chat is declared once and ends with its result on the
 * results queue or its message back on the source queue, never neither.
 */
class JmsRouteFaultTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "elevateai-route";
    private static final String PASSWORD = "route-password";
    private static final String CHATS = "elevateai.chats";
    private static final String RESULTS = "elevateai.results";
    private static final String DEAD_LETTERS = "elevateai.chats.DLQ";
    private static final String REPLIES = "requester.replies";
    private static final Pattern CHAT_NAME = Pattern.compile("chat-\\d{4}");

    @TempDir
    Path work;

    private EmbeddedArtemis broker;
    private ElevateAiRunner runner;

    @AfterEach
    void stopAll() throws Exception {
        if (runner != null) {
            runner.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Where the refused send goes, what the chat is, and whether its declare first meets a 503. */
    enum Refused {
        RESULT(RESULTS, true, false),
        DEAD_LETTER(DEAD_LETTERS, false, false),
        REPLY(REPLIES, true, false),
        // the redelivered declare completes on another thread than the one the transaction is bound to
        REPLY_AFTER_A_REDELIVERED_DECLARE(REPLIES, true, true);

        final String queue;
        final boolean valid;
        final boolean unavailableFirst;

        Refused(String queue, boolean valid, boolean unavailableFirst) {
            this.queue = queue;
            this.valid = valid;
            this.unavailableFirst = unavailableFirst;
        }
    }

    @ParameterizedTest
    @EnumSource(Refused.class)
    void aSendRefusedAtCommitTakesTheAcknowledgementBackWithItAndTheChatIsAnsweredOnceItIsAllowed(Refused refused)
            throws Exception {
        broker = EmbeddedArtemis.startWithUser(work.resolve("artemis"), 0, USER, PASSWORD);
        for (String queue : List.of(CHATS, RESULTS, DEAD_LETTERS, REPLIES)) {
            broker.createQueue(queue);
        }
        // the broker refuses a transacted send only when the transaction commits
        broker.refuseSends(refused.queue);
        if (refused.unavailableFirst) {
            sandbox().failNext(1, 503);
        }
        try (Connection client = connect()) {
            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage chat = session.createTextMessage(refused.valid ? FileRouteTest.chat("Jordan")
                    : "{\"participants\": []}");
            chat.setJMSReplyTo(session.createQueue(REPLIES));
            session.createProducer(session.createQueue(CHATS)).send(chat);
            start(Map.of("elevateai.jms.user", USER, "elevateai.jms.password", PASSWORD));

            // taken twice: the first commit was refused, so the broker gave the message back and redelivered it
            await("the message given back after its refused commit, and taken again").atMost(Duration.ofSeconds(60))
                    .until(() -> consumed() >= 2);
            assertThat(broker.messageCount(refused.queue)).as("refused: nothing sent").isZero();
            assertThat(broker.messageCount(CHATS)).as("not acknowledged: back on its queue").isEqualTo(1);
            assertThat(broker.messageCount(RESULTS) + broker.messageCount(DEAD_LETTERS) + broker.messageCount(REPLIES))
                    .as("nothing of the chat's committed while one part is refused").isZero();

            broker.allowSends(refused.queue);
            await("the message acknowledged once its sends are allowed").atMost(Duration.ofSeconds(60))
                    .until(() -> broker.messageCount(CHATS) == 0);

            if (refused.valid) {
                List<Message> results = drain(session, RESULTS);
                List<Message> replies = drain(session, REPLIES);
                assertThat(results).as("one result").hasSize(1);
                assertThat(replies).as("one reply").hasSize(1);
                String identifier = JSON.readTree(results.get(0).getBody(String.class)).path("interactionIdentifier")
                        .asText();
                assertThat(sandbox().declared(identifier)).as("the result of the one declare").isNotNull();
                assertThat(JSON.readTree(replies.get(0).getBody(String.class)).path("interactionIdentifier").asText())
                        .isEqualTo(identifier);
                assertThat(sandbox().declaredCount()).as("declared once, although taken more often").isEqualTo(1);
                assertThat(runner.outcomes().declaredCount()).isEqualTo(1);
            } else {
                List<Message> dead = drain(session, DEAD_LETTERS);
                assertThat(dead).as("one dead letter").hasSize(1);
                assertThat(dead.get(0).getBody(String.class)).isEqualTo("{\"participants\": []}");
                assertThat(dead.get(0).getStringProperty("elevateaiReason")).startsWith("The chat is not valid");
                assertThat(drain(session, REPLIES)).as("one reply").hasSize(1);
                assertThat(sandbox().requestCount()).isZero();
            }
            assertThat(broker.messageCount(EmbeddedArtemis.BROKER_DEAD_LETTERS)).isZero();
        }
    }

    @Test
    void aBrokerCrashingMidStreamLosesNoChatAndNoResultAndDeclaresNoneTwice() throws Exception {
        int chats = 300;
        broker = EmbeddedArtemis.start(work.resolve("artemis"), 0);
        Map<String, String> chatOfMessage = new HashMap<>();
        try (Connection client = connect()) {
            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(CHATS));
            for (int i = 0; i < chats; i++) {
                String name = "chat-%04d".formatted(i);
                TextMessage message = session.createTextMessage(FileRouteTest.chat(name));
                producer.send(message);
                chatOfMessage.put(message.getJMSMessageID(), name);
            }
        }
        sandbox().latency(Duration.ofMillis(10));
        start(Map.of());

        int crashes = 4;
        for (int crash = 1; crash <= crashes; crash++) {
            int declaredBefore = crash * chats / (crashes + 1);
            await().atMost(Duration.ofSeconds(120)).until(() -> sandbox().declaredCount() >= declaredBefore);
            broker.crash();
            broker = restart();
        }
        // a message leaves its queue in the commit that sends its result: once the queue is empty, every result is in
        await("every chat message acknowledged").atMost(Duration.ofSeconds(180))
                .until(() -> broker.messageCount(CHATS) == 0);

        Map<String, Integer> declares = new HashMap<>();
        for (RecordedRequest request : sandbox().requests()) {
            Matcher name = CHAT_NAME.matcher(request.bodyAsString());
            assertThat(name.find()).isTrue();
            declares.merge(name.group(), 1, Integer::sum);
        }
        Map<String, Integer> results = new HashMap<>();
        try (Connection client = connect()) {
            for (Message result : drain(client.createSession(false, Session.AUTO_ACKNOWLEDGE), RESULTS)) {
                JsonNode body = JSON.readTree(result.getBody(String.class));
                String name = chatOfMessage.get(body.path("source").asText());
                assertThat(name).as("a result for a chat sent: %s", body).isNotNull();
                JsonNode declared = sandbox().declared(body.path("interactionIdentifier").asText());
                assertThat(declared).as("the result of a declare of %s", name).isNotNull();
                assertThat(declared.toString()).contains(name);
                results.merge(name, 1, Integer::sum);
            }
        }
        List<String> sent = new ArrayList<>(chatOfMessage.values());
        assertThat(sent.stream().filter(name -> declares.getOrDefault(name, 0) > 1))
                .as("chats declared more than once").isEmpty();
        assertThat(sent.stream().filter(name -> !results.containsKey(name)))
                .as("chats acknowledged with no result on the results queue").isEmpty();
        assertThat(sent.stream().filter(name -> results.getOrDefault(name, 0) > 1)).as("chats with several results").isEmpty();
        assertThat(sent.stream().filter(name -> !declares.containsKey(name))).as("chats never declared").isEmpty();
        assertThat(runner.outcomes().setAsideCount()).isZero();
        assertThat(broker.messageCount(EmbeddedArtemis.BROKER_DEAD_LETTERS)).isZero();
    }

    /** The same folder and port: the runner's connection factory finds it where it was. */
    private EmbeddedArtemis restart() throws Exception {
        int port = Integer.parseInt(broker.url().substring(broker.url().lastIndexOf(':') + 1));
        return EmbeddedArtemis.start(work.resolve("artemis"), port);
    }

    private long consumed() {
        return runner.outcomes().declaredCount() + runner.outcomes().duplicateCount()
               + runner.outcomes().setAsideCount();
    }

    private Connection connect() throws Exception {
        Connection connection = new ActiveMQConnectionFactory(broker.url(), USER, PASSWORD).createConnection();
        connection.start();
        return connection;
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

    /** Everything on the queue now (the route has finished with it). */
    private static List<Message> drain(Session session, String queue) throws Exception {
        List<Message> all = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message message;
            while ((message = consumer.receive(1000)) != null) {
                all.add(message);
            }
        }
        return all;
    }
}
