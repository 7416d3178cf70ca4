package io.github.camelelevateai.component;

import java.time.Duration;

/**
 * 429, still refused after the component's own retries. The API declared nothing, so the exchange may be redelivered
 * later; {@link #getRetryAfter()} is what the API asked for, if it said.
 */
public class ElevateAiRateLimitException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public ElevateAiRateLimitException(String message, String errorMessage, Duration retryAfter) {
        super(message, 429, errorMessage);
        this.retryAfter = retryAfter;
    }

    /** The wait the API's {@code Retry-After} header asked for, or null when it sent none. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
