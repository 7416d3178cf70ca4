package io.github.camelelevateai.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the sandbox plays instead of the API's normal answer to one request: scripted for the next declares in
 * order ({@link ElevateAiSandbox#faultNext(Fault...)}), for each chat's own declares
 * ({@link ElevateAiSandbox#faultsPerChat(java.util.function.Function)}), or for the next requests of one call
 * ({@link ElevateAiSandbox#faultNext(SandboxCall, Fault...)}).
 * <p>
 * Each fault says whether the sandbox declared the chat ({@link #declares()}), which is what a client cannot know from
 * its side when no answer came; on a call other than a declare, whether the sandbox did the call (a delete deleted).
 * A refused connection is not among them: a connection is refused before any request on it says which chat it
 * carries, so it cannot be scripted per request. Point the client at a closed port for that.
 */
public final class Fault {

    private enum Kind {
        STATUS, DROPPED, DECLARED_THEN_DROPPED, DECLARED_THEN_LATE
    }

    private final Kind kind;
    private final int status;
    /** Retry-After for a 429, the delay of a late answer; null otherwise. */
    private final Duration wait;
    /** The answer's body as it is, for a status; null for the documented {@code errorMessage}. */
    private final String body;

    private Fault(Kind kind, int status, Duration wait) {
        this(kind, status, wait, null);
    }

    private Fault(Kind kind, int status, Duration wait, String body) {
        this.kind = kind;
        this.status = status;
        this.wait = wait;
        this.body = body;
    }

    /** 429, with a {@code Retry-After} of {@code retryAfter} (whole seconds), or without one when it is null. */
    public static Fault rateLimited(Duration retryAfter) {
        return new Fault(Kind.STATUS, 429, retryAfter);
    }

    /** This status (for instance 500 or 503) with an {@code errorMessage}; nothing declared. */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null);
    }

    /** This status with this body, as a proxy or a failing server may answer (plain text, an echo of the request). */
    public static Fault status(int status, String body) {
        return new Fault(Kind.STATUS, status, null, Objects.requireNonNull(body));
    }

    /**
     * The connection is closed with no answer and nothing declared: to the client, a request that may or may not have
     * reached the API. (The sandbox reads the request first, to know which chat it is; the client cannot tell.)
     */
    public static Fault dropped() {
        return new Fault(Kind.DROPPED, 0, null);
    }

    /** The chat is declared (it has an identifier, it cost quota), then the connection is closed with no answer. */
    public static Fault declaredThenDropped() {
        return new Fault(Kind.DECLARED_THEN_DROPPED, 0, null);
    }

    /**
     * The chat is declared and its answer sent only {@code delay} later: longer than the client's request timeout, a
     * declare whose answer the client gave up on.
     */
    public static Fault declaredThenAnsweredAfter(Duration delay) {
        return new Fault(Kind.DECLARED_THEN_LATE, 0, Objects.requireNonNull(delay));
    }

    /**
     * The call is done as the API would do it (a delete deletes), then the connection is closed with no answer: the
     * same fault as {@link #declaredThenDropped()}, named for the calls that are not declares.
     */
    public static Fault performedThenDropped() {
        return declaredThenDropped();
    }

    /**
     * The call is done as the API would do it and its answer sent only {@code delay} later: the same fault as
     * {@link #declaredThenAnsweredAfter(Duration)}, named for the calls that are not declares.
     */
    public static Fault performedThenAnsweredAfter(Duration delay) {
        return declaredThenAnsweredAfter(delay);
    }

    /**
     * Whether the sandbox declares the chat when it plays this fault (given a valid request and token); on another
     * call, whether it does the call.
     */
    public boolean declares() {
        return kind == Kind.DECLARED_THEN_DROPPED || kind == Kind.DECLARED_THEN_LATE;
    }

    boolean answersWithStatus() {
        return kind == Kind.STATUS;
    }

    boolean closesUnanswered() {
        return kind == Kind.DROPPED || kind == Kind.DECLARED_THEN_DROPPED;
    }

    int status() {
        return status;
    }

    /** The body to answer with instead of the documented {@code errorMessage}, or null. */
    String body() {
        return body;
    }

    /** The Retry-After of a 429, or null. */
    Duration retryAfter() {
        return kind == Kind.STATUS ? wait : null;
    }

    /** How late a declared chat's answer comes, or null. */
    Duration answerDelay() {
        return kind == Kind.DECLARED_THEN_LATE ? wait : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fault fault && kind == fault.kind && status == fault.status
               && Objects.equals(wait, fault.wait) && Objects.equals(body, fault.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, wait, body);
    }

    /** Short, for test reports: {@code 429 Retry-After 0s}, {@code 503}, {@code declared+dropped}. */
    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> status + (wait == null ? "" : " Retry-After " + wait.toSeconds() + "s");
            case DROPPED -> "dropped";
            case DECLARED_THEN_DROPPED -> "declared+dropped";
            case DECLARED_THEN_LATE -> "declared+answered after " + wait.toMillis() + "ms";
        };
    }
}
