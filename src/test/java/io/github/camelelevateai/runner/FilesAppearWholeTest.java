package io.github.camelelevateai.runner;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import io.github.camelelevateai.sandbox.Fault;
import io.github.camelelevateai.sandbox.SandboxCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelelevateai.runner.RouteFiles.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever the file routes write (results, analyses, reasons) appears under its name whole, never to be written to
 * again: the results route reads the interaction files from the outbox while the file route writes them, and an
 * operator's tooling reads the rest. Seen with the file system's own change notifications on every folder the routes
 * write to: a file written in place would show a change under its final name after it appeared.
 */
class FilesAppearWholeTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    @TempDir
    Path work;

    private ElevateAiRunner runner;
    private WatchService watcher;
    private Thread watching;

    @AfterEach
    void stopAll() throws Exception {
        if (runner != null) {
            runner.stop();
        }
        if (watcher != null) {
            watcher.close();
            watching.join(Duration.ofSeconds(30).toMillis());
        }
    }

    @Test
    void noFileTheRoutesWriteIsChangedUnderItsNameAfterItAppears() throws Exception {
        Path inbox = work.resolve("inbox");
        Path outbox = work.resolve("outbox");
        List<Path> folders = List.of(inbox.resolve(".done"), inbox.resolve(".error"), outbox, outbox.resolve(".error"));
        List<Seen> events = watch(folders);

        int good = 6;
        for (int i = 0; i < good; i++) {
            Inbox.drop(inbox, "chat-" + i + ".json", FileRouteTest.chat("customer " + i));
        }
        Inbox.drop(inbox, "failing.json", FileRouteTest.chat("failing " + ElevateAiSandbox.PROCESSING_FAILED_MARKER));
        Inbox.drop(inbox, "bad-1.json", "{\"participants\": []}");
        Inbox.drop(inbox, "bad-2.json", "not a chat");
        ELEVATEAI.sandbox().processingTime(Duration.ZERO);
        ELEVATEAI.sandbox().faultNext(SandboxCall.DELETE, Fault.status(500));

        Map<String, String> properties = new HashMap<>(RouteTestProperties.against(ELEVATEAI.sandbox(), work));
        properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50",
                "elevateai.results.poll.delay", "200", "elevateai.results.status.per.second", "1000",
                "elevateai.delete.after.analysis", "true"));
        runner = new ElevateAiRunner(System.out);
        runner.start(ElevateAiRunner.DEFAULT_ROUTES, properties);

        await().atMost(Duration.ofSeconds(90)).until(() -> count(outbox, ".interaction.json") == good + 1
                && count(outbox, ".analysis.json") == good
                && count(outbox.resolve(".error"), ".analysis.txt") == 1
                && count(outbox.resolve(".error"), ".delete.txt") == 1
                && count(inbox.resolve(".error"), ".error.txt") == 2
                && count(inbox, ".json") == 0);
        runner.stop();
        runner = null;

        // the results and reasons, and the chats moved to .done and .error
        int written = (good + 1) + good + 1 + 1 + 2;
        assertThat(events).as("every file the routes write, seen to appear")
                .filteredOn(seen -> seen.kind() == Seen.Kind.CREATED && !seen.hidden())
                .hasSizeGreaterThanOrEqualTo(written + good + 1 + 2);
        assertThat(events).as("a file changed under its final name after it appeared")
                .noneMatch(seen -> seen.kind() == Seen.Kind.CHANGED && !seen.hidden());
        assertThat(events).as("the notifications show writes: each hidden file is written before its rename")
                .anyMatch(seen -> seen.kind() == Seen.Kind.CHANGED && seen.hidden());
        assertThat(events).as("nothing was lost to an overflow").noneMatch(seen -> seen.kind() == Seen.Kind.OVERFLOW);
    }

    /** A notification: a file created or changed in a watched folder, or notifications lost. */
    record Seen(Kind kind, Path file) {

        enum Kind { CREATED, CHANGED, OVERFLOW }

        boolean hidden() {
            return file != null && file.getFileName().toString().startsWith(".");
        }
    }

    /** Records every create and change in those folders until the watcher is closed. */
    private List<Seen> watch(List<Path> folders) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        Map<WatchKey, Path> keys = new HashMap<>();
        for (Path folder : folders) {
            Files.createDirectories(folder);
            keys.put(folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY), folder);
        }
        List<Seen> events = new CopyOnWriteArrayList<>();
        watching = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            events.add(new Seen(Seen.Kind.OVERFLOW, null));
                        } else {
                            events.add(new Seen(event.kind() == StandardWatchEventKinds.ENTRY_CREATE ? Seen.Kind.CREATED
                                    : Seen.Kind.CHANGED, keys.get(key).resolve((Path) event.context())));
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // the test is over
            }
        }, "files-appear-whole-watcher");
        watching.setDaemon(true);
        watching.start();
        return events;
    }
}
