package io.github.camelelevateai.component.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.github.camelelevateai.component.ElevateAiConnectionException;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.ElevateAiRateLimitException;

/**
 * Which failures the component retries by itself, and after how long. For a declare or a delete only two: a 429 (the
 * API did nothing) and a connection that failed before the request was sent. Every other failure goes to the route,
 * since a successful declare costs quota and a repeated one may cost it twice. A read changes nothing, so every
 * failure that says it is retryable is retried (a timeout, a 502 or 503), within the same bounds.
 *
 * @param maxRetries     retries after the first attempt
 * @param initialBackoff the first wait when the API gives no {@code Retry-After}; doubled at each retry
 * @param maxDelay       the longest wait; a {@code Retry-After} beyond it ends the retries at once
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxDelay) {

    /**
     * The wait before retry number {@code retry} (1-based), or empty when the failure is to be reported.
     *
     * @param read the call only reads, so that repeating it can change nothing
     */
    public Optional<Duration> delayBeforeRetry(int retry, ElevateAiException failure, boolean read) {
        if (retry > maxRetries) {
            return Optional.empty();
        }
        if (failure instanceof ElevateAiRateLimitException rateLimit) {
            Duration asked = rateLimit.getRetryAfter();
            if (asked != null) {
                return asked.compareTo(maxDelay) <= 0 ? Optional.of(asked) : Optional.empty();
            }
            return Optional.of(backoff(retry));
        }
        if (failure instanceof ElevateAiConnectionException || read && failure.isRetryable()) {
            return Optional.of(backoff(retry));
        }
        return Optional.empty();
    }

    /** Exponential, capped, with "equal jitter": half fixed, half random, so that many callers do not retry in step. */
    Duration backoff(int retry) {
        long ceiling = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(Math.max(ceiling, 0), maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
