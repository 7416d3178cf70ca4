package io.github.camelelevateai.routes.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared store on its own (H2 in memory): releasing a chat the way an unknown outcome's reason says; telling a
 * declare stopped mid-way from one in flight.
 */
class JdbcDeclareStoreTest {

    private static final String URL = "jdbc:h2:mem:shared-declared-chats;DB_CLOSE_DELAY=-1";
    private static final String DIGEST = "d".repeat(64);
    private static final long HOUR = 3_600_000;

    @Test
    void aChatReleasedAsItsReasonSaysIsClaimedAndDeclaredAgainWithItsNewResult() throws Exception {
        DeclareStore store = DeclareStores.open(URL, "", "", HOUR);
        store.start();
        try {
            DeclareStore results = store;
            assertThat(store.claim(DIGEST)).isTrue();
            results.declared(DIGEST, "{\"interactionIdentifier\":\"first\"}");

            assertThat(results.howToRelease(DIGEST)).isEqualTo("delete the row of messageId '" + DIGEST
                    + "' and processorName 'elevateai-declare' from CAMEL_MESSAGEPROCESSED");
            try (Connection db = DriverManager.getConnection(URL);
                 PreparedStatement release = db.prepareStatement(
                         "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ? AND processorName = ?")) {
                release.setString(1, DIGEST);
                release.setString(2, "elevateai-declare");
                assertThat(release.executeUpdate()).isEqualTo(1);
            }

            assertThat(store.claim(DIGEST)).isTrue();
            results.declared(DIGEST, "{\"interactionIdentifier\":\"second\"}");
            assertThat(results.read(DIGEST).result()).isEqualTo("{\"interactionIdentifier\":\"second\"}");
        } finally {
            store.stop();
        }
    }

    @Test
    void onlyAClaimOlderThanAnyDeclareCanTakeAndWithoutAResultIsUnfinished() throws Exception {
        DeclareStore store = DeclareStores.open(URL.replace("shared-declared-chats", "unfinished"), "", "", HOUR);
        store.start();
        try {
            DeclareStore results = store;
            String stopped = "a".repeat(64);
            String finished = "b".repeat(64);
            assertThat(store.claim(stopped)).isTrue();
            assertThat(store.claim(finished)).isTrue();
            results.declared(finished, "{\"interactionIdentifier\":\"done\"}");
            assertThat(results.read(stopped).state())
                    .as("may be in flight on another instance").isNotEqualTo(DeclareState.UNKNOWN);

            try (Connection db = DriverManager.getConnection(URL.replace("shared-declared-chats", "unfinished"));
                 PreparedStatement age = db.prepareStatement(
                         "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = DATEADD('MINUTE', -61, createdAt)")) {
                assertThat(age.executeUpdate()).isEqualTo(2);
            }

            assertThat(results.read(stopped).state()).isEqualTo(DeclareState.UNKNOWN);
            assertThat(results.read(finished).state()).as("its result was kept").isNotEqualTo(DeclareState.UNKNOWN);
            assertThat(results.read("c".repeat(64)).state()).as("never claimed").isNotEqualTo(DeclareState.UNKNOWN);
        } finally {
            store.stop();
        }
    }

    @Test
    void aDeclareMarkedUnknownIsUnfinishedAtOnceForEveryInstance() throws Exception {
        String url = URL.replace("shared-declared-chats", "marked");
        DeclareStore store = DeclareStores.open(url, "", "", HOUR);
        DeclareStore otherInstance = DeclareStores.open(url, "", "", HOUR);
        store.start();
        otherInstance.start();
        try {
            assertThat(store.claim(DIGEST)).isTrue();
            store.outcomeUnknown(DIGEST);

            DeclareStore seenElsewhere = otherInstance;
            assertThat(seenElsewhere.read(DIGEST).state()).isEqualTo(DeclareState.UNKNOWN);
            assertThat(seenElsewhere.read(DIGEST).state()).isNotEqualTo(DeclareState.IN_FLIGHT);
            assertThat(seenElsewhere.read(DIGEST).result()).as("no result to hand out").isNull();
            assertThat(otherInstance.claim(DIGEST)).as("still claimed").isFalse();
        } finally {
            otherInstance.stop();
            store.stop();
        }
    }
}
