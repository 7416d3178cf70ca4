package io.github.camelelevateai.component;

/** 404: the API has no such resource (often a wrong {@code baseUrl}). */
public class ElevateAiNotFoundException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiNotFoundException(String message, int httpResponseCode, String errorMessage) {
        super(message, httpResponseCode, errorMessage);
    }
}
