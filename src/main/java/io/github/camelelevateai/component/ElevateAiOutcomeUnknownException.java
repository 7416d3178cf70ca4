package io.github.camelelevateai.component;

/**
 * The request was sent and no answer came (a timeout, a dropped connection): the chat may or may not have been
 * declared. Never retried automatically, since a second declare would cost quota twice; set the chat aside and check.
 */
public class ElevateAiOutcomeUnknownException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiOutcomeUnknownException(String message, Throwable cause) {
        super(message, 0, null, cause);
    }

    @Override
    public boolean isOutcomeUnknown() {
        return true;
    }
}
