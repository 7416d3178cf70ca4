package io.github.camelelevateai.routes.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of each chat's declare in a text file that survives restarts: the routes' de-duplication store when a
 * single instance does the work. The file is a log, appended to: a line {@code digest} when a chat is claimed,
 * {@code digest result} once it is declared, {@code -digest} when a claim is released, and {@code @yyyy-mm-dd}, the
 * day (UTC) the lines after it were written, before the first line of each day. Each line is written to the operating
 * system before its call returns (a claim before the declare goes out, a result before the chat is acknowledged), so
 * a killed process forgets nothing.
 * <p>
 * One process at a time: a second one (or a second store on the same file in this process) is refused at start, with
 * the holder's pid, host and start time, by an operating-system lock on {@code <file>.lock}.
 * <p>
 * Bounded: memory holds no result, only each chat's key with where its latest line starts ({@link DigestIndex}, 33 to
 * 50 bytes a chat), and a result is read back only for a chat seen again. At start the file is rewritten, atomically,
 * without the lines it no longer needs (a claim followed by its result, a released claim, a chat forgotten) once they
 * make a quarter of it. With a retention, a chat is forgotten once its last line is older: left out at start, and
 * dropped from memory at the first line of each day. Such a chat, should it come again, is declared again.
 * <p>
 * Camel's own {@code FileIdempotentRepository} is not used because it rescans the whole file on every new key and
 * drops its oldest keys once the file reaches 32 MB, after which a chat seen before would be declared again.
 */
