package io.github.camelelevateai.component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                bad("duplicate key", "{\"messages\": [], \"messages\": []}", "messages",
                        "messages is given twice in one object (line 1, column 28): two values for one field are ambiguous"),
                bad("duplicate key inside a participant", "{\"participants\": [{\"participant_id\": \"a\", \"name\": \"x\","
                        + " \"name\": \"y\"}], \"messages\": []}", "participants[0].name",
                        "participants[0].name is given twice in one object"),
                bad("both spellings of an id, differing", "{\"participants\": [{\"participant_id\": \"a\", \"participantId\": \"b\","
                        + " \"name\": \"x\"}], \"messages\": []}", "participants[0]",
                        "participants[0] has participant_id 'a' and participantId 'b': two values for one field are ambiguous"),
                bad("JSON null", "null", "", "body must be a JSON object (a chat or a declare request), got null"),
                bad("a chat and a chat's fields beside it", "{\"chat\": {" + PARTICIPANTS + ", \"messages\": []}, "
                        + PARTICIPANTS + "}", "", "body holds a chat and also participants or messages beside it"),
                bad("a number", "42", "", "body must be a JSON object (a chat or a declare request), got a number"),
                bad("a declare request without its chat", "{\"type\": \"chat\", \"languageTag\": \"en\", \"chat\": null}",
                        "chat", "chat is missing"),
                bad("a number beyond the parser's limit", "{\"participants\": [{\"participant_id\": " + "9".repeat(1001)
                        + ", \"name\": \"x\"}], \"messages\": []}", "participants[0].participant_id",
                        "participants[0].participant_id is a number of more than 1000 digits (line 1, column"),
                bad("a number beyond the parser's limit in a field that would be dropped", "{\"score\": -" + "9".repeat(5000)
                        + "}", "score", "score is a number of more than 1000 digits"),
                bad("nesting beyond the parser's limit", "{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}", "",
                        "body is nested more than 1000 levels deep (line 1, column"),
                bad("truncated, with the parser's location", "{\"participants\": [{\"participant_id\": \"a\"", "",
                        "body is not valid JSON (line 1, column 41): it ends before an object is closed (inside participants[0])"),
                bad("a raw control character", "{\"participants\": [{\"participant_id\": \"a\u0000\"}]}", "",
                        "body is not valid JSON (line 1, column 40): a control character (U+0000) inside a string"),
                bad("a bidi override outside a string", "\u202E{}", "",
                        "body is not valid JSON (line 1, column 1): unexpected character U+202E where a value should be"),
                bad("NaN", "{\"participants\": NaN}", "", "'NaN' is not a JSON value"),
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
                bad("local time that is in the year 10000 in UTC", "{" + PARTICIPANTS + ", \"messages\": ["
                        + msg("agent-1", "2022-07-04T14:25:15Z", "\"a\"") + "," + msg("cust-1", "2022-07-04T14:25:16Z", "\"b\"") + ","
                        + msg("cust-1", "2022-07-04T14:25:17Z", "\"c\"") + "," + msg("cust-1", "9999-12-31T23:59:59-01:00", "\"d\"") + "]}",
                        "messages[3].timestamp", "messages[3].timestamp '9999-12-31T23:59:59-01:00' is +10000-01-01T00:59:59Z in UTC,"
                        + " outside the years 0001 to 9999 that the API takes"),
                bad("local time that is in the year 0 in UTC", "{" + PARTICIPANTS + ", \"messages\": ["
                        + msg("agent-1", "0001-01-01T00:30:00+01:00", "\"x\"") + "]}", "messages[0].timestamp",
                        "messages[0].timestamp '0001-01-01T00:30:00+01:00' is 0000-12-31T23:30:00Z in UTC, outside the years"),
                bad("the year 0", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "0000-06-01T00:00:00Z", "\"x\"") + "]}",
                        "messages[0].timestamp", "outside the years 0001 to 9999"),
                bad("a five-digit year", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "+10000-01-01T00:00:00Z", "\"x\"") + "]}",
                        "messages[0].timestamp", "messages[0].timestamp '+10000-01-01T00:00:00Z' does not start with a four-digit year"),
                bad("a signed year", "{" + PARTICIPANTS + ", \"messages\": [" + msg("agent-1", "-0001-01-01T00:00:00+01:00", "\"x\"") + "]}",
                        "messages[0].timestamp", "does not start with a four-digit year: the API takes the years 0001 to 9999"),
                bad("a vertical the API does not take", "{\"type\": \"chat\", \"vertical\": \"banking\", \"chat\": {" + PARTICIPANTS
                        + ", \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "\"x\"") + "]}}",
                        "vertical", "vertical 'banking' is not a vertical the API takes: its documentation names only 'default'"),
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
        assertThat(failure.getMessage()).as("no parser internals").doesNotContain("Source:", "REDACTED", "Feature", "`",
                "start marker", "Jackson", "io.github");
    }

    @Test
    void aValueIsQuotedOnOneLineSoThatItCannotForgeALogLine() {
        String forged = "bot-7\n2024-03-11 09:02:11 INFO declared forged.json as 6091d697\r\u2028\u202Egnp.exe\u0000";
        String body = "{" + PARTICIPANTS + ", \"messages\": [" + msg(json(forged), "2022-07-04T14:25:15Z", "\"x\"") + "]}";

        Exchange result = declare(body);

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class).hasMessage(
                "messages[0].participant_id 'bot-7\\n2024-03-11 09:02:11 INFO declared forged.json as 6091d697\\r\\u2028"
                + "\\u202Egnp.exe\\u0000' is not a participant (known: agent-1, cust-1)");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void aHugeValueIsCutWhereItIsQuoted() {
        String huge = "x".repeat(5 * 1024 * 1024);
        String body = "{" + PARTICIPANTS + ", \"messages\": [" + msg(huge, "2022-07-04T14:25:15Z", "\"x\"") + "]}";

        Exchange result = declare(body);

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessage("messages[0].participant_id '" + "x".repeat(100) + "…' (5242880 chars) is not a participant"
                        + " (known: agent-1, cust-1)");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirPlace() {
        byte[] latin1 = ("{" + PARTICIPANTS + ",\n \"messages\": [" + msg("agent-1", "2022-07-04T14:25:15Z", "\"Zoë\"") + "]}")
                .getBytes(StandardCharsets.ISO_8859_1);

        for (Object body : List.of(latin1, new ByteArrayInputStream(latin1))) {
            Exchange result = declare(body);
            assertThat(result.getException()).as(body.getClass().getSimpleName())
                    .isInstanceOf(ChatValidationException.class)
                    .hasMessage("body is not UTF-8 text (line 3, column 96): byte 0xEB starts no valid UTF-8 character;"
                            + " save the chat as UTF-8");
        }
        // an overlong NUL, which Jackson alone would read as U+0000, in a field that would be dropped
        Exchange overlong = declare(new byte[] { '{', '"', 'x', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}' });
        assertThat(overlong.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessageStartingWith("body is not UTF-8 text (line 1, column 7)");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void mapsThatHaveNoJsonFormAreRefused() {
        Map<String, Object> holdsItself = new HashMap<>();
        holdsItself.put("participants", holdsItself);
        assertThat(declare(holdsItself).getException()).isInstanceOf(ChatValidationException.class)
                .hasMessage("body is a Map nested more than 1000 levels deep, or one that holds itself");

        Map<String, Object> withAnInstant = Map.of("participants", List.of(Map.of("participant_id", Instant.EPOCH)));
        assertThat(declare(withAnInstant).getException()).isInstanceOf(ChatValidationException.class)
                .hasMessage("participants[0].participant_id is a java.time.Instant, which has no JSON form: use a string");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void aStreamThatFailsWhileReadIsNotAValidationErrorButNothingWasSent() {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream("{\"participants\": [".getBytes(
                StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk gone");
                    }
                });

        Exchange result = declare(failing);

        assertThat(result.getException()).isInstanceOf(ChatReadException.class)
                .hasMessage("The chat body could not be read (IOException: disk gone): nothing was sent");
        ElevateAiException failure = (ElevateAiException) result.getException();
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void anEndpointWithAVerticalTheApiDoesNotTakeDoesNotStart() {
        assertThatThrownBy(() -> template.send("elevateai:declareChat?vertical=banking",
                exchange -> exchange.getMessage().setBody(chatJson())))
                .hasStackTraceContaining("elevateai: vertical 'banking' is not a vertical the API takes");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void aHeaderWithAnUnsupportedLanguageIsNamed() {
        Exchange result = declare(chatJson(), Map.of(ElevateAiConstants.LANGUAGE_TAG, "de"));

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessageContaining("header CamelElevateAiLanguageTag 'de' is not a language");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void aBodyOfAnotherTypeIsNamed() {
        Exchange result = declare(new Object());

        assertThat(result.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessageContaining("body of type java.lang.Object cannot be read as a chat");
    }

    @Test
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

    /** A JSON string literal holding {@code value}, control characters escaped as JSON escapes them. */
    private static String json(String value) {
        try {
            String literal = io.github.camelelevateai.component.model.Json.MAPPER.writeValueAsString(value);
            return literal.substring(1, literal.length() - 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String msg(String participant, String timestamp, String content) {
        return "{\"participant_id\": \"" + participant + "\", \"timestamp\": \"" + timestamp + "\", \"content\": " + content + "}";
    }
}
