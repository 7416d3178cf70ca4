package io.github.camelelevateai.component;

/**
 * 5xx. A 503 says the service did not take the request, so it is retryable; any other 5xx may have come after the
 * chat was declared (or the interaction deleted), so its outcome is unknown and it is not retried automatically. For a
 * read, nothing can have changed: its outcome is never unknown, and a 502 or 503 is retryable.
 */
public class ElevateAiServerException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    private final boolean read;

    public ElevateAiServerException(String message, int httpResponseCode, String errorMessage) {
        this(message, httpResponseCode, errorMessage, false);
    }

    /** @param read the call only reads, so repeating it can change nothing */
    public ElevateAiServerException(String message, int httpResponseCode, String errorMessage, boolean read) {
        super(message, httpResponseCode, errorMessage);
        this.read = read;
    }

    @Override
    public boolean isRetryable() {
        return getHttpResponseCode() == 503 || read && getHttpResponseCode() == 502;
    }

    @Override
    public boolean isOutcomeUnknown() {
        return !read && !isRetryable();
    }
}
