package io.github.camelelevateai.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The digests of the chats already declared, one per line in a text file that survives restarts: the routes'
 * de-duplication store when a single instance does the work.
 * <p>
 * Camel's own {@code FileIdempotentRepository} is not used because it rescans the whole file on every new key (an
 * inbox of 10,000 chats reads the file 10,000 times) and drops its oldest keys once the file reaches 32 MB, after which
 * a chat seen before would be declared again. Here every key is held in memory and each new one is appended and
 * flushed to the operating system before the declare goes out, so a crashed or killed process forgets nothing.
 */
public class DeclaredChatsFile extends ServiceSupport implements IdempotentRepository, DeclaredResults {

    private final Path file;
    private final Set<String> keys = new HashSet<>();
    /** Lines are "digest" when a chat is claimed, then "digest result" once it is declared. */
    private final Map<String, String> results = new HashMap<>();
    private Writer appender;

    public DeclaredChatsFile(String file) {
        this.file = Path.of(file);
    }

    @Override
    protected synchronized void doStart() throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    keys.add(line.substring(0, space));
                    results.put(line.substring(0, space), line.substring(space + 1));
                } else if (!line.isBlank()) {
                    keys.add(line.strip());
                }
            }
        }
        appender = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    protected synchronized void doStop() throws IOException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    @Override
    public synchronized boolean add(String key) {
        if (!keys.add(key)) {
            return false;
        }
        try {
            append(key);
        } catch (IOException e) {
            keys.remove(key);
            throw new UncheckedIOException("Could not record a declared chat in " + file, e);
        }
        return true;
    }

    /**
     * Written without a flush of its own: the next claim's flush (or the stop) carries it. A crash in between loses
     * only the result line; the claim itself, which is what keeps a chat from being declared twice, is already out.
     */
    @Override
    public synchronized void remember(String digest, String result) {
        results.put(digest, result);
        try {
            appender.write(digest + " " + result);
            appender.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a declared chat's result in " + file, e);
        }
    }

    @Override
    public synchronized String resultOf(String digest) {
        return results.get(digest);
    }

    private void append(String line) throws IOException {
        appender.write(line);
        appender.write('\n');
        appender.flush();
    }

    @Override
    public synchronized boolean contains(String key) {
        return keys.contains(key);
    }

    /** Rewrites the file without the key: only after a declare that surely did not happen, so it is rare. */
    @Override
    public synchronized boolean remove(String key) {
        if (!keys.remove(key)) {
            return false;
        }
        results.remove(key);
        rewrite();
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        keys.clear();
        results.clear();
        rewrite();
    }

    private void rewrite() {
        List<String> lines = new ArrayList<>(keys.size());
        for (String key : keys) {
            String result = results.get(key);
            lines.add(result == null ? key : key + " " + result);
        }
        try {
            appender.close();
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, lines, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            appender = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rewrite " + file, e);
        }
    }

    @Override
    public String toString() {
        return "DeclaredChatsFile[" + file + "]";
    }
}
