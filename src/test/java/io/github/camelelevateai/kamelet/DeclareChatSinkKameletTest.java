package io.github.camelelevateai.kamelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.main.KameletMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** kamelet:elevateai-declare-chat-sink in a YAML route run by camel-main, declaring to the sandbox over loopback HTTP. */
@Tag("camel-kamelet")
class DeclareChatSinkKameletTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    /** The sink with its options in the route, and again in a route that sets a refused chat aside itself. */
    private static final String ROUTES = """
            - route:
                id: declare
                from:
                  uri: direct:declare
                  steps:
                    - to:
                        uri: kamelet:elevateai-declare-chat-sink
                        parameters:
                          languageTag: es-419
            - route:
                id: declare-or-set-aside
                from:
                  uri: direct:declareOrSetAside
                  steps:
                    - doTry:
                        steps:
                          - to: kamelet:elevateai-declare-chat-sink
                        doCatch:
                          - exception:
                              - io.github.camelelevateai.component.ChatValidationException
                            steps:
                              - setBody:
                                  simple: "set aside: ${exception.message}"
            """;

    @TempDir
    Path folder;

    @Test
    void declaresTheChatOnceWithTheKameletsOptionsAndToken() throws Exception {
        try (YamlRoutes routes = start()) {
            Exchange result = routes.send("direct:declare", Chats.CHAT);

            assertThat(result.getException()).isNull();
            String identifier = result.getMessage().getBody(String.class);
            assertThat(identifier).matches("[0-9a-f-]{36}");
            assertThat(result.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER)).isEqualTo(identifier);
            List<RecordedRequest> requests = sandbox().requests();
            assertThat(requests).hasSize(1);
            assertThat(sandbox().declaredCount()).isEqualTo(1);
            assertThat(requests.get(0).path()).isEqualTo("/v1/interactions");
            assertThat(requests.get(0).header("X-API-Token")).isEqualTo(sandbox().apiToken());
            assertThat(requests.get(0).bodyAsString()).isEqualTo(Chats.declareRequest("es-419"));
            assertThat(sandbox().declared(identifier)).isNotNull();
        }
    }

    @Test
    void theComponentsDefaultApplyWhereTheKameletIsGivenNoLanguageAndAHeaderOverridesIt() throws Exception {
        try (YamlRoutes routes = start()) {
            assertThat(routes.send("direct:declareOrSetAside", Chats.CHAT).getException()).isNull();
            assertThat(routes.send("direct:declareOrSetAside", Chats.CHAT,
                    Map.of(ElevateAiConstants.LANGUAGE_TAG, "en"))
                    .getException()).isNull();

            assertThat(sandbox().requests()).map(RecordedRequest::bodyAsString)
                    .containsExactly(Chats.declareRequest("en-us"), Chats.declareRequest("en"));
        }
    }

    @Test
    void aChatThatIsNotValidFailsInTheCallingRouteAndNothingIsSent() throws Exception {
        try (YamlRoutes routes = start()) {
            Exchange refused = routes.send("direct:declare", Chats.UNKNOWN_PARTICIPANT);
            assertThat(refused.getException()).isInstanceOf(ChatValidationException.class)
                    .hasMessageContaining("'bot-7' is not a participant");

            // a Kamelet has no error handler of its own: the calling route decides
            Exchange setAside = routes.send("direct:declareOrSetAside", Chats.UNKNOWN_PARTICIPANT);
            assertThat(setAside.getException()).isNull();
            assertThat(setAside.getMessage().getBody(String.class)).startsWith("set aside: ")
                    .contains("'bot-7' is not a participant");

            assertThat(sandbox().requestCount()).isZero();
        }
    }

    /** As Camel JBang's {@code camel run routes.yaml} runs it: KameletMain, with this jar on the classpath. */
    @Test
    void camelJBangsRuntimeRunsTheSinkAsItIs() throws Exception {
        Path routes = Files.writeString(folder.resolve("routes.yaml"), ROUTES);
        KameletMain main = new KameletMain("camel.jbang");
        // JBang would fetch the Kamelet's dependencies, this jar among them; here they are on the classpath
        main.setDownload(false);
        main.configure().withRoutesIncludePattern("file:" + routes);
        main.addOverrideProperty("camel.kamelet.elevateai-declare-chat-sink.baseUrl", sandbox().baseUrl());
        main.addOverrideProperty("camel.kamelet.elevateai-declare-chat-sink.apiToken", sandbox().apiToken());
        main.start();
        try {
            Exchange result = main.getCamelContext().createProducerTemplate()
                    .request("direct:declare", exchange -> exchange.getMessage().setBody(Chats.CHAT));

            assertThat(result.getException()).isNull();
            assertThat(sandbox().declared(result.getMessage().getBody(String.class))).isNotNull();
            assertThat(sandbox().requests()).map(RecordedRequest::bodyAsString)
                    .containsExactly(Chats.declareRequest("es-419"));
        } finally {
            main.stop();
        }
    }

    private YamlRoutes start() throws Exception {
        return YamlRoutes.start(folder, ROUTES, Map.of(
                "camel.kamelet.elevateai-declare-chat-sink.baseUrl", sandbox().baseUrl(),
                "camel.kamelet.elevateai-declare-chat-sink.apiToken", sandbox().apiToken()));
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
