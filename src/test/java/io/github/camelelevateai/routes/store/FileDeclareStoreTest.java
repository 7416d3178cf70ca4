package io.github.camelelevateai.routes.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file store on its own: what it remembers across restarts, what a crash mid-line leaves, and that a second process
 * (or a second store in this one) is refused.
 */
class FileDeclareStoreTest {

    private static final String FIRST = "a".repeat(64);
    private static final String SECOND = "b".repeat(64);
    private static final String THIRD = "c".repeat(64);

    @TempDir
    Path work;

    private final List<Process> children = new ArrayList<>();
    private final List<FileDeclareStore> stores = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        stores.forEach(FileDeclareStore::stop);
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void claimsAndResultsOutliveARestartWhateverTheCharactersOfAResult() {
        Path file = work.resolve("state/declared.txt");
        FileDeclareStore store = started(file);
        assertThat(store.claim(FIRST)).isTrue();
        assertThat(store.claim(FIRST)).isFalse();
        store.declared(FIRST, "{\"source\":\"café-überweisung.json\"}");
        store.claim(SECOND);
        store.declared(SECOND, "{\"source\":\"second.json\"}");
        store.claim(THIRD);
        assertThat(store.read(FIRST).result()).isEqualTo("{\"source\":\"café-überweisung.json\"}");
        store.stop();

        FileDeclareStore again = started(file);
        assertThat(again.read(FIRST).state()).isNotEqualTo(DeclareState.ABSENT);
        assertThat(again.claim(SECOND)).isFalse();
        assertThat(again.read(FIRST).result()).isEqualTo("{\"source\":\"café-überweisung.json\"}");
        assertThat(again.read(SECOND).result()).isEqualTo("{\"source\":\"second.json\"}");
        assertThat(again.read(THIRD).state()).isNotEqualTo(DeclareState.ABSENT);
        assertThat(again.read(THIRD).result()).isNull();
        again.stop();
    }

