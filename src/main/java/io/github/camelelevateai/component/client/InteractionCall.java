package io.github.camelelevateai.component.client;

/** The API's calls about one declared interaction: {@code /interactions/{id}} and what lies under it. */
public enum InteractionCall {
    GET_INTERACTION("GET", ""),
    GET_STATUS("GET", "/status"),
    GET_AI_RESULTS("GET", "/ai"),
    GET_SUMMARY("GET", "/gen-ai/cx/summary"),
    GET_TRANSCRIPT("GET", "/transcript"),
    GET_PUNCTUATED_TRANSCRIPT("GET", "/transcripts/punctuated"),
    DELETE_INTERACTION("DELETE", "");

    private final String method;
    private final String pathAfterIdentifier;

    InteractionCall(String method, String pathAfterIdentifier) {
        this.method = method;
        this.pathAfterIdentifier = pathAfterIdentifier;
    }

    public String method() {
        return method;
    }

    String pathAfterIdentifier() {
        return pathAfterIdentifier;
    }

    /** Changes nothing at the API, so it may be repeated whatever happened to an earlier attempt. */
    public boolean isRead() {
        return method.equals("GET");
    }
}
