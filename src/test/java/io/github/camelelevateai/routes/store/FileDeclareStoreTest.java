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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file store on its own: what it remembers across restarts, what a crash mid-line leaves, that a second process
 * (or a second store in this one) is refused, and how it stays bounded (rewritten without the lines it no longer
 * needs, chats forgotten after a retention).
 */
class FileDeclareStoreTest {

    private static final String FIRST = "a".repeat(64);
    private static final String SECOND = "b".repeat(64);
    private static final String THIRD = "c".repeat(64);
    private static final Instant MONDAY = Instant.parse("2025-03-03T10:00:00Z");
    private static final String MONDAY_LINE = "@2025-03-03";

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
        Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
        FileDeclareStore store = started(file, null, clock);
        store.claim(FIRST);
        store.declared(FIRST, "{\"n\":1}");
        store.claim(SECOND);
        store.released(SECOND);
        store.stop();
        assertThat(Files.readAllLines(file))
                .containsExactly(MONDAY_LINE, FIRST, FIRST + " {\"n\":1}", SECOND, "-" + SECOND);

        FileDeclareStore again = started(file, null, clock);
        assertThat(again.read(SECOND).state()).isEqualTo(DeclareState.ABSENT);
        assertThat(again.claim(SECOND)).isTrue();
        assertThat(again.read(FIRST).result()).isEqualTo("{\"n\":1}");
        again.stop();
        FileDeclareStore third = started(file, null, clock);
        assertThat(third.read(SECOND).state()).isNotEqualTo(DeclareState.ABSENT);
        third.stop();
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheChatStaysClaimedWithoutAResult() throws Exception {
        Path file = work.resolve("declared.txt");
        Files.writeString(file, FIRST + "\n" + SECOND + "\n" + SECOND + " {\"interactionIdenti",
                StandardCharsets.UTF_8);

        FileDeclareStore store = started(file, null, Clock.fixed(MONDAY, ZoneOffset.UTC));
        assertThat(store.read(SECOND).state()).isNotEqualTo(DeclareState.ABSENT);
        assertThat(store.read(SECOND).result()).isNull();
        store.claim(THIRD);
        store.declared(THIRD, "{\"n\":3}");
        store.stop();
        assertThat(Files.readAllLines(file)).containsExactly(FIRST, SECOND, MONDAY_LINE, THIRD, THIRD + " {\"n\":3}");

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
        assertThat(work.resolve("state/declared.txt.lock")).as("no owner left to name").isEmptyFile();

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

    // ---- bounded

    @Test
    void atStartTheFileIsRewrittenWithoutSupersededLinesOnceTheyAreAQuarterOfItAtomically() throws Exception {
        Path file = work.resolve("declared.txt");
        MovableClock clock = new MovableClock(MONDAY);
        FileDeclareStore store = started(file, null, clock);
        store.claim(FIRST);
        store.declared(FIRST, "{\"n\":1}");
        store.claim(SECOND);
        clock.advance(Duration.ofDays(1));
        store.claim(THIRD);
        store.released(THIRD);
        store.stop();
        Files.writeString(work.resolve("declared.txt.compacting"), "left by a crash mid-rewrite\n");
        long before = Files.size(file);

        FileDeclareStore again = started(file, null, clock);
        assertThat(Files.readAllLines(file)).as("the claim followed by its result, the released claim, and the day"
                        + " line before it are gone; the unfinished claim stays")
                .containsExactly(MONDAY_LINE, FIRST + " {\"n\":1}", SECOND);
        assertThat(Files.size(file)).isLessThan(before);
        assertThat(work.resolve("declared.txt.compacting")).doesNotExist();
        assertThat(again.read(FIRST).result()).isEqualTo("{\"n\":1}");
        assertThat(again.read(SECOND).state()).isEqualTo(DeclareState.UNKNOWN);
        assertThat(again.claim(THIRD)).isTrue();
        again.declared(THIRD, "{\"n\":3}");
        again.released(SECOND);
        assertThat(again.read(THIRD).result()).isEqualTo("{\"n\":3}");
        again.stop();
        assertThat(Files.readAllLines(file)).containsExactly(MONDAY_LINE, FIRST + " {\"n\":1}", SECOND, "@2025-03-04",
                THIRD, THIRD + " {\"n\":3}", "-" + SECOND);

        FileDeclareStore third = started(file, null, clock);
        assertThat(third.read(FIRST).result()).isEqualTo("{\"n\":1}");
        assertThat(third.read(THIRD).result()).isEqualTo("{\"n\":3}");
        assertThat(third.read(SECOND).state()).isEqualTo(DeclareState.ABSENT);
        third.stop();
        assertThat(Files.readAllLines(file))
                .containsExactly(MONDAY_LINE, FIRST + " {\"n\":1}", "@2025-03-04", THIRD + " {\"n\":3}");
    }

    @Test
    void aRewriteWaitsUntilTheLinesItWouldLeaveOutAreAQuarterOfTheFile() throws Exception {
        Path file = work.resolve("declared.txt");
        Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
        FileDeclareStore store = started(file, null, clock);
        for (int i = 0; i < 10; i++) {
            String digest = String.format("%064x", i + 1);
            store.claim(digest);
            store.declared(digest, "{\"interactionIdentifier\":\"" + UUID.randomUUID() + "\"}");
        }
        store.stop();
        List<String> written = Files.readAllLines(file);
        started(file, null, clock).stop();
        assertThat(Files.readAllLines(file)).as("ten claims followed by their result: a third of the file")
                .containsExactlyElementsOf(written.stream().filter(line -> line.length() != 64).toList());
        FileDeclareStore again = started(file, null, clock);
        again.claim(FIRST);
        again.stop();
        List<String> kept = Files.readAllLines(file);
        started(file, null, clock).stop();
        assertThat(Files.readAllLines(file)).as("one claim more is not worth rewriting the file").isEqualTo(kept);
    }

    @Test
    void withARetentionAChatIsForgottenOnceItsLastLineIsOlderAtStartAndWhileRunning() throws Exception {
        Path file = work.resolve("declared.txt");
        Duration retention = Duration.ofDays(30);
        MovableClock clock = new MovableClock(MONDAY);
        FileDeclareStore store = started(file, retention, clock);
        store.claim(FIRST);
        store.declared(FIRST, "{\"n\":1}");
        store.claim(SECOND);
        clock.advance(Duration.ofDays(2));
        store.declared(SECOND, "{\"n\":2}");
        store.stop();

        // FIRST's last line is of Monday: remembered until the retention has passed since that day ended
        clock.set(Instant.parse("2025-04-02T23:59:59Z"));
        FileDeclareStore atTheEdge = started(file, retention, clock);
        assertThat(atTheEdge.read(FIRST).result()).isEqualTo("{\"n\":1}");
        atTheEdge.stop();
        clock.set(Instant.parse("2025-04-03T00:00:00Z"));
        FileDeclareStore after = started(file, retention, clock);
        assertThat(after.read(FIRST).state()).as("forgotten at start").isEqualTo(DeclareState.ABSENT);
        assertThat(after.read(SECOND).result()).as("its last line is two days younger").isEqualTo("{\"n\":2}");

        clock.advance(Duration.ofDays(2));
        assertThat(after.read(SECOND).result()).as("forgotten at the first line of a day").isNotNull();
        after.claim(THIRD);
        assertThat(after.read(SECOND).state()).as("forgotten while running").isEqualTo(DeclareState.ABSENT);
        assertThat(after.read(THIRD).state()).isEqualTo(DeclareState.IN_FLIGHT);
        assertThat(after.claim(FIRST)).as("a chat forgotten is declared again").isTrue();
        after.declared(FIRST, "{\"n\":11}");
        after.stop();

        FileDeclareStore later = started(file, retention, clock);
        assertThat(later.read(FIRST).result()).isEqualTo("{\"n\":11}");
        assertThat(later.read(SECOND).state()).isEqualTo(DeclareState.ABSENT);
        assertThat(later.read(THIRD).state()).isEqualTo(DeclareState.UNKNOWN);
        later.stop();
        assertThat(Files.readAllLines(file)).containsExactly("@2025-04-05", THIRD, FIRST + " {\"n\":11}");
    }

    @Test
    void linesWrittenBeforeDayLinesExistedAreDatedOnceByARewriteSoThatARetentionCanForgetThem() throws Exception {
        Path file = work.resolve("declared.txt");
        Files.writeString(file, FIRST + " {\"n\":1}\n" + SECOND + "\n");
        Duration retention = Duration.ofDays(30);
        MovableClock clock = new MovableClock(MONDAY);

        started(file, null, clock).stop();
        assertThat(Files.readAllLines(file)).as("without a retention there is no need")
                .containsExactly(FIRST + " {\"n\":1}", SECOND);
        clock.advance(Duration.ofDays(1));
        started(file, retention, clock).stop();
        assertThat(Files.readAllLines(file)).containsExactly("@2025-03-04", FIRST + " {\"n\":1}", SECOND);

        clock.advance(Duration.ofDays(31));
        FileDeclareStore later = started(file, retention, clock);
        assertThat(later.read(FIRST).state()).isEqualTo(DeclareState.ABSENT);
        assertThat(later.read(SECOND).state()).isEqualTo(DeclareState.ABSENT);
    }

    @Test
    void aRetentionIsWrittenInDaysOrIsoAndIsAtLeastADay() {
        assertThat(FileDeclareStore.retention("400d")).isEqualTo(Duration.ofDays(400));
        assertThat(FileDeclareStore.retention(" 400 d ")).isEqualTo(Duration.ofDays(400));
        assertThat(FileDeclareStore.retention("P400D")).isEqualTo(Duration.ofDays(400));
        assertThat(FileDeclareStore.retention("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(FileDeclareStore.retention("")).isNull();
        assertThat(FileDeclareStore.retention(null)).isNull();
        assertThat(FileDeclareStore.retention("forever")).isNull();
        assertThatThrownBy(() -> FileDeclareStore.retention("13w"))
                .hasMessage("'13w' is not a retention for the de-duplication store: write it in days (400d) or"
                            + " ISO-8601 (P400D), or leave it empty to remember every chat");
        assertThatThrownBy(() -> DeclareStores.open(work.resolve("s.txt").toString(), "", "", 1, "PT12H"))
                .hasMessageContaining("at least a day (1d), not PT12H");
        assertThatThrownBy(() -> DeclareStores.open(work.resolve("s.txt").toString(), "", "", 1, "0d"))
                .hasMessageContaining("at least a day");
    }

    private FileDeclareStore started(Path file) {
        return started(file, null, Clock.systemUTC());
    }

    private FileDeclareStore started(Path file, Duration retention, Clock clock) {
        FileDeclareStore store = new FileDeclareStore(file, retention, clock);
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


    /** A clock a test moves on. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