public class FileDeclareStore extends ServiceSupport implements DeclareStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileDeclareStore.class);
    private static final byte RELEASED = '-';
    private static final byte DAY = '@';
    private static final long SECONDS_PER_DAY = 86_400;
    private static final Pattern DAYS = Pattern.compile("(\\d+)\\s*d");
    /** A claim's line: a SHA-256 in hex and its end of line. */
    private static final int HEX_DIGEST_LINE = 65;

    /** A value in the index: where the chat's latest line starts, whether that line holds a result, and its day. */
    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final long DECLARED = 1L << OFFSET_BITS;
    private static final int DAY_SHIFT = OFFSET_BITS + 1;
    private static final long DAY_MASK = (1L << (63 - DAY_SHIFT)) - 1;

    private final Path file;
    /** Null to remember every chat. */
    private final Duration retention;
    private final Clock clock;
    private DigestIndex index = new DigestIndex();
    /** Claims of this run whose declare has not ended: no result, no release, no unknown outcome yet. */
    private final Set<String> inFlight = new HashSet<>();
    private StoreLock lock;
    private FileChannel channel;
    private long length;
    /** The day of the file's last day line: what a line appended now is dated, without a new one; -1 for none. */
    private long fileDay = -1;

    public FileDeclareStore(String file) {
        this(file, null);
    }

    /** @param retention how long a chat is remembered after its last line; null to remember every chat */
    public FileDeclareStore(String file, Duration retention) {
        this(Path.of(file), retention, Clock.systemUTC());
    }

    FileDeclareStore(Path file, Duration retention, Clock clock) {
        if (retention != null && retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("The de-duplication store's retention must be at least a day (1d), not "
                    + retention + ": a chat put back after a crash would otherwise be declared again");
        }
        this.file = file;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * A retention as an operator writes it: {@code 400d}, or ISO-8601 ({@code P400D}, {@code PT36H}); empty, or
     * {@code forever}, to remember every chat.
     *
     * @return null to remember every chat
     */
    static Duration retention(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty() || value.equalsIgnoreCase("forever")) {
            return null;
        }
        Matcher days = DAYS.matcher(value);
        try {
            return days.matches() ? Duration.ofDays(Long.parseLong(days.group(1))) : Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a retention for the de-duplication store: write"
                    + " it in days (400d) or ISO-8601 (P400D), or leave it empty to remember every chat");
        }
    }

    @Override
    protected synchronized void doStart() throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        lock = StoreLock.acquire(file);
        try {
            open();
        } catch (IOException | RuntimeException e) {
            lock.close();
            lock = null;
            throw e;
        }
    }

    private void open() throws IOException {
        long started = System.nanoTime();
        Path compacting = compactingFile();
        Files.deleteIfExists(compacting);
        Load load = load();
        String rewritten = "";
        if (load.worthCompacting()) {
            try {
                new Compaction().run(load.end);
                rewritten = String.format("; rewritten without %d released and %d forgotten chats and the superseded"
                        + " lines, from %.1f to %.1f MB", load.released, load.expired, load.end / 1e6,
                        Files.size(file) / 1e6);
            } catch (IOException failed) {
                // the file is as it was: used as it is, and rewritten at a later start
                Files.deleteIfExists(compacting);
                LOG.warn("Could not rewrite the de-duplication store {} without the lines it no longer needs ({}); it"
                         + " is used as it is", file, failed.toString());
                load = load();
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        length = rewritten.isEmpty() ? load.end : channel.size();
        if (channel.size() > length) {
            // the last line, cut short by a crash, is dropped: a claim cut short was never followed by its declare, and
            // a result cut short leaves its chat claimed, without a result
            channel.truncate(length);
        }
        // a line of its own only when the file was rewritten: the routes' log is a line per chat
        String summary = "De-duplication store {}: {} chats remembered ({} MB), read in {} ms{}{}";
        Object[] figures = {file, index.size(), String.format("%.1f", length / 1e6),
            (System.nanoTime() - started) / 1_000_000, rewritten,
            retention == null ? "" : "; a chat is forgotten " + retention.toDays() + " days after its last line"};
        if (rewritten.isEmpty()) {
            LOG.debug(summary, figures);
        } else {
            LOG.info(summary, figures);
        }
    }

    private Path compactingFile() {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    /** Reads the file into a fresh index: {@link Load#end} says where its last whole line ends. */
    private Load load() throws IOException {
        index = new DigestIndex();
        inFlight.clear();
        Load load = new Load();
        if (Files.exists(file)) {
            load.end = forEachLine(Long.MAX_VALUE, load);
        }
        fileDay = load.day;
        return load;
    }

    /**
     * Reads the log line by line, by bytes, so that offsets are exact whatever the characters; and counts what a
     * rewrite would leave out, to decide whether it is worth it.
     */
    private final class Load implements LineConsumer {

        final long today = today();
        final long oldestKept = oldestKeptDay();
        long end;
        /** The day of the last day line read; -1 before any. */
        long day = -1;
        long droppable;
        long released;
        long expired;
        boolean undated;
        long resultLines;
        long resultBytes;
        private final long[] key = new long[2];

        /**
         * A quarter of the file, or lines written before day lines existed while a retention is set: read again at each
         * start, they would be dated that day, so never forgotten.
         */
        boolean worthCompacting() {
            return droppable > 0 && droppable >= end / 4 || undated && retention != null;
        }

        @Override
        public void line(byte[] bytes, int from, int to, long offset, int length) {
            if (from == to) {
                droppable += length;
            } else if (bytes[from] == DAY) {
                long parsed = parseDay(bytes, from + 1, to);
                if (parsed >= 0) {
                    day = parsed;
                }
                droppable += length;
            } else if (bytes[from] == RELEASED) {
                int digestFrom = from + 1;
                while (digestFrom < to && isBlank(bytes[digestFrom])) {
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
            int space = digestEnd(bytes, from, to);
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
            long value = value(offset, declared, lineDay);
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
            droppable += lineLength(earlier, HEX_DIGEST_LINE);
            return true;
        }

        /** A claim's line is its digest's; a result's, as long as the average one. */
        private long lineLength(long value, int claimLine) {
            return (value & DECLARED) == 0 ? claimLine : resultLines == 0 ? 0 : resultBytes / resultLines;
        }
    }

    /**
     * Rewrites the file with only the latest line of each chat remembered, and the day lines they need, then puts it in
     * place of the old one in one atomic rename: a crash at any point leaves either file whole.
     */
    private final class Compaction implements LineConsumer {

        private long written;
        private long day = -1;
        private OutputStream out;
        private final long[] key = new long[2];

        void run(long end) throws IOException {
            Path compacting = compactingFile();
            try (FileChannel target = FileChannel.open(compacting, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out = new BufferedOutputStream(Channels.newOutputStream(target), 1 << 16);
                forEachLine(end, this);
                out.flush();
                target.force(true);
            }
            Files.move(compacting, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder();
            fileDay = day;
        }

        @Override
        public void line(byte[] bytes, int from, int to, long offset, int length) throws IOException {
            if (from == to || bytes[from] == DAY || bytes[from] == RELEASED) {
                return;
            }
            DigestIndex.key(bytes, from, digestEnd(bytes, from, to), key);
            long high = key[0];
            long low = key[1];
            long value = index.get(high, low);
            if (value < 0 || (value & OFFSET_MASK) != offset) {
                return;
            }
            long lineDay = value >>> DAY_SHIFT & DAY_MASK;
            if (lineDay != day) {
                byte[] dayLine = dayLine(lineDay);
                out.write(dayLine);
                written += dayLine.length;
                day = lineDay;
            }
            out.write(bytes, from, to - from);
            out.write('\n');
            index.put(high, low, value(written, (value & DECLARED) != 0, lineDay));
            written += to - from + 1;
        }
    }

    /** Makes the rename durable; a file system that cannot open a folder (Windows) makes it so on its own. */
    private void syncFolder() {
        try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync the folder of {}", file, e);
        }
    }

    private interface LineConsumer {
        /**
         * @param from   where the line starts in {@code bytes}, blanks at either end left out
         * @param to     where it ends, likewise
         * @param offset where {@code from} lies in the file
         * @param length the whole line's length in the file, its end of line included
         */
        void line(byte[] bytes, int from, int to, long offset, int length) throws IOException;
    }

    /**
     * Hands each whole line before {@code end} to the consumer, from a large buffer (a line is copied only when it
     * crosses the buffer's end).
     *
     * @return where the last whole line ends: what follows is a line cut short
     */
    private long forEachLine(long end, LineConsumer consumer) throws IOException {
        byte[] buffer = new byte[1 << 20];
        int filled = 0;
        long bufferOffset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (bufferOffset + filled < end) {
                int read = in.read(buffer, filled, (int) Math.min(buffer.length - filled, end - bufferOffset - filled));
                if (read < 0) {
                    break;
                }
                int scanFrom = filled;
                filled += read;
                int lineStart = 0;
                for (int i = scanFrom; i < filled; i++) {
                    if (buffer[i] == '\n') {
                        int from = lineStart;
                        int to = i;
                        while (from < to && isBlank(buffer[from])) {
                            from++;
                        }
                        while (to > from && isBlank(buffer[to - 1])) {
                            to--;
                        }
                        consumer.line(buffer, from, to, bufferOffset + from, i + 1 - lineStart);
                        lineStart = i + 1;
                    }
                }
                // the line not yet ended moves to the buffer's start, which grows should one line fill it
                System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
                filled -= lineStart;
                bufferOffset += lineStart;
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
        }
        return bufferOffset;
    }

    private static int digestEnd(byte[] bytes, int from, int to) {
        int hexEnd = from + HEX_DIGEST_LINE - 1;
        if (to == hexEnd || to > hexEnd + 1 && bytes[hexEnd] == ' ') {
            return hexEnd;
        }
        int space = from;
        while (space < to && bytes[space] != ' ') {
            space++;
        }
        return space;
    }

    @Override
    protected synchronized void doStop() throws IOException {
        index = new DigestIndex();
        inFlight.clear();
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    @Override
    public synchronized boolean claim(String digest) {
        checkDigest(digest);
        if (index.get(digest) >= 0) {
            return false;
        }
        try {
            long start = append((digest + "\n").getBytes(StandardCharsets.US_ASCII));
            index.put(digest, value(start, false, fileDay));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a declared chat in " + file, e);
        }
        inFlight.add(digest);
        return true;
    }

    /**
     * Written before it returns, like every line: the route logs the chat as declared and acknowledges its source
     * right after, so a process killed then must still find the result when the chat comes again.
     */
    @Override
    public synchronized void declared(String digest, String result) {
        checkDigest(digest);
        if (result.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A result must be one line");
        }
        try {
            long start = append((digest + " " + result + "\n").getBytes(StandardCharsets.UTF_8));
            index.put(digest, value(start, true, fileDay));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a declared chat's result in " + file, e);
        }
        inFlight.remove(digest);
    }

    @Override
    public synchronized void outcomeUnknown(String digest) {
        inFlight.remove(digest);
    }

    /** A claim without a result and not in flight was left by an earlier run, or ended with an unknown outcome. */
    @Override
    public synchronized DeclareRecord read(String digest) {
        long value = index.get(digest);
        if (value < 0) {
            return DeclareRecord.ABSENT;
        } else if (inFlight.contains(digest)) {
            return DeclareRecord.IN_FLIGHT;
        } else if ((value & DECLARED) == 0) {
            return DeclareRecord.UNKNOWN;
        }
        try {
            return DeclareRecord.declared(readResultLine(value & OFFSET_MASK));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read a declared chat's result from " + file, e);
        }
    }

    private String readResultLine(long start) throws IOException {
        ByteBuffer line = ByteBuffer.allocate(512);
        long position = start;
        while (channel.read(line, position) > 0) {
            for (int i = (int) (position - start); i < line.position(); i++) {
                if (line.get(i) == '\n') {
                    String text = new String(line.array(), 0, i, StandardCharsets.UTF_8);
                    return text.substring(text.indexOf(' ') + 1).strip();
                }
            }
            position = start + line.position();
            if (!line.hasRemaining()) {
                line = ByteBuffer.allocate(line.capacity() * 2).put(line.flip());
            }
        }
        throw new IOException("the result line at " + start + " has no end");
    }

    /** Appends a line that releases the claim: only after a declare that surely did not happen. */
    @Override
    public synchronized void released(String digest) {
        if (index.get(digest) < 0) {
            return;
        }
        try {
            append(("-" + digest + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release a chat's claim in " + file, e);
        }
        index.remove(digest);
        inFlight.remove(digest);
    }

    /**
     * Each line reaches the operating system before the call returns, so a killed process loses none. The first line of
     * a day follows the day's line; with a retention, memory then forgets the chats it has outlived.
     *
     * @return where the line starts
     */
    private long append(byte[] line) throws IOException {
        long today = today();
        if (today != fileDay) {
            write(dayLine(today));
            fileDay = today;
            if (retention != null) {
                long oldestKept = oldestKeptDay();
                int forgotten = index.removeIf(value -> (value >>> DAY_SHIFT & DAY_MASK) < oldestKept);
                LOG.debug("De-duplication store {}: {} chats forgotten after the retention", file, forgotten);
            }
        }
        long start = length;
        write(line);
        return start;
    }

    private void write(byte[] bytes) throws IOException {
        if (length + bytes.length > OFFSET_MASK) {
            throw new IOException("the file has reached " + OFFSET_MASK + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, length + buffer.position());
        }
        length += bytes.length;
    }

    @Override
    public String howToRelease(String digest) {
        return "stop the route and append the line -" + digest + " to " + file.toAbsolutePath();
    }

    /** A line of its own in the file: printable ASCII, and not taken for a release or a day. */
    private static void checkDigest(String digest) {
        boolean printable = !digest.isEmpty() && digest.charAt(0) != RELEASED && digest.charAt(0) != DAY;
        for (int i = 0; i < digest.length() && printable; i++) {
            printable = digest.charAt(i) > ' ' && digest.charAt(i) < 127;
        }
        if (!printable) {
            throw new IllegalArgumentException("Not a digest: a digest is printable ASCII, without spaces");
        }
    }

    /** How many chats memory holds, and the bytes it takes for them. */
    synchronized long[] footprint() {
        return new long[] {index.size(), index.bytes()};
    }

    private static long value(long offset, boolean declared, long day) {
        return offset | (declared ? DECLARED : 0) | (Math.max(day, 0) & DAY_MASK) << DAY_SHIFT;
    }

    private long today() {
        return Math.floorDiv(clock.instant().getEpochSecond(), SECONDS_PER_DAY);
    }

    /** A chat whose last line was written before this day has outlived the retention (by at least its length). */
    private long oldestKeptDay() {
        if (retention == null) {
            return Long.MIN_VALUE;
        }
        return Math.floorDiv(clock.instant().getEpochSecond() - retention.getSeconds(), SECONDS_PER_DAY);
    }

    private static byte[] dayLine(long day) {
        return ("@" + LocalDate.ofEpochDay(day) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the day's number, or -1 for a line that is not a day */
    private static long parseDay(byte[] line, int from, int to) {
        try {
            return LocalDate.parse(new String(line, from, to - from, StandardCharsets.ISO_8859_1)).toEpochDay();
        } catch (DateTimeException e) {
            return -1;
        }
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\r' || b == '\t';
    }

    @Override
    public String toString() {
        return "FileDeclareStore[" + file + "]";
    }
}
