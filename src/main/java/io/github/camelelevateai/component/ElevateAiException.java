package io.github.camelelevateai.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * The root of every failure {@code elevateai:} reports, so a route can {@code onException} on the whole family, on one
 * subtype, or on the HTTP status ({@link HttpResponseAware}; 0 when no answer came).
 * <p>
 * Two questions every declare failure answers, because each successful declare costs quota:
 * {@link #isRetryable()} (trying again may succeed and cannot declare the chat twice) and {@link #isOutcomeUnknown()}
 * (the request went out and no answer says whether the chat was declared: retrying may declare it twice).
 */
public class ElevateAiException extends RuntimeCamelException implements HttpResponseAware {

    private static final long serialVersionUID = 1L;

    private int httpResponseCode;
    private String httpResponseStatus;
    private final String errorMessage;

    public ElevateAiException(String message, int httpResponseCode, String errorMessage) {
        this(message, httpResponseCode, errorMessage, null);
    }

    public ElevateAiException(String message, int httpResponseCode, String errorMessage, Throwable cause) {
        super(message, cause);
        this.httpResponseCode = httpResponseCode;
        this.httpResponseStatus = httpResponseCode == 0 ? null : String.valueOf(httpResponseCode);
        this.errorMessage = errorMessage;
    }

    /** The API's own {@code errorMessage}, or null when the API did not answer with one. */
    public String getErrorMessage() {
        return errorMessage;
    }

    /** Trying the same declare again may succeed and cannot declare the chat twice. */
    public boolean isRetryable() {
        return false;
    }

    /** The request was sent and no answer tells whether the chat was declared: do not retry automatically. */
    public boolean isOutcomeUnknown() {
        return false;
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int httpResponseCode) {
        this.httpResponseCode = httpResponseCode;
    }

    @Override
    public String getHttpResponseStatus() {
        return httpResponseStatus;
    }

    @Override
    public void setHttpResponseStatus(String httpResponseStatus) {
        this.httpResponseStatus = httpResponseStatus;
    }
}
