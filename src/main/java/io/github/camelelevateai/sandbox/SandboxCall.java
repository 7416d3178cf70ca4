package io.github.camelelevateai.sandbox;

/**
 * The API calls the sandbox answers, one per method and path, so that tests can script faults for one kind of call
 * ({@link ElevateAiSandbox#faultNext(SandboxCall, Fault...)}) and count or inspect its requests
 * ({@link ElevateAiSandbox#requests(SandboxCall)}, {@link RecordedRequest#call()}). Paths are under the base URL.
 */
public enum SandboxCall {

    /** {@code POST /interactions} */
    DECLARE("POST", null),
    /** {@code GET /interactions/{id}}: the declared parameters */
    GET_INTERACTION("GET", ""),
    /** {@code GET /interactions/{id}/status} */
    GET_STATUS("GET", "/status"),
    /** {@code GET /interactions/{id}/ai}: the CX AI results */
    GET_AI_RESULTS("GET", "/ai"),
    /** {@code GET /interactions/{id}/gen-ai/cx/summary} */
    GET_SUMMARY("GET", "/gen-ai/cx/summary"),
    /** {@code GET /interactions/{id}/transcript} */
    GET_TRANSCRIPT("GET", "/transcript"),
    /** {@code GET /interactions/{id}/transcripts/punctuated} */
    GET_PUNCTUATED_TRANSCRIPT("GET", "/transcripts/punctuated"),
    /** {@code DELETE /interactions/{id}} */
    DELETE("DELETE", "");

    private final String method;
    /** What follows {@code /interactions/{id}} in the path; null for the one call without an identifier. */
    private final String suffix;

    SandboxCall(String method, String suffix) {
        this.method = method;
        this.suffix = suffix;
    }

    /** The HTTP method of this call. */
    public String method() {
        return method;
    }

    String suffix() {
        return suffix;
    }
}
