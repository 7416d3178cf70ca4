package io.github.camelelevateai.routes.store;

/**
 * A value in the file store's index: where the chat's latest line starts, whether that line holds a result, and its
 * day, in one long.
 */
final class IndexValue {

    private static final int OFFSET_BITS = 40;
    /** The furthest a line may start: the file grows no longer. */
    static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;
    private static final long DECLARED = 1L << OFFSET_BITS;
    private static final int DAY_SHIFT = OFFSET_BITS + 1;
    private static final long DAY_MASK = (1L << (63 - DAY_SHIFT)) - 1;

    private IndexValue() {
    }

    static long of(long offset, boolean declared, long day) {
        return offset | (declared ? DECLARED : 0) | (Math.max(day, 0) & DAY_MASK) << DAY_SHIFT;
    }

    static long offset(long value) {
        return value & MAX_OFFSET;
    }

    /** Whether the line holds a result. */
    static boolean declared(long value) {
        return (value & DECLARED) != 0;
    }

    static long day(long value) {
        return value >>> DAY_SHIFT & DAY_MASK;
    }
}
