package io.github.camelelevateai.routes.store;

import org.apache.camel.Service;

/**
 * The durable state of each chat's declare, keyed by the SHA-256 of its declare request: the routes' de-duplication.
 * One writer drives it ({@code ChatOutcomes}); every store behaves the same:
 * <pre>
 *   ABSENT --claim--> IN_FLIGHT --declared--> DECLARED
 *                     IN_FLIGHT --outcomeUnknown--> UNKNOWN
 *                     IN_FLIGHT --released--> ABSENT    (only when nothing can have been declared)
 * </pre>
 * A transition has been handed to the operating system (the file store) or committed (a database) when its method
 * returns: a process killed right after loses nothing. The file store does not force the disk at every line (about
 * 0.3 ms a line here), so a power cut or an operating system crash can lose its last lines. A store that cannot record
 * a transition throws; it never pretends.
 */
public interface DeclareStore extends Service {

    /**
     * Claims the chat for one declare, atomically (two copies, or two instances, racing for it: one wins).
     *
     * @return false when the chat already has a record: {@link #read} tells which
     */
    boolean claim(String digest);

    /** The claimed chat was declared: its result (JSON on one line) is kept for any copy seen later. */
    void declared(String digest, String result);

    /** The claimed chat's declare ended without a known outcome: it stays claimed, without a result. */
    void outcomeUnknown(String digest);

    /** The claimed chat was surely not declared: its claim goes, so it can be declared once fixed or retried. */
    void released(String digest);

    /**
     * The chat's record. A claim without a result that cannot still be running (left by an earlier run of this
     * instance, or older than any declare can take in a shared store) reads as {@link DeclareState#UNKNOWN}.
     */
    DeclareRecord read(String digest);

    /**
     * For a reason a person can act on: how to let the chat be declared again once they have checked that it was not.
     *
     * @return an instruction to follow "to allow that, "
     */
    String howToRelease(String digest);
}
