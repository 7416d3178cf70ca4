package io.github.camelelevateai.routes.store;

/**
 * What the store holds for one chat, read at once so that a decision rests on one view of it.
 *
 * @param result the result as JSON on one line, for {@link DeclareState#DECLARED}; null otherwise
 */
public record DeclareRecord(DeclareState state, String result) {

    public static final DeclareRecord ABSENT = new DeclareRecord(DeclareState.ABSENT, null);
    public static final DeclareRecord IN_FLIGHT = new DeclareRecord(DeclareState.IN_FLIGHT, null);
    public static final DeclareRecord UNKNOWN = new DeclareRecord(DeclareState.UNKNOWN, null);

    public static DeclareRecord declared(String result) {
        return new DeclareRecord(DeclareState.DECLARED, result);
    }
}
