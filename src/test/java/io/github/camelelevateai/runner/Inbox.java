package io.github.camelelevateai.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/**
 * Puts a chat in a route's inbox (a local folder, or the folder an SFTP server serves) as a well-behaved producer does:
 * written beside the inbox and moved in whole, so that the route never sees half a file.
 */
public final class Inbox {

    private Inbox() {
    }

    public static Path drop(Path inbox, String name, String content) throws IOException {
        return drop(inbox, name, content, null);
    }

    /** The same, the file dated {@code modified} before it is moved in. */
    public static Path drop(Path inbox, String name, String content, Instant modified) throws IOException {
        Files.createDirectories(inbox);
        Path written = Files.writeString(inbox.resolveSibling(name + ".part"), content, StandardCharsets.UTF_8);
        if (modified != null) {
            Files.setLastModifiedTime(written, FileTime.from(modified));
        }
        Path target = inbox.resolve(name);
        // a route moves a chat out of the inbox only once its exchange has completed, which is after its result or
        // reason is written: a test that dropped the same name again at that moment would find the earlier file there
        if (Files.exists(target)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(target));
        }
        return Files.move(written, target);
    }
}
