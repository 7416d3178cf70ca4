package io.github.camelelevateai.component;

/** 400: the API refused the request as it stands; sending it again will not help. */
public class ElevateAiBadRequestException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiBadRequestException(String message, int httpResponseCode, String errorMessage) {
        super(message, httpResponseCode, errorMessage);
    }
}
