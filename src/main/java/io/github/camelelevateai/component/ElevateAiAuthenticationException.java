package io.github.camelelevateai.component;

/** 401 or 403: the API token is missing, wrong or not allowed this call. Fix the token; retrying will not help. */
public class ElevateAiAuthenticationException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ElevateAiAuthenticationException(String message, int httpResponseCode, String errorMessage) {
        super(message, httpResponseCode, errorMessage);
    }
}
