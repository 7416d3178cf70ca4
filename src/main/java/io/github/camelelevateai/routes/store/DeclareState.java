package io.github.camelelevateai.routes.store;

/** Where one chat's declare stands. A chat moves ABSENT → IN_FLIGHT → DECLARED, UNKNOWN, or back to ABSENT. */
public enum DeclareState {
    /** Never claimed, or released because nothing was declared: the chat may be declared. */
    ABSENT,
    /** Claimed by a declare that may still be running (here or on another instance sharing the store). */
    IN_FLIGHT,
    /** Declared, with its result kept. */
    DECLARED,
    /**
     * Claimed by a declare that ended without a known outcome, or that cannot still be running and kept no result
     * (a crash mid-declare): the chat may have been declared, so it is never sent again automatically.
     */
    UNKNOWN
}
