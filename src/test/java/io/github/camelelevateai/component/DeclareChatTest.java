package io.github.camelelevateai.component;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.component.model.Participant;
import io.github.camelelevateai.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat in any of the accepted shapes reaches the sandbox as exactly the documented wire format. */
class DeclareChatTest extends ElevateAiTestSupport {

    @TempDir
    Path inbox;

    @Override
    protected void moreRoutes(RouteBuilder routes) {
        routes.from("file:" + inbox + "?noop=true&include=.*\\.json").routeId("files").autoStartup(false)
                .to("elevateai:declareChat")
                .to("mock:declared");
    }

    @Test
    void declaresAndAnswersTheInteractionIdentifier() throws Exception {
        Exchange result = declare(chatJson());

        assertThat(result.getException()).isNull();
        String identifier = result.getMessage().getBody(String.class);
        assertThat(identifier).matches("[0-9a-f-]{36}");
        assertThat(result.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER)).isEqualTo(identifier);
        assertThat(result.getMessage().getHeader(ElevateAiConstants.HTTP_STATUS)).isEqualTo(201);
        assertThat(result.getMessage().getHeader(ElevateAiConstants.RETRIES)).isEqualTo(0);
        assertThat(sandbox().declared(identifier)).isNotNull();

        RecordedRequest request = sandbox().requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/interactions");
        assertThat(request.header("X-API-Token")).isEqualTo(sandbox().apiToken());
        assertThat(request.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void sendsExactlyTheDocumentedSchema() throws Exception {
        declare(chatJson());

        String expected = """
                {"type":"chat","languageTag":"en-us","vertical":"default","chat":{
                "participants":[{"participant_id":"agent-1","name":"Madison","role":"agent"},
                {"participant_id":"cust-1","name":"Developer","role":"customer"}],
                "messages":[{"participant_id":"agent-1","timestamp":"2022-07-04T14:25:15Z","content":"We hope this documentation is useful!"},
                {"participant_id":"cust-1","timestamp":"2022-07-04T14:26:45Z","content":"It is, thank you!"}]}}"""
                .replace("\n", "");
        assertThat(sandbox().requests().get(0).bodyAsString()).isEqualTo(expected);
    }

    @Test
    void dropsUnknownFieldsAndAcceptsCamelCaseParticipantIds() throws Exception {
        String body = """
                {"source": "crm", "participants": [
                   {"participantId": "a", "name": "Ann", "role": "agent", "email": "ann@example.com"},
                   {"participantId": "c", "name": "Cy", "role": null}],
                 "messages": [{"participantId": "c", "timestamp": "2022-07-04T14:25:15Z", "content": "hi", "sentiment": 0.4}]}
                """;
        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        String sent = sandbox().requests().get(0).bodyAsString();
        assertThat(sent).doesNotContain("source", "email", "sentiment", "participantId");
        JsonNode chat = lastRequestBody().get("chat");
        assertThat(chat.get("participants").get(0).get("participant_id").asText()).isEqualTo("a");
        assertThat(chat.get("participants").get(1).get("role").isNull()).isTrue();
        assertThat(chat.get("messages").get(0).get("participant_id").asText()).isEqualTo("c");
    }

    @Test
    void keepsOrderNamesAndContentByteForByte() throws Exception {
        String content = "Ça coûte 5 € 🙂 \"quoted\" \\ back\\slash\n\tand <html> & ünïcödé";
        Chat.Builder builder = Chat.builder().customer("z-last", "Zoë Ørsted").agent("a-first", "李小龙");
        for (int i = 0; i < 50; i++) {
            builder.message(i % 2 == 0 ? "z-last" : "a-first", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
                    i + ": " + content);
        }
        Exchange result = declare(Json.MAPPER.writeValueAsString(builder.build()));

        assertThat(result.getException()).isNull();
        JsonNode chat = lastRequestBody().get("chat");
        assertThat(chat.get("participants").get(0).get("name").asText()).isEqualTo("Zoë Ørsted");
        assertThat(chat.get("participants").get(1).get("name").asText()).isEqualTo("李小龙");
        for (int i = 0; i < 50; i++) {
            assertThat(chat.get("messages").get(i).get("content").asText()).isEqualTo(i + ": " + content);
        }
        // non-ASCII is sent as UTF-8 itself, not as \\u escapes
        assertThat(sandbox().requests().get(0).body()).containsSequence("Zoë".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void normalisesEveryOffsetToUtcKeepingFractions() throws Exception {
        String body = """
                {"participants": [{"participant_id": "a", "name": "Ann", "role": "agent"}],
                 "messages": [
                   {"participant_id": "a", "timestamp": "2022-07-04T16:25:15+02:00", "content": "1"},
                   {"participant_id": "a", "timestamp": "2022-07-04T09:25:15.123-05:00", "content": "2"},
                   {"participant_id": "a", "timestamp": "2022-07-04T14:25:15.5Z", "content": "3"},
                   {"participant_id": "a", "timestamp": "2022-07-04T14:25:15.123456+00:00", "content": "4"},
                   {"participant_id": "a", "timestamp": "2022-07-04T20:10:15+0545", "content": "5"}]}
                """;
        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        JsonNode messages = lastRequestBody().get("chat").get("messages");
        assertThat(messages.findValuesAsText("timestamp")).containsExactly(
                "2022-07-04T14:25:15Z", "2022-07-04T14:25:15.123Z", "2022-07-04T14:25:15.5Z",
                "2022-07-04T14:25:15.123456Z", "2022-07-04T14:25:15Z");
    }

    @Test
    void aWholeDeclareRequestKeepsItsOwnLanguageAndVertical() throws Exception {
        sandbox();
        String body = "{\"type\": \"chat\", \"languageTag\": \"es-419\", \"vertical\": \"default\", \"chat\": "
                      + chatJson() + "}";
        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("languageTag").asText()).isEqualTo("es-419");
    }

    @Test
    void headersOverrideTheBodyAndTheEndpoint() throws Exception {
        String body = "{\"type\": \"chat\", \"languageTag\": \"es-419\", \"chat\": " + chatJson() + "}";
        Exchange result = declare(body, Map.of(ElevateAiConstants.LANGUAGE_TAG, "EN",
                ElevateAiConstants.VERTICAL, "default"));

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("languageTag").asText()).isEqualTo("en");
        assertThat(lastRequestBody().get("vertical").asText()).isEqualTo("default");
    }

    @Test
    void endpointOptionsApplyWhenNothingElseSays() throws Exception {
        Exchange result = template.send("elevateai:declareChat?languageTag=es-419",
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("languageTag").asText()).isEqualTo("es-419");
    }

    @Test
    void acceptsBytesStreamsMapsAndTypedChats() throws Exception {
        byte[] utf8 = chatJson().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Chat typed = Chat.builder()
                .participant(Participant.agent("agent-1", "Madison"))
                .participant(Participant.customer("cust-1", "Developer"))
                .message("agent-1", Instant.parse("2022-07-04T14:25:15Z"), "We hope this documentation is useful!")
                .message("cust-1", Instant.parse("2022-07-04T14:26:45Z"), "It is, thank you!")
                .build();

        List<Object> bodies = List.of(utf8, withBom, "\uFEFF" + chatJson(), new ByteArrayInputStream(withBom),
                Json.MAPPER.readValue(chatJson(), Map.class), typed);
        for (Object body : bodies) {
            Exchange result = declare(body);
            assertThat(result.getException()).as(body.getClass().getSimpleName()).isNull();
        }
        List<String> sent = sandbox().requests().stream().map(RecordedRequest::bodyAsString).distinct().toList();
        assertThat(sent).as("every shape yields the same bytes").hasSize(1);
        assertThat(sandbox().declaredCount()).isEqualTo(bodies.size());
    }

    @Test
    void acceptsUtf16WithAByteOrderMarkAsWindowsToolsWriteIt() throws Exception {
        byte[] utf16 = ("\uFEFF" + chatJson().replace("Developer", "Zoë 李")).getBytes(StandardCharsets.UTF_16LE);

        Exchange result = declare(utf16);

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("chat").get("participants").get(1).get("name").asText()).isEqualTo("Zoë 李");
    }

