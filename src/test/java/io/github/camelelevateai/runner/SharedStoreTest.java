package io.github.camelelevateai.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.camelelevateai.routes.store.EmbeddedPostgreSql;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the file route sharing one de-duplication store in a database (H2, and a real PostgreSQL for the
 * race between instances): the same chats dropped in both inboxes are declared once in all, and the store outlives
 * both.
 */
class SharedStoreTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    /** Started by the first test that asks for it. */
    private static EmbeddedPostgreSql postgres;

    @TempDir
    Path work;

    private String databaseUrl;
    private ElevateAiRunner first;
    private ElevateAiRunner second;

    @AfterAll
    static void stopPostgreSql() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @AfterEach
    void stopBoth() throws Exception {
        for (ElevateAiRunner runner : new ElevateAiRunner[] { first, second }) {
            if (runner != null) {
                runner.stop();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void twoInstancesDeclareEachChatOnceBetweenThem(String database) throws Exception {
        if (database.equals("postgresql")) {
            if (postgres == null) {
                postgres = EmbeddedPostgreSql.start();
            }
            databaseUrl = postgres.freshDatabase();
        }
        int chats = 100;
        for (String instance : List.of("a", "b")) {
            for (int i = 0; i < chats; i++) {
                drop(instance, "chat-" + i + ".json", FileRouteTest.chat("customer " + i));
            }
        }
        first = start("a");
        second = start("b");

        await().atMost(Duration.ofSeconds(60)).until(() -> done("a") == chats && done("b") == chats);
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(chats);
        assertThat(first.outcomes().declaredCount() + second.outcomes().declaredCount()).isEqualTo(chats);
        assertThat(first.outcomes().duplicateCount() + second.outcomes().duplicateCount()).isEqualTo(chats);
        // a copy taken while the other instance was declaring it waited for that declare and got its result
        assertThat(count(work.resolve("a/outbox"))).isEqualTo(chats);
        assertThat(count(work.resolve("b/outbox"))).isEqualTo(chats);
    }

    @Test
    void theSharedStoreOutlivesARestart() throws Exception {
        declareInInstanceAThenStopIt();

        drop("b", "chat.json", FileRouteTest.chat("Jordan"));
        second = start("b");
        await().atMost(Duration.ofSeconds(30)).until(() -> done("b") == 1);
        assertThat(second.outcomes().duplicateCount()).isEqualTo(1);
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void aDeclareAnInstanceLeftUnfinishedLongAgoIsSetAsideAndDeclaredAgainOnceReleasedAsItsReasonSays()
            throws Exception {
        declareInInstanceAThenStopIt();
        // as if instance a had been killed after its claim, before the answer was kept, over an hour ago
        try (Connection db = DriverManager.getConnection(databaseUrl());
             Statement sql = db.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE ELEVATEAI_DECLARES SET state = 'IN_FLIGHT', result = NULL,"
                                         + " claimed_at = claimed_at - INTERVAL '61' MINUTE")).isEqualTo(1);
        }

        drop("b", "chat.json", FileRouteTest.chat("Jordan"));
        second = start("b");
        Path errors = work.resolve("b/inbox/.error");
        // the reason file is written after it appears: wait for its words
        await().atMost(Duration.ofSeconds(30)).until(() -> RouteFiles.all(errors, "chat", ".*error\\.txt").size() == 1
                && Files.size(RouteFiles.reason(errors, "chat")) > 0);
        String text = Files.readString(RouteFiles.reason(errors, "chat"));
        assertThat(text).startsWith("An earlier declare of this chat ended without a known outcome");
        assertThat(ELEVATEAI.sandbox().requestCount()).isEqualTo(1);

        // the operator checked in ElevateAI, then follows the reason's instruction and puts the chat back
        Matcher release = Pattern.compile("run (DELETE FROM ELEVATEAI_DECLARES WHERE digest = '[0-9a-f]{64}')")
                .matcher(text);
        assertThat(release.find()).as(text).isTrue();
        try (Connection db = DriverManager.getConnection(databaseUrl());
             Statement sql = db.createStatement()) {
            assertThat(sql.executeUpdate(release.group(1))).isEqualTo(1);
        }
        drop("b", "chat.json", FileRouteTest.chat("Jordan"));
        await().atMost(Duration.ofSeconds(30)).until(() -> done("b") == 1);
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(2);
        assertThat(second.outcomes().declaredCount()).isEqualTo(1);
    }

    @Test
    void aDeclaredChatWhoseResultTheStoreRefusesIsSetAsideWithItsIdentifier() throws Exception {
        first = start("a");
        try (Connection db = DriverManager.getConnection(databaseUrl());
             Statement sql = db.createStatement()) {
            sql.execute("CREATE TRIGGER refuse_declared BEFORE UPDATE ON ELEVATEAI_DECLARES FOR EACH ROW CALL \""
                        + RefuseDeclaredRows.class.getName() + "\"");
        }
        try (RouteLog log = new RouteLog()) {
            drop("a", "chat.json", FileRouteTest.chat("Jordan"));
            Path errors = work.resolve("a/inbox/.error");
            // the reason file is written after it appears: wait for its words
        await().atMost(Duration.ofSeconds(30)).until(() -> RouteFiles.all(errors, "chat", ".*error\\.txt").size() == 1
                && Files.size(RouteFiles.reason(errors, "chat")) > 0);

            String identifier = ELEVATEAI.sandbox().requests().get(0).interactionIdentifier();
            assertThat(identifier).isNotNull();
            assertThat(Files.readString(RouteFiles.reason(errors, "chat"))).startsWith("Declared as " + identifier
                    + ", but the result could not be recorded").contains("No space left on device", "keep this identifier");
            assertThat(log.lines()).anyMatch(line -> line.startsWith("set aside chat.json: Declared as " + identifier));
        }
        // never sent again: the chat stays claimed, as an unknown outcome
        drop("a", "chat.json", FileRouteTest.chat("Jordan"));
        Path errors = work.resolve("a/inbox/.error");
        await().atMost(Duration.ofSeconds(30)).until(() -> RouteFiles.all(errors, "chat", ".*error\\.txt").size() == 2);
        assertThat(ELEVATEAI.sandbox().requestCount()).isEqualTo(1);
    }

    private void declareInInstanceAThenStopIt() throws Exception {
        drop("a", "chat.json", FileRouteTest.chat("Jordan"));
        first = start("a");
        await().atMost(Duration.ofSeconds(30)).until(() -> done("a") == 1);
        first.stop();
        first = null;
    }

    private String databaseUrl() {
        if (databaseUrl == null) {
            databaseUrl = "jdbc:h2:file:" + work.resolve("db/declared-chats");
        }
        return databaseUrl;
    }

    private ElevateAiRunner start(String instance) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(ELEVATEAI.sandbox(), work.resolve(instance));
        properties.putAll(Map.of(
                "elevateai.declared.store", databaseUrl(),
                "elevateai.file.min.age", "1",
                "elevateai.file.poll.delay", "50"));
        ElevateAiRunner runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/file-to-elevateai.yaml"), properties);
        return runner;
    }

    private void drop(String instance, String name, String content) throws IOException {
        Inbox.drop(work.resolve(instance).resolve("inbox"), name, content);
    }

    private long done(String instance) throws IOException {
        return count(work.resolve(instance).resolve("inbox/.done"));
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
