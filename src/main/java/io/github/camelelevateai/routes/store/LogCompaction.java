package io.github.camelelevateai.routes.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the file with only the latest line of each chat remembered, and the day lines they need, then puts it in
 * place of the old one in one atomic rename: a crash at any point leaves either file whole. The index is told where
 * each line now starts.
 */
final class LogCompaction implements DeclareLog.LineConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(LogCompaction.class);

    private final Path file;
    private final DigestIndex index;
    private long written;
    private long day = -1;
    private OutputStream out;
    private final long[] key = new long[2];

    LogCompaction(Path file, DigestIndex index) {
        this.file = file;
        this.index = index;
    }

    /** Where the file is rewritten before it takes the log's place. */
    static Path compactingFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    /**
     * @param end where the last whole line ends
     * @return the day of the rewritten file's last day line; -1 for none
     */
    long run(long end) throws IOException {
        Path compacting = compactingFile(file);
        try (FileChannel target = FileChannel.open(compacting, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            out = new BufferedOutputStream(Channels.newOutputStream(target), 1 << 16);
            DeclareLog.forEachLine(file, end, this);
            out.flush();
            target.force(true);
        }
        Files.move(compacting, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder();
        return day;
    }

    @Override
    public void line(byte[] bytes, int from, int to, long offset, int length) throws IOException {
        if (from == to || bytes[from] == DeclareLog.DAY || bytes[from] == DeclareLog.RELEASED) {
            return;
        }
        DigestIndex.key(bytes, from, DeclareLog.digestEnd(bytes, from, to), key);
        long high = key[0];
        long low = key[1];
        long value = index.get(high, low);
        if (value < 0 || IndexValue.offset(value) != offset) {
            return;
        }
        long lineDay = IndexValue.day(value);
        if (lineDay != day) {
            byte[] dayLine = DeclareLog.dayLine(lineDay);
            out.write(dayLine);
            written += dayLine.length;
            day = lineDay;
        }
        out.write(bytes, from, to - from);
        out.write('\n');
        index.put(high, low, IndexValue.of(written, IndexValue.declared(value), lineDay));
        written += to - from + 1;
    }

    /** Makes the rename durable; a file system that cannot open a folder (Windows) makes it so on its own. */
    private void syncFolder() {
        try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync the folder of {}", file, e);
        }
    }
}
