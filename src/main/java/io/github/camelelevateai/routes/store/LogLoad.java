package io.github.camelelevateai.routes.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the log into the index at start, line by line; and counts what a rewrite would leave out, to decide whether it
 * is worth it.
 */
final class LogLoad implements DeclareLog.LineConsumer {

    private final DigestIndex index;
    private final long today;
    /** A chat whose last line is older is forgotten. */
    private final long oldestKept;
    private final boolean withRetention;
    /** Where the last whole line ends. */
    long end;
    /** The day of the last day line read; -1 before any. */
    long day = -1;
    long released;
    long expired;
    private long droppable;
    private boolean undated;
    private long resultLines;
    private long resultBytes;
    private final long[] key = new long[2];

    private LogLoad(DigestIndex index, long today, long oldestKept, boolean withRetention) {
        this.index = index;
        this.today = today;
        this.oldestKept = oldestKept;
        this.withRetention = withRetention;
    }

    /**
     * Reads the file, if there is one, into {@code index}, which starts empty.
     *
     * @param oldestKept    a chat whose last line was written before this day is left out
     * @param withRetention whether chats are forgotten at all
     */
    static LogLoad read(Path file, DigestIndex index, long today, long oldestKept, boolean withRetention)
            throws IOException {
        LogLoad load = new LogLoad(index, today, oldestKept, withRetention);
        if (Files.exists(file)) {
            load.end = DeclareLog.forEachLine(file, Long.MAX_VALUE, load);
        }
        return load;
    }

    /**
     * A quarter of the file, or lines written before day lines existed while a retention is set: read again at each
     * start, they would be dated that day, so never forgotten.
     */
    boolean worthCompacting() {
        return droppable > 0 && droppable >= end / 4 || undated && withRetention;
    }

    @Override
    public void line(byte[] bytes, int from, int to, long offset, int length) {
        if (from == to) {
            droppable += length;
        } else if (bytes[from] == DeclareLog.DAY) {
            long parsed = DeclareLog.parseDay(bytes, from + 1, to);
            if (parsed >= 0) {
                day = parsed;
            }
            droppable += length;
        } else if (bytes[from] == DeclareLog.RELEASED) {
            int digestFrom = from + 1;
            while (digestFrom < to && DeclareLog.isBlank(bytes[digestFrom])) {
                digestFrom++;
            }
            DigestIndex.key(bytes, digestFrom, to, key);
            forget(key[0], key[1]);
            released++;
            droppable += length;
        } else {
            digestLine(bytes, from, to, offset, length);
        }
    }

    private void digestLine(byte[] bytes, int from, int to, long offset, int length) {
        int space = DeclareLog.digestEnd(bytes, from, to);
        DigestIndex.key(bytes, from, space, key);
        long high = key[0];
        long low = key[1];
        boolean declared = space < to;
        if (declared) {
            resultLines++;
            resultBytes += length;
        }
        long lineDay = day;
        if (lineDay < 0) {
            undated = true;
            lineDay = today;
        }
        if (lineDay < oldestKept) {
            if (forget(high, low)) {
                expired++;
            }
            droppable += length;
            return;
        }
        long value = IndexValue.of(offset, declared, lineDay);
        // claimed again with no release between: the earlier line stands (a result stays a result)
        long earlier = declared ? index.put(high, low, value) : index.putIfAbsent(high, low, value);
        if (earlier >= 0) {
            droppable += declared ? lineLength(earlier, space - from + 1) : length;
        }
    }

    /** @return whether the chat was remembered */
    private boolean forget(long high, long low) {
        long earlier = index.get(high, low);
        if (earlier < 0) {
            return false;
        }
        index.remove(high, low);
        droppable += lineLength(earlier, DeclareLog.HEX_DIGEST_LINE);
        return true;
    }

    /** A claim's line is its digest's; a result's, as long as the average one. */
    private long lineLength(long value, int claimLine) {
        return !IndexValue.declared(value) ? claimLine : resultLines == 0 ? 0 : resultBytes / resultLines;
    }
}
