package io.github.camelelevateai.component.metrics;

import io.github.camelelevateai.component.ElevateAiConnectionException;
import io.github.camelelevateai.component.ElevateAiNotReadyException;
import io.github.camelelevateai.component.ElevateAiRateLimitException;
import io.github.camelelevateai.component.ElevateAiServerException;
import io.github.camelelevateai.component.ElevateAiTimeoutException;

/** The kind of a failure worth trying again, as a tag value: one of a few words, whatever the failure says. */
public final class FailureKind {

    private FailureKind() {
    }

    /** rateLimited, notConnected, timeout, notReady, serverError, or other. */
    public static String of(Throwable failure) {
        if (failure instanceof ElevateAiRateLimitException) {
            return "rateLimited";
        } else if (failure instanceof ElevateAiConnectionException) {
            return "notConnected";
        } else if (failure instanceof ElevateAiTimeoutException) {
            return "timeout";
        } else if (failure instanceof ElevateAiNotReadyException) {
            return "notReady";
        } else if (failure instanceof ElevateAiServerException) {
            return "serverError";
        }
        return "other";
    }
}
