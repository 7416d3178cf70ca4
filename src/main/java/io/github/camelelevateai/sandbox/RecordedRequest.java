package io.github.camelelevateai.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the sandbox received it, and what the sandbox did with it, kept so that tests can check what really
 * went over the wire and what the API would have counted.
 *
 * @param headers               names in lower case
 * @param digest                the SHA-256 of the body, in lower-case hex: the same for every request of one chat,
 *                              and the component's request digest ({@code CamelElevateAiRequestDigest})
 * @param fault                 the scripted fault the request got, or null when it was answered as the API would
 * @param interactionIdentifier the identifier the sandbox declared the chat under, whether or not the answer reached
 *                              the client; null when nothing was declared (and on every call but a declare: see
 *                              {@link #pathIdentifier()})
 * @param call                  the call the method and path make, or null when they make none (answered 404 or 405)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
        Instant receivedAt, String digest, Fault fault, String interactionIdentifier, SandboxCall call) {

    public RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
            Instant receivedAt) {
        this(method, path, headers, body, receivedAt, null, null, null, SandboxRoute.of(method, path).call());
    }

    /** The interaction identifier in the path, as in {@code /v1/interactions/{id}/status}; null for a declare. */
    public String pathIdentifier() {
        return SandboxRoute.identifierIn(path);
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the sandbox declared the chat on this request (it cost quota), answered or not. */
    public boolean declared() {
        return interactionIdentifier != null;
    }

    /** Headers are left out on purpose: they hold the token. */
    @Override
    public String toString() {
        return "RecordedRequest[" + (call == null ? "" : call + " ") + method + " " + path + ", " + body.length
               + " bytes at " + receivedAt + (fault == null ? "" : ", " + fault)
               + (interactionIdentifier == null ? "" : ", declared as " + interactionIdentifier) + "]";
    }
}
