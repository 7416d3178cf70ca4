package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain HTTP over loopback to a sandbox, as any client of the API would talk to it: no code of the component. */
final class SandboxClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ElevateAiSandbox sandbox;

    SandboxClient(ElevateAiSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Declares the chat, expecting 201, and answers its identifier. */
    String declare(String chat) throws IOException, InterruptedException {
        HttpResponse<String> created = client.send(declareRequest(chat), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("interactionIdentifier").asText();
    }

    HttpResponse<String> declareAnswer(String chat) throws IOException, InterruptedException {
        return client.send(declareRequest(chat), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest declareRequest(String chat) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/interactions"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-API-Token", sandbox.apiToken())
                .POST(HttpRequest.BodyPublishers.ofString(chat))
                .build();
    }

    /** {@code GET} of a path under the base URL, with the right token. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, sandbox.apiToken());
    }

    HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return client.send(request("GET", path, sandbox.apiToken(), timeout), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The status code of a {@code GET} sent once: the JDK client silently sends a {@code GET} again when its connection
     * closes unanswered, which would hide a dropped connection from the test; HttpClient 5 can be told not to.
     */
    int getWithoutRetry(String path) throws IOException {
        try (CloseableHttpClient once = HttpClients.custom().disableAutomaticRetries().build()) {
            HttpGet get = new HttpGet(sandbox.baseUrl() + path);
            get.setHeader("X-API-Token", sandbox.apiToken());
            return once.execute(get, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        }
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, sandbox.apiToken());
    }

    /** @param token null for none */
    HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        return client.send(request(method, path, token, TIMEOUT), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(request("GET", path, sandbox.apiToken(), TIMEOUT),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String token, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-API-Token", token);
        }
        return request.build();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /**
     * A chat between an agent (Madison) and a customer: the agent greets at 14:25:15, the customer answers at 14:26:45
     * with {@code customerWords}, the agent closes at 14:27:00.
     */
    static String chat(String customerName, String customerWords) {
        ObjectNode request = JSON.createObjectNode().put("type", "chat").put("languageTag", "en-us")
                .put("vertical", "default");
        ObjectNode chat = request.putObject("chat");
        ArrayNode participants = chat.putArray("participants");
        participants.addObject().put("participant_id", "agent-1").put("name", "Madison").put("role", "agent");
        participants.addObject().put("participant_id", "cust-1").put("name", customerName).put("role", "customer");
        ArrayNode messages = chat.putArray("messages");
        for (List<String> message : List.of(
                List.of("agent-1", "2022-07-04T14:25:15Z", "Hello, how can I help?"),
                List.of("cust-1", "2022-07-04T14:26:45Z", customerWords),
                List.of("agent-1", "2022-07-04T14:27:00Z", "Done: your order is on its way."))) {
            messages.addObject().put("participant_id", message.get(0)).put("timestamp", message.get(1))
                    .put("content", message.get(2));
        }
        return request.toString();
    }

    static String chat(String customerWords) {
        return chat("Developer", customerWords);
    }
}
