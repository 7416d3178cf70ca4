package io.github.camelelevateai.routes.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
    private static final long SECONDS_PER_DAY = 86_400;
    private static final Pattern DAYS = Pattern.compile("(\\d+)\\s*d");

    private final Path file;
    /** Null to remember every chat. */
    private final Duration retention;
    private final Clock clock;
    private DigestIndex index = new DigestIndex();
    /** Claims of this run whose declare has not ended: no result, no release, no unknown outcome yet. */
    private final Set<String> inFlight = new HashSet<>();
    private StoreLock lock;
    private DeclareLog log;

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
        Path compacting = LogCompaction.compactingFile(file);
        Files.deleteIfExists(compacting);
        LogLoad load = load();
        long day = load.day;
        String rewritten = "";
        if (load.worthCompacting()) {
            try {
                day = new LogCompaction(file, index).run(load.end);
                rewritten = String.format("; rewritten without %d released and %d forgotten chats and the superseded"
                        + " lines, from %.1f to %.1f MB", load.released, load.expired, load.end / 1e6,
                        Files.size(file) / 1e6);
            } catch (IOException failed) {
                // the file is as it was: used as it is, and rewritten at a later start
                Files.deleteIfExists(compacting);
                LOG.warn("Could not rewrite the de-duplication store {} without the lines it no longer needs ({}); it"
                         + " is used as it is", file, failed.toString());
                load = load();
                day = load.day;
            }
        }
        log = DeclareLog.open(file, day);
        if (rewritten.isEmpty()) {
            // a rewritten file holds whole lines only
            log.cutAfter(load.end);
        }
        // a line of its own only when the file was rewritten: the routes' log is a line per chat
        String summary = "De-duplication store {}: {} chats remembered ({} MB), read in {} ms{}{}";
        Object[] figures = {file, index.size(), String.format("%.1f", log.length() / 1e6),
            (System.nanoTime() - started) / 1_000_000, rewritten,
            retention == null ? "" : "; a chat is forgotten " + retention.toDays() + " days after its last line"};
        if (rewritten.isEmpty()) {
            LOG.debug(summary, figures);
        } else {
            LOG.info(summary, figures);
        }
    }

    /** Reads the file into a fresh index. */
    private LogLoad load() throws IOException {
        index = new DigestIndex();
        inFlight.clear();
        return LogLoad.read(file, index, today(), oldestKeptDay(), retention != null);
    }

    @Override
    protected synchronized void doStop() throws IOException {
        index = new DigestIndex();
        inFlight.clear();
        try {
            if (log != null) {
                log.close();
                log = null;
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
        DeclareLog.checkDigest(digest);
        if (index.get(digest) >= 0) {
            return false;
        }
        try {
            long start = append(DeclareLog.claimLine(digest));
            index.put(digest, IndexValue.of(start, false, log.day()));
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
        DeclareLog.checkDigest(digest);
        if (result.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A result must be one line");
        }
        try {
            long start = append(DeclareLog.resultLine(digest, result));
            index.put(digest, IndexValue.of(start, true, log.day()));
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
        } else if (!IndexValue.declared(value)) {
            return DeclareRecord.UNKNOWN;
        }
        try {
            return DeclareRecord.declared(log.readResultLine(IndexValue.offset(value)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read a declared chat's result from " + file, e);
        }
    }

    /** Appends a line that releases the claim: only after a declare that surely did not happen. */
    @Override
    public synchronized void released(String digest) {
        if (index.get(digest) < 0) {
            return;
        }
        try {
            append(DeclareLog.releaseLine(digest));
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
        if (log.startDay(today()) && retention != null) {
            long oldestKept = oldestKeptDay();
            int forgotten = index.removeIf(value -> IndexValue.day(value) < oldestKept);
            LOG.debug("De-duplication store {}: {} chats forgotten after the retention", file, forgotten);
        }
        return log.append(line);
    }

    @Override
    public String howToRelease(String digest) {
        return "stop the route and append the line -" + digest + " to " + file.toAbsolutePath();
    }

    /** How many chats memory holds, and the bytes it takes for them. */
    synchronized long[] footprint() {
        return new long[] {index.size(), index.bytes()};
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

    @Override
    public String toString() {
        return "FileDeclareStore[" + file + "]";
    }
}
