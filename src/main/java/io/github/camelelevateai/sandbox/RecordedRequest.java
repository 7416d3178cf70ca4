package io.github.camelelevateai.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the sandbox received it, kept so that tests can check what really went over the wire.
 *
 * @param headers names in lower case
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
        Instant receivedAt) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Headers are left out on purpose: they hold the token. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + ", " + body.length + " bytes at " + receivedAt + "]";
    }
}
