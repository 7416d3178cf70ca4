package io.github.camelelevateai.component;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** elevateai:validateChat: the declare request as it would be sent, and its digest, without a request. */
class ValidateChatTest extends ElevateAiTestSupport {

    private static final String CHAT = "{\"participants\": [{\"participant_id\": \"a\", \"name\": \"Madison\", \"role\": \"agent\"}],"
                                       + " \"messages\": [{\"participant_id\": \"a\", \"timestamp\": \"2024-03-11T09:02:11+01:00\","
                                       + " \"content\": \"Hello\"}]}";

    @Override
    protected void moreRoutes(RouteBuilder routes) {
        routes.from("direct:validate").to("elevateai:validateChat");
    }

    @Test
    void givesTheExactRequestAndItsDigestWithoutSendingAnything() {
        Exchange validated = validate(CHAT);

        assertThat(new String(validated.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"chat\",\"languageTag\":\"en-us\",\"vertical\":\"default\",\"chat\":{\"participants\":"
                + "[{\"participant_id\":\"a\",\"name\":\"Madison\",\"role\":\"agent\"}],\"messages\":[{\"participant_id\":"
                + "\"a\",\"timestamp\":\"2024-03-11T08:02:11Z\",\"content\":\"Hello\"}]}}");
        assertThat(validated.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST, String.class)).matches("[0-9a-f]{64}");
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void theDigestFollowsWhatIsSentNotHowTheInputIsWritten() {
        String digest = digestOf(validate(CHAT));
        String sameRequest = CHAT.replace("{\"participants\"", "{\"exportedBy\": \"crm\",\n \"participants\"")
                .replace("09:02:11+01:00", "08:02:11Z").replace("\"name\": \"Madison\", \"role\"", "\"role\": \"agent\", \"name\": \"Madison\", \"x\"");

        assertThat(digestOf(validate(sameRequest))).isEqualTo(digest);
        assertThat(digestOf(validate(CHAT.replace("Hello", "Hello!")))).as("other content").isNotEqualTo(digest);
        Exchange otherLanguage = template.send("direct:validate", exchange -> {
            exchange.getMessage().setBody(CHAT);
            exchange.getMessage().setHeader(ElevateAiConstants.LANGUAGE_TAG, "en");
        });
        assertThat(digestOf(otherLanguage)).as("other options").isNotEqualTo(digest);
    }

    @Test
    void anInvalidChatFailsAsItWouldOnDeclareAndTheDeclareSendsWhatWasValidated() {
        assertThat(validate("{\"participants\": []}").getException()).isInstanceOf(ChatValidationException.class);

        Exchange validated = validate(CHAT);
        Exchange declared = declare(validated.getMessage().getBody(byte[].class));
        assertThat(declared.getException()).isNull();
        assertThat(declared.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST))
                .isEqualTo(validated.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST));
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    /** The routes validate before they claim a chat: what validateChat lets through is what declareChat sends. */
    @Test
    void refusesWhatTheApiWouldRefuseWithTheSameReasonsAsDeclare() {
        String[] bodies = { "null", "{\"participants\": [{\"participant_id\": " + "1".repeat(2_000) + "}]}",
            CHAT.replace("2024-03-11T09:02:11+01:00", "9999-12-31T23:59:59-01:00"),
            "{\"type\": \"chat\", \"vertical\": \"banking\", \"chat\": " + CHAT + "}" };
        for (String body : bodies) {
            Exchange validated = validate(body);
            Exchange declared = declare(body);
            assertThat(validated.getException()).as(body.substring(0, Math.min(body.length(), 40))).isInstanceOf(ChatValidationException.class);
            assertThat(validated.getException().getMessage()).isEqualTo(declared.getException().getMessage());
        }
        assertThat(sandbox().requestCount()).isZero();
    }

    private Exchange validate(String body) {
        return template.send("direct:validate", exchange -> exchange.getMessage().setBody(body));
    }

    private static String digestOf(Exchange exchange) {
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST, String.class);
    }
}
