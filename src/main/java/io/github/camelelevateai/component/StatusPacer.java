package io.github.camelelevateai.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.camelelevateai.component.client.InteractionAnswer;

/**
 * Keeps the status requests of one interaction at least {@link #MIN_INTERVAL_NANOS} apart, whatever the routes ask:
 * the API asks clients not to poll a chat's status more often than every 5 s. A getStatus within 5 s of the last
 * answer is given that answer and sends nothing; callers asking while a request is under way share it. One per component, so
 * that every endpoint and route of a Camel context counts together.
 */
final class StatusPacer {

    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How many statuses are fetched between sweeps of the old ones. */
    private static final int SWEEP_EVERY = 1_024;

    private final Map<String, Fetch> recent = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    /** A status answer, and whether it came from an earlier request rather than one sent for this call. */
    record Paced(InteractionAnswer answer, boolean fromEarlierRequest) {
    }

    /** One status request: shared while in flight, and for 5 s after its answer came. */
    private static final class Fetch {
        final CompletableFuture<InteractionAnswer> answer = new CompletableFuture<>();
        /** Counted from the answer, not the send, so that the API sees requests 5 s apart however long each took. */
        volatile long answeredAt;

        boolean recent(long now) {
            return !answer.isDone() || now - answeredAt < MIN_INTERVAL_NANOS;
        }
    }

    Paced status(String identifier, Supplier<InteractionAnswer> request) {
        long now = System.nanoTime();
        Fetch mine = new Fetch();
        Fetch current = recent.compute(identifier, (id, last) -> last != null && last.recent(now) ? last : mine);
        if (current != mine) {
            return new Paced(await(current.answer), true);
        }
        sweepNowAndThen(now);
        try {
            InteractionAnswer answer = request.get();
            mine.answeredAt = System.nanoTime();
            mine.answer.complete(answer);
            return new Paced(answer, false);
        } catch (RuntimeException failure) {
            // nothing learnt: the next poll may ask at once (the client's own retries have already waited)
            recent.remove(identifier, mine);
            mine.answer.completeExceptionally(failure);
            throw failure;
        }
    }

    private static InteractionAnswer await(CompletableFuture<InteractionAnswer> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private void sweepNowAndThen(long now) {
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            recent.values().removeIf(fetch -> !fetch.recent(now));
        }
    }

    int remembered() {
        return recent.size();
    }
}
