package io.github.camelelevateai.component.client;

/**
 * A successful declare.
 *
 * @param interactionIdentifier what every later call about the interaction needs
 * @param httpStatus            the API's status (201)
 * @param retries               how many retries it took (429s or connections that failed before sending)
 */
public record DeclaredInteraction(String interactionIdentifier, int httpStatus, int retries) {
}
