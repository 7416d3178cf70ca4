package io.github.camelelevateai.component;

/**
 * A read the API did not answer in time: 408, 504, or no answer at all. A read changes nothing, so retrying is safe;
 * the component retries it by itself within {@code maxRetries}. (A declare or a delete that gets no answer is an
 * {@link ElevateAiOutcomeUnknownException} instead.)
 */
public class ElevateAiTimeoutException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiTimeoutException(String message, int httpResponseCode, String errorMessage, Throwable cause) {
        super(message, httpResponseCode, errorMessage, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
