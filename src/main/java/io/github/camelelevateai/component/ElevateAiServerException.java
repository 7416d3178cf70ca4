package io.github.camelelevateai.component;

/**
 * 5xx. A 503 says the service did not take the request, so it is retryable; any other 5xx may have come after the
 * chat was declared, so its outcome is unknown and it is not retried automatically.
 */
public class ElevateAiServerException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiServerException(String message, int httpResponseCode, String errorMessage) {
        super(message, httpResponseCode, errorMessage);
    }

    @Override
    public boolean isRetryable() {
        return getHttpResponseCode() == 503;
    }

    @Override
    public boolean isOutcomeUnknown() {
        return !isRetryable();
    }
}
