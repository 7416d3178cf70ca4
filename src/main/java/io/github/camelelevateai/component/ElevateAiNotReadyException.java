package io.github.camelelevateai.component;

/**
 * 409: what was asked for does not exist yet, typically the results or summary of an interaction still being
 * processed. Asking again later may succeed: retryable, though not at once (poll the status first).
 */
public class ElevateAiNotReadyException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiNotReadyException(String message, String errorMessage) {
        super(message, 409, errorMessage);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
