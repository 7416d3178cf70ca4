package io.github.camelelevateai.component;

/**
 * 404: the API has no such resource: an interaction never declared, deleted, or past the time the API keeps it, or, for
 * every call at once, a wrong {@code baseUrl}.
 */
public class ElevateAiNotFoundException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiNotFoundException(String message, int httpResponseCode, String errorMessage) {
        super(message, httpResponseCode, errorMessage);
    }
}
