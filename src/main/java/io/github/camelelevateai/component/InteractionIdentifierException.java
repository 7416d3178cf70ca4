package io.github.camelelevateai.component;

/**
 * The exchange names no interaction, or one that cannot be an identifier: nothing was sent. Not retryable, since
 * the same exchange would fail the same way.
 */
public class InteractionIdentifierException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public InteractionIdentifierException(String message) {
        super(message, 0, null);
    }
}