    @Test
    void aReleasedClaimIsALineMoreNotARewriteAndStaysReleasedAcrossARestart() throws Exception {
        Path file = work.resolve("declared.txt");
        FileDeclareStore store = started(file);
        store.claim(FIRST);
        store.declared(FIRST, "{\"n\":1}");
        store.claim(SECOND);
        store.released(SECOND);
        store.stop();
        assertThat(Files.readAllLines(file)).containsExactly(FIRST, FIRST + " {\"n\":1}", SECOND, "-" + SECOND);

        FileDeclareStore again = started(file);
        assertThat(again.read(SECOND).state()).isEqualTo(DeclareState.ABSENT);
        assertThat(again.claim(SECOND)).isTrue();
        assertThat(again.read(FIRST).result()).isEqualTo("{\"n\":1}");
        again.stop();
        FileDeclareStore third = started(file);
        assertThat(third.read(SECOND).state()).isNotEqualTo(DeclareState.ABSENT);
        third.stop();
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheChatStaysClaimedWithoutAResult() throws Exception {
        Path file = work.resolve("declared.txt");
        Files.writeString(file, FIRST + "\n" + SECOND + "\n" + SECOND + " {\"interactionIdenti", StandardCharsets.UTF_8);

        FileDeclareStore store = started(file);
        assertThat(store.read(SECOND).state()).isNotEqualTo(DeclareState.ABSENT);
        assertThat(store.read(SECOND).result()).isNull();
        store.claim(THIRD);
        store.declared(THIRD, "{\"n\":3}");
        store.stop();
        assertThat(Files.readAllLines(file)).containsExactly(FIRST, SECOND, THIRD, THIRD + " {\"n\":3}");

        Files.writeString(file, "\n\n", StandardOpenOption.APPEND);
        FileDeclareStore again = started(file);
        assertThat(again.read(THIRD).result()).isEqualTo("{\"n\":3}");
        assertThat(again.read(FIRST).state()).isNotEqualTo(DeclareState.ABSENT);
        again.stop();
    }

    @Test
    void aClaimAnEarlierRunLeftWithoutResultOrReleaseIsUnfinishedAndNoOtherIs() {
        Path file = work.resolve("declared.txt");
        FileDeclareStore store = started(file);
        store.claim(FIRST);
        store.declared(FIRST, "{\"n\":1}");
        store.claim(SECOND);
        store.claim(THIRD);
        store.released(THIRD);
        assertThat(store.read(SECOND).state())
                .as("a declare of this run, in flight").isNotEqualTo(DeclareState.UNKNOWN);
        assertThat(store.read(SECOND).state()).isEqualTo(DeclareState.IN_FLIGHT);
        assertThat(store.read(FIRST).state()).as("declared").isNotEqualTo(DeclareState.IN_FLIGHT);
        assertThat(store.read(THIRD).state()).as("released").isNotEqualTo(DeclareState.IN_FLIGHT);
        store.stop();

        FileDeclareStore again = started(file);
        assertThat(again.read(SECOND).state()).isEqualTo(DeclareState.UNKNOWN);
        assertThat(again.read(FIRST).state()).isNotEqualTo(DeclareState.UNKNOWN);
        assertThat(again.read(THIRD).state()).isNotEqualTo(DeclareState.UNKNOWN);
        assertThat(again.read(SECOND).state())
                .as("nothing of an earlier run is running").isNotEqualTo(DeclareState.IN_FLIGHT);
        again.declared(SECOND, "{\"n\":2}");
        assertThat(again.read(SECOND).state()).isNotEqualTo(DeclareState.UNKNOWN);
        again.stop();
    }

    @Test
    void aDeclareThatEndsWithAnUnknownOutcomeLeavesItsChatUnfinishedNotInFlight() {
        FileDeclareStore store = started(work.resolve("declared.txt"));
        store.claim(FIRST);
        store.outcomeUnknown(FIRST);
        assertThat(store.read(FIRST).state()).isNotEqualTo(DeclareState.IN_FLIGHT);
        assertThat(store.read(FIRST).state()).isEqualTo(DeclareState.UNKNOWN);
        assertThat(store.read(FIRST).state()).as("still claimed: never declared again automatically").isNotEqualTo(DeclareState.ABSENT);
        store.stop();
    }

    // ---- one process at a time

    @Test
    void aSecondStoreOnTheSameFileInThisProcessIsRefusedNamingTheFirstHoweverThePathIsSpelled() throws Exception {
        Path file = work.resolve("state/declared.txt");
        FileDeclareStore first = started(file);
        first.claim(FIRST);

        for (Path sameFile : List.of(file, work.resolve("state/../state/./declared.txt"),
                Files.createSymbolicLink(work.resolve("link"), work.resolve("state")).resolve("declared.txt"))) {
            FileDeclareStore second = new FileDeclareStore(sameFile.toString());
            assertThatThrownBy(second::start)
                    .hasMessageContaining("The de-duplication store " + sameFile.toAbsolutePath() + " is in use by this"
                                          + " same process (pid " + ProcessHandle.current().pid() + " on host ")
                    .hasMessageContaining(work.toRealPath().resolve("state/declared.txt.lock").toString())
                    .hasMessageContaining("Stop the other one first");
        }
        assertThat(first.read(FIRST).state()).as("the first goes on").isEqualTo(DeclareState.IN_FLIGHT);
        first.stop();

        FileDeclareStore afterIt = started(file);
        assertThat(afterIt.read(FIRST).state()).isEqualTo(DeclareState.UNKNOWN);
    }

    @Test
    void aStoreAnotherProcessHoldsIsRefusedNamingItAndOneThatProcessLeftWhenKilledIsNoObstacle() throws Exception {
        Path file = work.resolve("declared.txt");
        Process holder = startChild(file);
        assertThat(firstLineOf(holder)).isEqualTo(HoldFileDeclareStore.HOLDING);

        FileDeclareStore store = new FileDeclareStore(file.toString());
        assertThatThrownBy(store::start)
                .hasMessageStartingWith("The de-duplication store " + file.toAbsolutePath() + " is in use by another"
                                        + " process (pid " + holder.pid() + " on host ")
                .hasMessageContaining(", since 20")
                .hasMessageContaining(file.toAbsolutePath() + ".lock");

        holder.destroyForcibly();
        assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        stores.add(store);
        store.start();
        store.claim(FIRST);

        Process refused = startChild(file);
        assertThat(firstLineOf(refused)).startsWith(HoldFileDeclareStore.REFUSED + "The de-duplication store")
                .contains("is in use by another process (pid " + ProcessHandle.current().pid() + " on host ");
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(HoldFileDeclareStore.REFUSED_STATUS);
        assertThat(store.read(FIRST).state()).isEqualTo(DeclareState.IN_FLIGHT);
    }

    /**
     * The lock held through another channel of this JVM (another class loader's copy of the store, say): refused the
     * same way, and the refusal must not release that lock, which closing any channel of the file would do on Linux.
     */
    @Test
    void aLockHeldElsewhereInThisProcessIsTheSameRefusalAndStaysHeld() throws Exception {
        Path file = work.resolve("declared.txt");
        try (FileChannel elsewhere = FileChannel.open(work.resolve("declared.txt.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock held = elsewhere.lock()) {
            elsewhere.write(StandardCharsets.UTF_8.encode("pid 1 on host elsewhere, since 2025-03-03T10:00:00Z\n"));

            FileDeclareStore store = new FileDeclareStore(file.toString());
            assertThatThrownBy(store::start).hasMessageStartingWith("The de-duplication store " + file.toAbsolutePath()
                    + " is in use by this same process (pid 1 on host elsewhere, since 2025-03-03T10:00:00Z)");

            Process other = startChild(file);
            assertThat(firstLineOf(other)).as("the lock is still held after the refusal")
                    .startsWith(HoldFileDeclareStore.REFUSED).contains("in use by another process");
            assertThat(held.isValid()).isTrue();
        }
        started(file).claim(FIRST);
    }

    private FileDeclareStore started(Path file) {
        FileDeclareStore store = new FileDeclareStore(file.toString());
        store.start();
        stores.add(store);
        return store;
    }

    private Process startChild(Path file) throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldFileDeclareStore.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        children.add(child);
        return child;
    }

    /** The child's first line, HOLDING or REFUSED: lines logged before it are skipped. */
    private static String firstLineOf(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null;) {
                    if (line.equals(HoldFileDeclareStore.HOLDING) || line.startsWith(HoldFileDeclareStore.REFUSED)) {
                        return line;
                    }
                }
                return "(ended without a word)";
            } catch (IOException e) {
                return e.toString();
            }
        }).get(60, TimeUnit.SECONDS);
    }

}
