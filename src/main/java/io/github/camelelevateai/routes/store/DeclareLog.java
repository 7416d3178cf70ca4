package io.github.camelelevateai.routes.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The file store's log and its lines: {@code digest} when a chat is claimed, {@code digest result} once it is
 * declared, {@code -digest} when a claim is released, and {@code @yyyy-mm-dd}, the day (UTC) the lines after it were
 * written, before the first line of each day. Read line by line at start; once open, appended to, and a result read
 * back from where its line starts.
 */
final class DeclareLog {

    static final byte RELEASED = '-';
    static final byte DAY = '@';
    /** A claim's line: a SHA-256 in hex and its end of line. */
    static final int HEX_DIGEST_LINE = 65;

    private final FileChannel channel;
    private long length;
    /** The day of the file's last day line: what a line appended now is dated, without a new one; -1 for none. */
    private long day;

    private DeclareLog(FileChannel channel, long day) throws IOException {
        this.channel = channel;
        this.length = channel.size();
        this.day = day;
    }

    /** @param day the day of the file's last day line; -1 for none */
    static DeclareLog open(Path file, long day) throws IOException {
        return new DeclareLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), day);
    }

    /** Appends after {@code end}, where the last whole line ends, and drops what follows it. */
    void cutAfter(long end) throws IOException {
        length = end;
        if (channel.size() > length) {
            // the last line, cut short by a crash, is dropped: a claim cut short was never followed by its declare, and
            // a result cut short leaves its chat claimed, without a result
            channel.truncate(length);
        }
    }

    long length() {
        return length;
    }

    /** The day a line appended now is dated: the day of the file's last day line; -1 for none. */
    long day() {
        return day;
    }

    void close() throws IOException {
        channel.close();
    }

    /**
     * Writes the day's line when the file's last one is of another day: the first line of a day follows it.
     *
     * @return whether it did
     */
    boolean startDay(long today) throws IOException {
        if (today == day) {
            return false;
        }
        write(dayLine(today));
        day = today;
        return true;
    }

    /**
     * Each line reaches the operating system before the call returns, so a killed process loses none.
     *
     * @return where the line starts
     */
    long append(byte[] line) throws IOException {
        long start = length;
        write(line);
        return start;
    }

    private void write(byte[] bytes) throws IOException {
        if (length + bytes.length > IndexValue.MAX_OFFSET) {
            throw new IOException("the file has reached " + IndexValue.MAX_OFFSET + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, length + buffer.position());
        }
        length += bytes.length;
    }

    /** @return the result on the line that starts at {@code start} */
    String readResultLine(long start) throws IOException {
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

    static byte[] claimLine(String digest) {
        return (digest + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] resultLine(String digest, String result) {
        return (digest + " " + result + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] releaseLine(String digest) {
        return ("-" + digest + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A line of its own in the file: printable ASCII, and not taken for a release or a day. */
    static void checkDigest(String digest) {
        boolean printable = !digest.isEmpty() && digest.charAt(0) != RELEASED && digest.charAt(0) != DAY;
        for (int i = 0; i < digest.length() && printable; i++) {
            printable = digest.charAt(i) > ' ' && digest.charAt(i) < 127;
        }
        if (!printable) {
            throw new IllegalArgumentException("Not a digest: a digest is printable ASCII, without spaces");
        }
    }

    interface LineConsumer {
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
     * crosses the buffer's end). By bytes, so that offsets are exact whatever the characters.
     *
     * @return where the last whole line ends: what follows is a line cut short
     */
    static long forEachLine(Path file, long end, LineConsumer consumer) throws IOException {
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

    /** @return where the digest of a claim's or a result's line ends */
    static int digestEnd(byte[] bytes, int from, int to) {
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

    static byte[] dayLine(long day) {
        return ("@" + LocalDate.ofEpochDay(day) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the day's number, or -1 for a line that is not a day */
    static long parseDay(byte[] line, int from, int to) {
        try {
            return LocalDate.parse(new String(line, from, to - from, StandardCharsets.ISO_8859_1)).toEpochDay();
        } catch (DateTimeException e) {
            return -1;
        }
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\r' || b == '\t';
    }
}
