package io.github.camelelevateai.component.client;

/**
 * A successful answer to an {@link InteractionCall}.
 *
 * @param body    the answer's bytes as they came (empty for a delete)
 * @param retries how many retries it took
 */
public record InteractionAnswer(int httpStatus, byte[] body, int retries) {
}
