package io.github.camelelevateai.component;

/**
 * The request never left: the connection (or the TLS handshake, or a free slot in the pool) failed first. Nothing was
 * declared, so retrying is safe.
 */
public class ElevateAiConnectionException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiConnectionException(String message, Throwable cause) {
        super(message, 0, null, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
