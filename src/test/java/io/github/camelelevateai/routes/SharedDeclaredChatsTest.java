package io.github.camelelevateai.routes;

import io.github.camelelevateai.routes.DeclaredResults.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared store on its own (H2 in memory): releasing a chat the way an unknown outcome's reason says; telling a
 * declare stopped mid-way from one in flight.
 */
class SharedDeclaredChatsTest {

    private static final String URL = "jdbc:h2:mem:shared-declared-chats;DB_CLOSE_DELAY=-1";
    private static final String DIGEST = "d".repeat(64);
    private static final long HOUR = 3_600_000;

    @Test
    void aChatReleasedAsItsReasonSaysIsClaimedAndDeclaredAgainWithItsNewResult() throws Exception {
        IdempotentRepository store = DeclaredChats.open(URL, "", "", HOUR);
        store.start();
        try {
            DeclaredResults results = (DeclaredResults) store;
            assertThat(store.add(DIGEST)).isTrue();
            results.remember(DIGEST, "{\"interactionIdentifier\":\"first\"}");

            assertThat(results.howToRelease(DIGEST)).isEqualTo("delete the row of messageId '" + DIGEST
                    + "' and processorName 'elevateai-declare' from CAMEL_MESSAGEPROCESSED");
            try (Connection db = DriverManager.getConnection(URL);
                 PreparedStatement release = db.prepareStatement(
                         "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ? AND processorName = ?")) {
                release.setString(1, DIGEST);
                release.setString(2, "elevateai-declare");
                assertThat(release.executeUpdate()).isEqualTo(1);
            }

            assertThat(store.add(DIGEST)).isTrue();
            results.remember(DIGEST, "{\"interactionIdentifier\":\"second\"}");
            assertThat(results.claimOf(DIGEST).result()).isEqualTo("{\"interactionIdentifier\":\"second\"}");
        } finally {
            store.stop();
        }
    }

    @Test
    void onlyAClaimOlderThanAnyDeclareCanTakeAndWithoutAResultIsUnfinished() throws Exception {
        IdempotentRepository store = DeclaredChats.open(URL.replace("shared-declared-chats", "unfinished"), "", "", HOUR);
        store.start();
        try {
            DeclaredResults results = (DeclaredResults) store;
            String stopped = "a".repeat(64);
            String finished = "b".repeat(64);
            assertThat(store.add(stopped)).isTrue();
            assertThat(store.add(finished)).isTrue();
            results.remember(finished, "{\"interactionIdentifier\":\"done\"}");
            assertThat(results.claimOf(stopped).status())
                    .as("may be in flight on another instance").isNotEqualTo(Status.UNFINISHED);

            try (Connection db = DriverManager.getConnection(URL.replace("shared-declared-chats", "unfinished"));
                 PreparedStatement age = db.prepareStatement(
                         "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = DATEADD('MINUTE', -61, createdAt)")) {
                assertThat(age.executeUpdate()).isEqualTo(2);
            }

            assertThat(results.claimOf(stopped).status()).isEqualTo(Status.UNFINISHED);
            assertThat(results.claimOf(finished).status()).as("its result was kept").isNotEqualTo(Status.UNFINISHED);
            assertThat(results.claimOf("c".repeat(64)).status()).as("never claimed").isNotEqualTo(Status.UNFINISHED);
        } finally {
            store.stop();
        }
    }

    @Test
    void aDeclareMarkedUnknownIsUnfinishedAtOnceForEveryInstance() throws Exception {
        String url = URL.replace("shared-declared-chats", "marked");
        IdempotentRepository store = DeclaredChats.open(url, "", "", HOUR);
        IdempotentRepository otherInstance = DeclaredChats.open(url, "", "", HOUR);
        store.start();
        otherInstance.start();
        try {
            assertThat(store.add(DIGEST)).isTrue();
            ((DeclaredResults) store).markOutcomeUnknown(DIGEST);

            DeclaredResults seenElsewhere = (DeclaredResults) otherInstance;
            assertThat(seenElsewhere.claimOf(DIGEST).status()).isEqualTo(Status.UNFINISHED);
            assertThat(seenElsewhere.claimOf(DIGEST).status()).isNotEqualTo(Status.IN_FLIGHT);
            assertThat(seenElsewhere.claimOf(DIGEST).result()).as("no result to hand out").isNull();
            assertThat(otherInstance.add(DIGEST)).as("still claimed").isFalse();
        } finally {
            otherInstance.stop();
            store.stop();
        }
    }
}
