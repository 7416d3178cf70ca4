package io.github.camelelevateai.routes;

/**
 * The result of each declared chat, kept beside its digest in the de-duplication store: a chat seen again (a message
 * redelivered after its result was lost, a file put back after a crash) gets the result of its one declare, rather than
 * a second declare or no result at all.
 */
public interface DeclaredResults {

    /** @param result the result as JSON on one line */
    void remember(String digest, String result);

    /** @return the result remembered for the digest, or null (declared before results were kept, or never) */
    String resultOf(String digest);

    /**
     * True for a chat an earlier run claimed and stopped before keeping its result: it may have been stopped before the
     * declare went out, or after, before the answer came; so whether it was declared is unknown. False when the store
     * cannot tell (several instances share it, and the claim may be another one's declare in flight).
     */
    boolean isUnfinished(String digest);

    /**
     * For a reason a person can act on: how to let the chat be declared again once they have checked that it was not.
     *
     * @return an instruction to follow "to allow that, "
     */
    String howToRelease(String digest);
}
