package io.github.camelelevateai.routes;

/**
 * The result of each declared chat, kept beside its digest in the de-duplication store: a chat seen again (a message
 * redelivered after its result was lost, a file put back after a crash) gets the result of its one declare, rather than
 * a second declare or no result at all.
 */
public interface DeclaredResults {

    /** @param result the result as JSON on one line */
    void remember(String digest, String result);

    /** Where a chat's declare stands, as the store sees it. */
    enum Status {
        /** Never claimed, or released: nothing was declared. */
        NOT_CLAIMED,
        /** Claimed by a declare that may still be running: a copy of the chat seen now cannot be told yet. */
        IN_FLIGHT,
        /**
         * Claimed by a declare that has ended, or cannot still be running, and kept no result: it may have stopped
         * before the request went out, or after, before the answer came; so whether it was declared is unknown.
         */
        UNFINISHED,
        /** Declared, with its result. */
        DECLARED
    }

    /** @param result the remembered result, for {@link Status#DECLARED}; null otherwise */
    record Claim(Status status, String result) {
    }

    /**
     * The chat's status and result from one read of the store, so that a decision on a copy rests on one view of it.
     * The stores know a claim is {@link Status#UNFINISHED} when it was marked {@link #markOutcomeUnknown}; of an
     * unmarked one, the file store knows it when the claim is from an earlier run, and a store shared by instances when
     * the claim is older than any declare can take (younger, it is {@link Status#IN_FLIGHT}).
     */
    Claim claimOf(String digest);

    /** The claiming declare ended with an unknown outcome: the claim stays, without a result. */
    void markOutcomeUnknown(String digest);

    /**
     * For a reason a person can act on: how to let the chat be declared again once they have checked that it was not.
     *
     * @return an instruction to follow "to allow that, "
     */
    String howToRelease(String digest);
}
