package io.github.camelelevateai.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat the API would refuse costs no request, and the error names the field and its position. */
class ChatValidationTest extends ElevateAiTestSupport {

    private static final String PARTICIPANTS = """
            "participants": [{"participant_id": "agent-1", "name": "Madison", "role": "agent"},
                             {"participant_id": "cust-1", "name": "Jordan", "role": "customer"}]""";

    static Stream<Arguments> badChats() {
        return Stream.of(
                bad("empty body", "", "", "body is empty"),
                bad("blank body", "   \n ", "", "body is empty"),
                bad("not JSON", "participant: Madison", "", "body is not valid JSON (line 1, column"),
                bad("truncated JSON", "{\"participants\": [", "", "body is not valid JSON"),
                bad("an array", "[1, 2]", "", "body must be a JSON object (a chat or a declare request), got an array"),
                bad("a string", "\"chat\"", "", "got a string"),
                bad("two values", "{} {}", "", "body holds more than one JSON value"),
                bad("neither chat nor request", "{\"hello\": 1}", "", "body is neither a chat"),
                bad("duplicate key", "{\"messages\": [], \"messages\": []}", "", "Duplicate field 'messages'"),
                bad("no participants", "{\"messages\": [{\"participant_id\": \"a\", \"timestamp\": \"2022-07-04T14:25:15Z\", \"content\": \"x\"}]}",
                        "participants", "participants is missing: a chat needs at least one participant"),
                bad("empty participants", "{\"participants\": [], \"messages\": []}", "participants",
                        "participants is empty"),
                bad("participants not an array", "{\"participants\": {\"a\": 1}, \"messages\": []}", "participants",
                        "participants must be an array, got an object"),
                bad("null participant", "{\"participants\": [null], \"messages\": []}", "participants[0]",
                        "participants[0] must be an object"),
                bad("missing participant id", "{\"participants\": [{\"name\": \"x\"}], \"messages\": []}",
                        "participants[0].participant_id", "participants[0].participant_id is missing"),
                bad("blank participant id", "{\"participants\": [{\"participant_id\": \" \", \"name\": \"x\"}], \"messages\": []}",
                        "participants[0].participant_id", "participants[0].participant_id is empty"),
                bad("duplicate participant id", "{\"participants\": [{\"participant_id\": \"a\", \"name\": \"x\"},"
                        + " {\"participant_id\": \"a\", \"name\": \"y\"}], \"messages\": []}",
                        "participants[1].participant_id",
                        "participants[1].participant_id 'a' is already used by participants[0]"),
                bad("numeric participant id", "{\"participants\": [{\"participant_id\": 7, \"name\": \"x\"}], \"messages\": []}",
                        "participants[0].participant_id", "participants[0].participant_id must be a string, got a number"),
                bad("missing name", "{\"participants\": [{\"participant_id\": \"a\"}], \"messages\": []}",
                        "participants[0].name", "participants[0].name is missing"),
                bad("bad role", "{\"participants\": [{\"participant_id\": \"a\", \"name\": \"x\", \"role\": \"bot\"}], \"messages\": []}",
                        "participants[0].role", "participants[0].role 'bot' must be agent, customer or null"),
                bad("no messages", "{" + PARTICIPANTS + ", \"messages\": []}", "messages",
                        "messages is empty: a chat needs at least one message"),
                bad("unknown participant", "{" + PARTICIPANTS + ", \"messages\": ["
                        + msg("agent-1", "2022-07-04T14:25:15Z", "\"a\"") + "," + msg("cust-1", "2022-07-04T14:25:16Z", "\"b\"") + ","
                        + msg("cust-1", "2022-07-04T14:25:17Z", "\"c\"") + "," + msg("bot-7", "2022-07-04T14:25:18Z", "\"d\"") + "]}",
                        "messages[3].participant_id",
                        "messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)"),
                bad("missing timestamp", "{" + PARTICIPANTS + ", \"messages\": [{\"participant_id\": \"agent-1\", \"content\": \"x\"}]}",
                        "messages[0].timestamp", "messages[0].timestamp is missing"),
                bad("timestamp without zone", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15", "\"x\"") + "]}",
                        "messages[0].timestamp", "messages[0].timestamp '2022-07-04T14:25:15' has no zone"),
                bad("timestamp not ISO", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "04/07/2022 14:25", "\"x\"") + "]}",
                        "messages[0].timestamp", "messages[0].timestamp '04/07/2022 14:25' is not an ISO 8601 date-time"),
                bad("a 13th month", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-13-04T14:25:15Z", "\"x\"") + "]}",
                        "messages[0].timestamp", "messages[0].timestamp '2022-13-04T14:25:15Z' is not an ISO 8601 date-time"),
                bad("30 February", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-02-30T14:25:15.250Z", "\"x\"") + "]}",
                        "messages[0].timestamp", "messages[0].timestamp '2022-02-30T14:25:15.250Z' is not an ISO 8601 date-time"),
                bad("numeric timestamp", "{" + PARTICIPANTS + ", \"messages\": [{\"participant_id\": \"agent-1\", \"timestamp\": 1656944715, \"content\": \"x\"}]}",
                        "messages[0].timestamp", "messages[0].timestamp must be a string, got a number"),
                bad("numeric content", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "42") + "]}",
                        "messages[0].content", "messages[0].content must be a string, got a number"),
                bad("boolean content", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "true") + "]}",
                        "messages[0].content", "messages[0].content must be a string, got a boolean"),
                bad("object content", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "{\"text\": \"x\"}") + "]}",
                        "messages[0].content", "messages[0].content must be a string, got an object"),
                bad("missing content", "{" + PARTICIPANTS + ", \"messages\": [{\"participant_id\": \"agent-1\", \"timestamp\": \"2022-07-04T14:25:15Z\"}]}",
                        "messages[0].content", "messages[0].content is missing"),
                bad("unsupported language in the body", "{\"type\": \"chat\", \"languageTag\": \"fr-fr\", \"chat\": {" + PARTICIPANTS
                        + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "\"x\"") + "]}}",
                        "languageTag", "languageTag 'fr-fr' is not a language the API supports for chat"),
                bad("audio type", "{\"type\": \"audio\", \"chat\": {" + PARTICIPANTS + ", \"messages\": []}}",
                        "type", "type 'audio' is not a chat"),
                bad("position inside a whole request", "{\"type\": \"chat\", \"chat\": {" + PARTICIPANTS + ", \"messages\": ["
                        + msg("agent-1", "2022-07-04T14:25:15Z", "\"a\"") + "," + msg("nobody", "2022-07-04T14:25:16Z", "\"b\"") + "]}}",
                        "chat.messages[1].participant_id", "chat.messages[1].participant_id 'nobody' is not a participant"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChats")
    void refusesWithoutARequest(String name, String body, String field, String message) {
        Exchange result = declare(body);

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class);
        ChatValidationException failure = (ChatValidationException) result.getException();
        assertThat(failure.getMessage()).contains(message);
        assertThat(failure.getField()).isEqualTo(field);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getHttpResponseCode()).isZero();
        assertThat(sandbox().requestCount()).as("no request for a chat the API would refuse").isZero();
    }

    @org.junit.jupiter.api.Test
    void aHeaderWithAnUnsupportedLanguageIsNamed() {
        Exchange result = declare(chatJson(), Map.of(ElevateAiConstants.LANGUAGE_TAG, "de"));

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessageContaining("header CamelElevateAiLanguageTag 'de' is not a language");
        assertThat(sandbox().requestCount()).isZero();
    }

    @org.junit.jupiter.api.Test
    void aBodyOfAnotherTypeIsNamed() {
        Exchange result = declare(new Object());

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessageContaining("body of type java.lang.Object cannot be read as a chat");
    }

    @org.junit.jupiter.api.Test
    void everyBrokenExampleIsRefusedWithAReason() throws Exception {
        try (var files = Files.list(Path.of("examples", "broken"))) {
            for (Path broken : files.toList()) {
                Exchange result = declare(broken.toFile());
                assertThat(result.getException()).as(broken.toString()).isInstanceOf(ChatValidationException.class);
            }
        }
        assertThat(sandbox().requestCount()).isZero();
    }

    private static Arguments bad(String name, String body, String field, String message) {
        return Arguments.of(name, body, field, message);
    }

    private static String msg(String participant, String timestamp, String content) {
        return "{\"participant_id\": \"" + participant + "\", \"timestamp\": \"" + timestamp + "\", \"content\": " + content + "}";
    }
}
