package io.github.camelelevateai.routes;

import io.github.camelelevateai.routes.DeclaredResults.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The file store on its own: what it remembers across restarts, and what a crash mid-line leaves. */
class DeclaredChatsFileTest {

    private static final String FIRST = "a".repeat(64);
    private static final String SECOND = "b".repeat(64);
    private static final String THIRD = "c".repeat(64);

    @TempDir
    Path work;

    @Test
    void claimsAndResultsOutliveARestartWhateverTheCharactersOfAResult() {
        Path file = work.resolve("state/declared.txt");
        DeclaredChatsFile store = started(file);
        assertThat(store.add(FIRST)).isTrue();
        assertThat(store.add(FIRST)).isFalse();
        store.remember(FIRST, "{\"source\":\"café-überweisung.json\"}");
        store.add(SECOND);
        store.remember(SECOND, "{\"source\":\"second.json\"}");
        store.add(THIRD);
        assertThat(store.claimOf(FIRST).result()).isEqualTo("{\"source\":\"café-überweisung.json\"}");
        store.stop();

        DeclaredChatsFile again = started(file);
        assertThat(again.contains(FIRST)).isTrue();
        assertThat(again.add(SECOND)).isFalse();
        assertThat(again.claimOf(FIRST).result()).isEqualTo("{\"source\":\"café-überweisung.json\"}");
        assertThat(again.claimOf(SECOND).result()).isEqualTo("{\"source\":\"second.json\"}");
        assertThat(again.contains(THIRD)).isTrue();
        assertThat(again.claimOf(THIRD).result()).isNull();
        again.stop();
    }

    @Test
    void aReleasedClaimIsALineMoreNotARewriteAndStaysReleasedAcrossARestart() throws Exception {
        Path file = work.resolve("declared.txt");
        DeclaredChatsFile store = started(file);
        store.add(FIRST);
        store.remember(FIRST, "{\"n\":1}");
        store.add(SECOND);
        assertThat(store.remove(SECOND)).isTrue();
        assertThat(store.remove(SECOND)).isFalse();
        store.stop();
        assertThat(Files.readAllLines(file)).containsExactly(FIRST, FIRST + " {\"n\":1}", SECOND, "-" + SECOND);

        DeclaredChatsFile again = started(file);
        assertThat(again.contains(SECOND)).isFalse();
        assertThat(again.add(SECOND)).isTrue();
        assertThat(again.claimOf(FIRST).result()).isEqualTo("{\"n\":1}");
        again.stop();
        DeclaredChatsFile third = started(file);
        assertThat(third.contains(SECOND)).isTrue();
        third.stop();
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheChatStaysClaimedWithoutAResult() throws Exception {
        Path file = work.resolve("declared.txt");
        Files.writeString(file, FIRST + "\n" + SECOND + "\n" + SECOND + " {\"interactionIdenti", StandardCharsets.UTF_8);

        DeclaredChatsFile store = started(file);
        assertThat(store.contains(SECOND)).isTrue();
        assertThat(store.claimOf(SECOND).result()).isNull();
        store.add(THIRD);
        store.remember(THIRD, "{\"n\":3}");
        store.stop();
        assertThat(Files.readAllLines(file)).containsExactly(FIRST, SECOND, THIRD, THIRD + " {\"n\":3}");

        Files.writeString(file, "\n\n", StandardOpenOption.APPEND);
        DeclaredChatsFile again = started(file);
        assertThat(again.claimOf(THIRD).result()).isEqualTo("{\"n\":3}");
        assertThat(again.contains(FIRST)).isTrue();
        again.stop();
    }

    @Test
    void aClaimAnEarlierRunLeftWithoutResultOrReleaseIsUnfinishedAndNoOtherIs() {
        Path file = work.resolve("declared.txt");
        DeclaredChatsFile store = started(file);
        store.add(FIRST);
        store.remember(FIRST, "{\"n\":1}");
        store.add(SECOND);
        store.add(THIRD);
        store.remove(THIRD);
        assertThat(store.claimOf(SECOND).status())
                .as("a declare of this run, in flight").isNotEqualTo(Status.UNFINISHED);
        assertThat(store.claimOf(SECOND).status()).isEqualTo(Status.IN_FLIGHT);
        assertThat(store.claimOf(FIRST).status()).as("declared").isNotEqualTo(Status.IN_FLIGHT);
        assertThat(store.claimOf(THIRD).status()).as("released").isNotEqualTo(Status.IN_FLIGHT);
        store.stop();

        DeclaredChatsFile again = started(file);
        assertThat(again.claimOf(SECOND).status()).isEqualTo(Status.UNFINISHED);
        assertThat(again.claimOf(FIRST).status()).isNotEqualTo(Status.UNFINISHED);
        assertThat(again.claimOf(THIRD).status()).isNotEqualTo(Status.UNFINISHED);
        assertThat(again.claimOf(SECOND).status())
                .as("nothing of an earlier run is running").isNotEqualTo(Status.IN_FLIGHT);
        again.remember(SECOND, "{\"n\":2}");
        assertThat(again.claimOf(SECOND).status()).isNotEqualTo(Status.UNFINISHED);
        again.stop();
    }

    @Test
    void aDeclareThatEndsWithAnUnknownOutcomeLeavesItsChatUnfinishedNotInFlight() {
        DeclaredChatsFile store = started(work.resolve("declared.txt"));
        store.add(FIRST);
        store.markOutcomeUnknown(FIRST);
        assertThat(store.claimOf(FIRST).status()).isNotEqualTo(Status.IN_FLIGHT);
        assertThat(store.claimOf(FIRST).status()).isEqualTo(Status.UNFINISHED);
        assertThat(store.contains(FIRST)).as("still claimed: never declared again automatically").isTrue();
        store.stop();
    }

    private static DeclaredChatsFile started(Path file) {
        DeclaredChatsFile store = new DeclaredChatsFile(file.toString());
        store.start();
        return store;
    }
}
