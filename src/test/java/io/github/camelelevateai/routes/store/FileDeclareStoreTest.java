package io.github.camelelevateai.routes.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The file store on its own: what it remembers across restarts, and what a crash mid-line leaves. */
class FileDeclareStoreTest {

    private static final String FIRST = "a".repeat(64);
    private static final String SECOND = "b".repeat(64);
    private static final String THIRD = "c".repeat(64);

    @TempDir
    Path work;

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

    private static FileDeclareStore started(Path file) {
        FileDeclareStore store = new FileDeclareStore(file.toString());
        store.start();
        return store;
    }
}
