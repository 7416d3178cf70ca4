package io.github.camelelevateai.routes.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file store's guard against a second process: an operating-system lock on a file beside the store
 * ({@code <store>.lock}), which holds its owner's pid, host and start time so that a refusal can name it. The operating
 * system releases the lock with the process, so one left by a killed process is no obstacle; the file itself stays
 * (deleting it would let a process lock a new file while another still holds the old one).
 * <p>
 * On Linux a lock belongs to the process, and closing any descriptor of the file, from any part of the process,
 * releases it. So this process never opens the lock file while it may hold the lock: a second store in this JVM is
 * refused from {@link #HELD} before the file is opened, and the owner is read through the one channel that tried.
 */
final class StoreLock implements AutoCloseable {

    /** The lock files held in this JVM, with their owner's description. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();
    /**
     * Channels that found the lock held elsewhere in this JVM (another class loader's copy of this class): closing them
     * would release that holder's lock, so they stay open.
     */
    private static final List<FileChannel> KEPT_OPEN = new ArrayList<>();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param store the store's file, in a folder that exists
     * @throws IllegalStateException when another process, or another store in this one, holds it: the message names
     *                               the holder
     */
    static StoreLock acquire(Path store) throws IOException {
        Path path = store.toAbsolutePath().getParent().toRealPath().resolve(store.getFileName() + ".lock");
        String owner = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + ", since " + Instant.now();
        String heldHere = HELD.putIfAbsent(path, owner);
        if (heldHere != null) {
            throw inUse(store, "this same process (" + heldHere + ")", path);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean closeOnFailure = true;
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                closeOnFailure = false;
                synchronized (KEPT_OPEN) {
                    KEPT_OPEN.add(channel);
                }
                throw inUse(store, "this same process (" + ownerIn(channel) + ")", path);
            }
            if (lock == null) {
                throw inUse(store, "another process (" + ownerIn(channel) + ")", path);
            }
            byte[] text = (owner + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
            return new StoreLock(path, channel, lock);
        } catch (IOException | RuntimeException failed) {
            HELD.remove(path);
            if (closeOnFailure) {
                channel.close();
            }
            throw failed;
        }
    }

    /** Read through the channel that tried the lock, for the reason given above. */
    private static String ownerIn(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "which has not yet written its pid" : text;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // no owner left to name, for whoever reads the file by hand
            channel.truncate(0);
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(path);
            }
        }
    }

    private static IllegalStateException inUse(Path store, String holder, Path lockFile) {
        return new IllegalStateException("The de-duplication store " + store.toAbsolutePath() + " is in use by "
                + holder + ", which holds its lock " + lockFile + ". Two processes on one file store would corrupt it"
                + " and declare chats twice, so this one does not start. Stop the other one first; for several"
                + " instances sharing the work, set elevateai.declared.store to a JDBC URL (a database they share).");
    }
}
