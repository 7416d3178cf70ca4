package io.github.camelelevateai.sandbox;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What the sandbox answers to one request.
 *
 * @param body       the JSON body, or null for none
 * @param retryAfter the {@code Retry-After} of a 429, or null
 * @param declared   the identifier a declare was declared under, or null
 * @param allow      the {@code Allow} header of a 405, or null
 * @param release    what to do as the answer leaves, before the client can see it, or as it is dropped (free a
 *                   summary's place), or null
 */
record SandboxAnswer(int status, String body, Duration retryAfter, String declared, String allow, Runnable release) {

    static SandboxAnswer json(int status, String body) {
        return new SandboxAnswer(status, body, null, null, null, null);
    }

    static SandboxAnswer declared(String identifier, String body) {
        return new SandboxAnswer(201, body, null, identifier, null, null);
    }

    static SandboxAnswer empty(int status) {
        return new SandboxAnswer(status, null, null, null, null, null);
    }

    static SandboxAnswer error(int status, String errorMessage) {
        return json(status, errorBody(errorMessage));
    }

    static SandboxAnswer methodNotAllowed(String method, String path, String allow) {
        return new SandboxAnswer(405, errorBody(method + " is not allowed on " + path + "; allowed: " + allow + "."),
                null, null, allow, null);
    }

    static SandboxAnswer fault(Fault fault) {
        if (fault.body() != null) {
            return new SandboxAnswer(fault.status(), fault.body(), fault.retryAfter(), null, null, null);
        }
        String errorMessage = fault.status() == 429 ? "Too many requests."
                : "The service failed (status " + fault.status() + ").";
        return new SandboxAnswer(fault.status(), errorBody(errorMessage), fault.retryAfter(), null, null, null);
    }

    SandboxAnswer releasing(Runnable action) {
        return new SandboxAnswer(status, body, retryAfter, declared, allow, action);
    }

    private static String errorBody(String errorMessage) {
        return JsonNodeFactory.instance.objectNode().put("errorMessage", errorMessage).toString();
    }
}
