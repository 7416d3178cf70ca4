package io.github.camelelevateai.component;

/** 422: the API cannot produce what was asked for this interaction (a summary that is not possible). Not retryable. */
public class ElevateAiUnprocessableException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiUnprocessableException(String message, String errorMessage) {
        super(message, 422, errorMessage);
    }
}
