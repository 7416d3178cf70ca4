package io.github.camelelevateai.routes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared store on its own (H2 in memory): releasing a chat the way an unknown outcome's reason says. */
class SharedDeclaredChatsTest {

    private static final String URL = "jdbc:h2:mem:shared-declared-chats;DB_CLOSE_DELAY=-1";
    private static final String DIGEST = "d".repeat(64);

    @Test
    void aChatReleasedAsItsReasonSaysIsClaimedAndDeclaredAgainWithItsNewResult() throws Exception {
        IdempotentRepository store = DeclaredChats.open(URL, "", "");
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
            assertThat(results.resultOf(DIGEST)).isEqualTo("{\"interactionIdentifier\":\"second\"}");
        } finally {
            store.stop();
        }
    }
}