    @Test
    void controlCharactersWrittenAsJsonEscapesAreContentAndGoThrough() throws Exception {
        String body = chatJson().replace("It is, thank you!", "tab\\tnul\\u0000end");

        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("chat").get("messages").get(1).get("content").asText())
                .isEqualTo("tab\tnul\u0000end");
    }

    @Test
    void bothSpellingsOfAnIdWithOneValueAreOneValue() throws Exception {
        String body = chatJson().replace("{\"participant_id\": \"agent-1\", \"name\"",
                "{\"participant_id\": \"agent-1\", \"participantId\": \"agent-1\", \"name\"");

        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("chat").get("participants").get(0).get("participant_id").asText())
                .isEqualTo("agent-1");
    }

    @Test
    void timestampsAtTheEdgesOfTheFourDigitYearsAreDeclared() throws Exception {
        String body = chatJson()
                .replace("2022-07-04T14:25:15Z", "0001-01-01T01:00:00+01:00")
                .replace("2022-07-04T14:26:45Z", "9999-12-31T23:59:59.999999999Z");

        Exchange result = declare(body);

        assertThat(result.getException()).isNull();
        assertThat(lastRequestBody().get("chat").get("messages").findValuesAsText("timestamp"))
                .containsExactly("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z");
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void acceptsFilesAndTheFileConsumersGenericFile() throws Exception {
        File file = inbox.resolve("chat.json").toFile();
        Files.writeString(file.toPath(), chatJson());
        Exchange fromFile = declare(file);
        assertThat(fromFile.getException()).isNull();

        MockEndpoint declared = getMockEndpoint("mock:declared");
        declared.expectedMessageCount(1);
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("files").whenDone(1).create();
        context.getRouteController().startRoute("files");
        assertThat(done.matches(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        declared.assertIsSatisfied();
        assertThat(declared.getExchanges().get(0).getMessage().getBody(String.class)).matches("[0-9a-f-]{36}");
        assertThat(sandbox().declaredCount()).isEqualTo(2);
    }

    @Test
    void declaresEveryExampleChat() throws Exception {
        try (var files = Files.list(Path.of("examples", "chats"))) {
            for (Path chat : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Exchange result = declare(chat.toFile());
                assertThat(result.getException()).as(chat.toString()).isNull();
            }
        }
        assertThat(sandbox().declaredCount()).isGreaterThanOrEqualTo(5);
    }
}
