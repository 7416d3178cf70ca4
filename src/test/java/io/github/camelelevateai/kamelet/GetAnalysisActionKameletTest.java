package io.github.camelelevateai.kamelet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.ElevateAiNotReadyException;
import io.github.camelelevateai.component.InteractionIdentifierException;
import io.github.camelelevateai.component.model.AiResults;
import io.github.camelelevateai.component.model.InteractionStatus;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.component.model.ProcessingStatus;
import io.github.camelelevateai.component.model.Summary;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kamelet:elevateai-get-analysis-action in YAML routes run by camel-main, after chats declared through the sink, against
 * the sandbox over loopback HTTP. The Kamelets get no token or base URL here: the component's settings apply.
 */
@Tag("camel-kamelet")
class GetAnalysisActionKameletTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:declare
                  steps:
                    - to: kamelet:elevateai-declare-chat-sink
            - route:
                from:
                  uri: direct:status
                  steps:
                    - to:
                        uri: kamelet:elevateai-get-analysis-action
                        parameters:
                          operation: getStatus
                          resultFormat: typed
            - route:
                from:
                  uri: direct:results
                  steps:
                    - to: kamelet:elevateai-get-analysis-action
            - route:
                from:
                  uri: direct:typedResults
                  steps:
                    - to:
                        uri: kamelet:elevateai-get-analysis-action
                        parameters:
                          resultFormat: typed
            - route:
                from:
                  uri: direct:declareThenSummary
                  steps:
                    - to: kamelet:elevateai-declare-chat-sink
                    - to:
                        uri: kamelet:elevateai-get-analysis-action
                        parameters:
                          operation: getSummary
                          resultFormat: typed
            """;

    @TempDir
    Path folder;

    private YamlRoutes routes;

    @BeforeEach
    void start() throws Exception {
        routes = YamlRoutes.start(folder, ROUTES, Map.of(
                "camel.component.elevateai.baseUrl", sandbox().baseUrl(),
                "camel.component.elevateai.apiToken", sandbox().apiToken(),
                "camel.component.elevateai.maxRetries", "0"));
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void onceProcessedTheAiResultsComeAsTheApisJsonOrTyped() throws Exception {
        sandbox().processingTime(Duration.ofSeconds(1));
        String identifier = routes.send("direct:declare", Chats.CHAT).getMessage().getBody(String.class);

        // the component asks the status of one interaction at most every 5 s, as the API wants; sooner, the last answer
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Exchange status = routes.send("direct:status", identifier);
            assertThat(status.getException()).isNull();
            return status.getMessage().getBody(InteractionStatus.class).processingStatus() == ProcessingStatus.PROCESSED;
        });
        Exchange json = routes.send("direct:results", identifier);
        Exchange typed = routes.send("direct:typedResults", identifier);

        assertThat(json.getException()).isNull();
        assertThat(json.getMessage().getBody()).isInstanceOf(String.class);
        JsonNode answer = Json.MAPPER.readTree(json.getMessage().getBody(String.class));
        assertThat(answer.path("allParticipants").isObject()).isTrue();
        assertThat(json.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER)).isEqualTo(identifier);
        assertThat(typed.getException()).isNull();
        AiResults results = typed.getMessage().getBody(AiResults.class);
        assertThat(results.allParticipants().enlightenBundles()).isNotEmpty();
        assertThat(Json.MAPPER.convertValue(answer, AiResults.class)).isEqualTo(results);
        assertThat(sandbox().requests(SandboxCall.GET_AI_RESULTS)).hasSize(2)
                .allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/interactions/" + identifier + "/ai"));
    }

    @Test
    void theSinksResultNamesTheInteractionTheActionFetches() {
        sandbox().processingTime(Duration.ZERO);

        Exchange result = routes.send("direct:declareThenSummary", Chats.CHAT);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(Summary.class).summary()).isNotBlank();
        String identifier = result.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, String.class);
        assertThat(sandbox().declared(identifier)).isNotNull();
        assertThat(sandbox().requests()).hasSize(2);
        assertThat(sandbox().requests(SandboxCall.GET_SUMMARY)).singleElement()
                .satisfies(request -> assertThat(request.pathIdentifier()).isEqualTo(identifier));
    }

    @Test
    void theHeaderNamesTheInteractionBeforeTheBodyAndNoIdentifierSendsNothing() {
        sandbox().processingTime(Duration.ZERO);
        String identifier = routes.send("direct:declare", Chats.CHAT).getMessage().getBody(String.class);

        Exchange byHeader = routes.send("direct:typedResults", "not-this-one",
                Map.of(ElevateAiConstants.INTERACTION_IDENTIFIER, identifier));
        assertThat(byHeader.getException()).isNull();
        assertThat(sandbox().requests(SandboxCall.GET_AI_RESULTS)).singleElement()
                .satisfies(request -> assertThat(request.pathIdentifier()).isEqualTo(identifier));

        int before = sandbox().requestCount();
        Exchange none = routes.send("direct:results", null);
        assertThat(none.getException()).isInstanceOf(InteractionIdentifierException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(sandbox().requestCount()).isEqualTo(before);
    }

    @Test
    void beforeProcessingEndsTheResultsAreNotReady() {
        sandbox().processingTime(Duration.ofMinutes(5));
        String identifier = routes.send("direct:declare", Chats.CHAT).getMessage().getBody(String.class);

        Exchange early = routes.send("direct:results", identifier);

        assertThat(early.getException()).isInstanceOf(ElevateAiNotReadyException.class);
        assertThat(sandbox().requests(SandboxCall.GET_AI_RESULTS)).hasSize(1);
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
