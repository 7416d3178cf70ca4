package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The sandbox's scripted faults, seen from a plain HTTP client: what the client gets, and what the sandbox records. */
class SandboxFaultsTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void eachChatMeetsItsOwnFaultsWhateverOrderItsRequestsArriveIn() throws Exception {
        sandbox().faultsPerChat(request -> Map.of(
                "Alex", List.of(Fault.status(503), Fault.declaredThenDropped()),
                "Jordan", List.of(Fault.rateLimited(Duration.ofSeconds(2)))).get(customer(request)));

        HttpResponse<String> limited = declare("Jordan");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(declare("Alex").statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> declare("Alex")).isInstanceOf(IOException.class);
        assertThat(declare("Jordan").statusCode()).isEqualTo(201);
        assertThat(declare("Alex").statusCode()).as("its script used up").isEqualTo(201);
        assertThat(declare("Sam").statusCode()).as("a chat the plan has no script for").isEqualTo(201);

        List<RecordedRequest> requests = sandbox().requests();
        assertThat(requests).extracting(RecordedRequest::fault).containsExactly(Fault.rateLimited(Duration.ofSeconds(2)),
                Fault.status(503), Fault.declaredThenDropped(), null, null, null);
        assertThat(requests).extracting(RecordedRequest::declared).containsExactly(false, false, true, true, true, true);
        assertThat(requests.get(1).digest()).isEqualTo(requests.get(2).digest()).isEqualTo(requests.get(4).digest())
                .isNotEqualTo(requests.get(0).digest()).matches("[0-9a-f]{64}");
        assertThat(sandbox().declaredCount()).as("the dropped declare counts: it cost quota").isEqualTo(4);
        assertThat(sandbox().declared(requests.get(2).interactionIdentifier())).isNotNull();
    }

    @Test
    void faultsScriptedInOrderComeFirstAndALateAnswerComesAfterTheClientGaveUp() throws Exception {
        sandbox().faultsPerChat(request -> List.of(Fault.status(500)));
        sandbox().faultNext(Fault.declaredThenAnsweredAfter(Duration.ofSeconds(4)), Fault.dropped());

        assertThatThrownBy(() -> declare("Alex", Duration.ofMillis(1500))).isInstanceOf(HttpTimeoutException.class);
        // on a busy machine the client can give up before the sandbox has read the request: the next one must not
        // overtake it and take its fault
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox().requests().size() == 1);
        assertThatThrownBy(() -> declare("Alex")).isInstanceOf(IOException.class);
        assertThat(declare("Alex").statusCode()).as("then the chat's own script").isEqualTo(500);
        assertThat(declare("Alex").statusCode()).isEqualTo(201);

        assertThat(sandbox().requests()).extracting(RecordedRequest::declared).containsExactly(true, false, false, true);
        assertThat(sandbox().declaredCount()).isEqualTo(2);
    }

    private HttpResponse<String> declare(String customer) throws Exception {
        return declare(customer, Duration.ofSeconds(30));
    }

    private HttpResponse<String> declare(String customer, Duration timeout) throws Exception {
        String chat = "{\"type\": \"chat\", \"languageTag\": \"en-us\", \"vertical\": \"default\", \"chat\": {"
                      + "\"participants\": [{\"participant_id\": \"c\", \"name\": \"" + customer + "\", \"role\": \"customer\"}],"
                      + " \"messages\": [{\"participant_id\": \"c\", \"timestamp\": \"2024-03-11T09:02:11Z\", \"content\": \"Hi\"}]}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox().baseUrl() + "/interactions"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-API-Token", sandbox().apiToken())
                .POST(HttpRequest.BodyPublishers.ofString(chat))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String customer(JsonNode request) {
        return request.path("chat").path("participants").path(0).path("name").asText();
    }

    private static ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }
}
