package io.github.camelelevateai.routes.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The digests of the chats already declared, in a text file that survives restarts: the routes' de-duplication store
 * when a single instance does the work. The file is a log, only ever appended to: a line {@code digest} when a chat is
 * claimed, {@code digest result} once it is declared, {@code -digest} when a claim is released. Each line is flushed
 * to the operating system before its call returns (a claim before the declare goes out, a result before the chat is
 * acknowledged), so a killed process forgets nothing.
 * <p>
 * One process at a time: a second one (or a second store on the same file in this process) is refused at start, with
 * the holder's pid, host and start time, by an operating-system lock on {@code <file>.lock}.
 * <p>
 * Camel's own {@code FileIdempotentRepository} is not used because it rescans the whole file on every new key (an
 * inbox of 10,000 chats reads the file 10,000 times) and drops its oldest keys once the file reaches 32 MB, after which
 * a chat seen before would be declared again. Here memory holds each digest with where its result line starts in the
 * file (a result is read back only for a chat seen again), and releasing a claim appends a line rather than rewriting
 * the file, so a run of refusals (a wrong token) costs a line each whatever the size of the store.
 */
public class FileDeclareStore extends ServiceSupport implements DeclareStore {

    private static final long NO_RESULT = -1;
    private static final byte RELEASED = '-';

    private final Path file;
    /** Digest of each claimed chat: the offset of its result line, or {@link #NO_RESULT}. */
    private final Map<String, Long> claims = new HashMap<>();
    /** Claims of this run whose declare has not ended: no result, no release, no unknown outcome yet. */
    private final Set<String> inFlight = new HashSet<>();
    private StoreLock lock;
    private OutputStream appender;
    private FileChannel reader;
    private long length;

    public FileDeclareStore(String file) {
        this.file = Path.of(file);
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
        claims.clear();
        inFlight.clear();
        length = Files.exists(file) ? load() : 0;
        if (Files.exists(file) && Files.size(file) > length) {
            // the last line, cut short by a crash, is dropped: a claim cut short was never followed by its declare, and
            // a result cut short leaves its chat claimed, without a result
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.truncate(length);
            }
        }
        appender = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
        reader = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Reads the log line by line, by bytes, so that offsets are exact whatever the characters.
     *
     * @return where the last whole line ends
     */
    private long load() throws IOException {
        byte[] buffer = new byte[1 << 16];
        byte[] line = new byte[256];
        int lineLength = 0;
        long offset = 0;
        long lineStart = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) != -1;) {
                for (int i = 0; i < read; i++) {
                    offset++;
                    if (buffer[i] == '\n') {
                        record(line, lineLength, lineStart);
                        lineLength = 0;
                        lineStart = offset;
                    } else {
                        if (lineLength == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[lineLength++] = buffer[i];
                    }
                }
            }
        }
        return lineStart;
    }

    private void record(byte[] line, int length, long start) {
        int space = 0;
        while (space < length && line[space] != ' ') {
            space++;
        }
        String digest = new String(line, 0, space, StandardCharsets.US_ASCII).strip();
        if (digest.isEmpty()) {
            return;
        }
        if (line[0] == RELEASED) {
            claims.remove(digest.substring(1));
        } else if (space < length) {
            claims.put(digest, start);
        } else {
            claims.putIfAbsent(digest, NO_RESULT);
        }
    }

    @Override
    protected synchronized void doStop() throws IOException {
        try {
            if (appender != null) {
                appender.close();
                reader.close();
                appender = null;
                reader = null;
            }
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    @Override
    public synchronized boolean claim(String key) {
        if (claims.containsKey(key)) {
            return false;
        }
        try {
            append((key + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a declared chat in " + file, e);
        }
        claims.put(key, NO_RESULT);
        inFlight.add(key);
        return true;
    }

    /**
     * Flushed before it returns, like every line: the route logs the chat as declared and acknowledges its source
     * right after, so a process killed then must still find the result when the chat comes again.
     */
    @Override
    public synchronized void declared(String digest, String result) {
        long start = length;
        try {
            append((digest + " " + result + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a declared chat's result in " + file, e);
        }
        claims.put(digest, start);
        inFlight.remove(digest);
    }

    @Override
    public synchronized void outcomeUnknown(String digest) {
        inFlight.remove(digest);
    }

    /** A claim without a result and not in flight was left by an earlier run, or ended with an unknown outcome. */
    @Override
    public synchronized DeclareRecord read(String digest) {
        Long start = claims.get(digest);
        if (start == null) {
            return DeclareRecord.ABSENT;
        } else if (inFlight.contains(digest)) {
            return DeclareRecord.IN_FLIGHT;
        } else if (start == NO_RESULT) {
            return DeclareRecord.UNKNOWN;
        }
        try {
            return DeclareRecord.declared(readResultLine(start));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read a declared chat's result from " + file, e);
        }
    }

    private String readResultLine(long start) throws IOException {
        ByteBuffer line = ByteBuffer.allocate(512);
        long position = start;
        while (reader.read(line, position) > 0) {
            for (int i = (int) (position - start); i < line.position(); i++) {
                if (line.get(i) == '\n') {
                    String text = new String(line.array(), 0, i, StandardCharsets.UTF_8);
                    return text.substring(text.indexOf(' ') + 1);
                }
            }
            position = start + line.position();
            if (!line.hasRemaining()) {
                line = ByteBuffer.allocate(line.capacity() * 2).put(line.flip());
            }
        }
        throw new IOException("the result line at " + start + " has no end");
    }

    /** Each line reaches the operating system before the call returns, so a killed process loses none. */
    private void append(byte[] line) throws IOException {
        appender.write(line);
        length += line.length;
        appender.flush();
    }

    /** Appends a line that releases the claim: only after a declare that surely did not happen. */
    @Override
    public synchronized void released(String key) {
        if (!claims.containsKey(key)) {
            return;
        }
        try {
            append(("-" + key + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release a chat's claim in " + file, e);
        }
        claims.remove(key);
        inFlight.remove(key);
    }

    @Override
    public String howToRelease(String digest) {
        return "stop the route and append the line -" + digest + " to " + file.toAbsolutePath();
    }

    @Override
    public String toString() {
        return "FileDeclareStore[" + file + "]";
    }
}
