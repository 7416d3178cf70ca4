package io.github.camelelevateai.routes.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the shared store must hold on any database it runs on: one claim per chat between instances racing for it,
 * states that outlive a restart, a table without its key refused, ages alike for instances in different time zones, a
 * schema created safely by instances starting together, a release as the reason says, the previous version's chats
 * moved. Each test takes a database of its own, new and empty.
 */
abstract class JdbcDeclareStoreContract {

    static final long HOUR = 3_600_000;
    static final String TABLE = "ELEVATEAI_DECLARES";

    /** Replays a race test's order of claims: {@code -Delevateai.test.seed=...}. */
    private static final long SEED = Long.getLong("elevateai.test.seed", System.nanoTime());

    private final List<DeclareStore> opened = new ArrayList<>();

    /** @return the JDBC URL of a new, empty database */
    abstract String freshDatabase();

    /** A store started as an instance in that time zone would be, and {@code CURRENT_TIMESTAMP} from its session. */
    abstract ZonedStore startedInTimeZone(String url, String timeZone);

    record ZonedStore(DeclareStore store, String sessionNow) {
    }

    @AfterEach
    void stopEveryStore() {
        Collections.reverse(opened);
        for (DeclareStore store : opened) {
            try {
                store.stop();
            } catch (RuntimeException alreadyBroken) {
                // a store that refused to start has nothing to stop
            }
        }
    }

    DeclareStore open(String url) {
        return register(DeclareStores.open(url, "", "", HOUR, ""));
    }

    DeclareStore started(String url) {
        DeclareStore store = open(url);
        store.start();
        return store;
    }

    <T extends DeclareStore> T register(T store) {
        opened.add(store);
        return store;
    }

    @Test
    void twoInstancesClaimingTheSameChatsAtOnceWinEachChatOnce() throws Exception {
        String url = freshDatabase();
        List<DeclareStore> instances = List.of(started(url), started(url));
        int chats = 300;
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            digests.add(digest(i));
        }
        boolean[][] won = new boolean[2][chats];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> claiming = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                int me = instance;
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < chats; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(SEED + instance));
                claiming.add(threads.submit(() -> {
                    go.await();
                    for (int i : order) {
                        won[me][i] = instances.get(me).claim(digests.get(i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> claims : claiming) {
                claims.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        for (int i = 0; i < chats; i++) {
            assertThat(won[0][i] ^ won[1][i]).as("chat %d won by exactly one instance (seed %d)", i, SEED).isTrue();
            assertThat(instances.get(won[0][i] ? 1 : 0).read(digests.get(i)).state())
                    .as("the loser sees the winner's claim (seed %d)", SEED).isEqualTo(DeclareState.IN_FLIGHT);
        }
    }

    @Test
    void everyStateOutlivesARestart() {
        String url = freshDatabase();
        DeclareStore store = started(url);
        store.claim(digest(1));
        store.declared(digest(1), "{\"interactionIdentifier\":\"kept\"}");
        store.claim(digest(2));
        store.outcomeUnknown(digest(2));
        store.claim(digest(3));
        store.released(digest(3));
        store.claim(digest(4));
        store.stop();

        DeclareStore again = started(url);
        assertThat(again.read(digest(1))).isEqualTo(DeclareRecord.declared("{\"interactionIdentifier\":\"kept\"}"));
        assertThat(again.read(digest(2))).isEqualTo(DeclareRecord.UNKNOWN);
        assertThat(again.read(digest(3))).isEqualTo(DeclareRecord.ABSENT);
        assertThat(again.read(digest(4))).as("claimed a moment ago: may be running elsewhere")
                .isEqualTo(DeclareRecord.IN_FLIGHT);
        assertThat(again.claim(digest(1))).isFalse();
        assertThat(again.claim(digest(3))).isTrue();

        again.stop();
        again.start();
        assertThat(again.read(digest(1)).result()).as("the same store started again")
                .isEqualTo("{\"interactionIdentifier\":\"kept\"}");
    }

    @Test
    void aTableWithoutItsKeyIsRefusedAtStartWithTheStatementThatAddsIt() throws Exception {
        String url = freshDatabase();
        execute(url, "CREATE TABLE " + TABLE + " (digest VARCHAR(100) NOT NULL, state VARCHAR(16) NOT NULL,"
                     + " result VARCHAR(4000), claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                     + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");

        DeclareStore refused = open(url);
        assertThatThrownBy(refused::start).hasStackTraceContaining("has no primary key on digest")
                .hasStackTraceContaining("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (digest)");

        execute(url, "ALTER TABLE " + TABLE + " ADD PRIMARY KEY (digest)");
        DeclareStore fixed = started(url);
        DeclareStore other = started(url);
        assertThat(fixed.claim(digest(1))).isTrue();
        assertThat(other.claim(digest(1))).isFalse();
    }

    @Test
    void aTableMadeByHandWithoutEveryColumnIsRefusedWithTheStatementThatCreatesIt() throws Exception {
        String url = freshDatabase();
        execute(url, "CREATE TABLE " + TABLE + " (digest VARCHAR(100) NOT NULL PRIMARY KEY, state VARCHAR(16))");

        assertThatThrownBy(open(url)::start).hasStackTraceContaining("is missing or lacks columns")
                .hasStackTraceContaining("Create it with: CREATE TABLE " + TABLE + " (digest VARCHAR(100)");
    }

    @Test
    void aKeyOnMoreThanTheDigestIsRefusedToo() throws Exception {
        String url = freshDatabase();
        execute(url, "CREATE TABLE " + TABLE + " (digest VARCHAR(100) NOT NULL, state VARCHAR(16) NOT NULL,"
                     + " result VARCHAR(4000), claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                     + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (digest, state))");

        assertThatThrownBy(open(url)::start).hasStackTraceContaining("has no primary key on digest");
    }

    @Test
    void instancesInDifferentTimeZonesAgreeOnAClaimsAge() throws Exception {
        String url = freshDatabase();
        ZonedStore newYork = startedInTimeZone(url, "America/New_York");
        ZonedStore utc = startedInTimeZone(url, "UTC");
        assertThat(offsetOf(newYork.sessionNow())).as("the sessions really differ: " + newYork.sessionNow() + ", "
                + utc.sessionNow()).isIn("-05", "-04").isNotEqualTo(offsetOf(utc.sessionNow()));
        assertThat(offsetOf(utc.sessionNow())).isIn("+00", "Z");

        assertThat(newYork.store().claim(digest(1))).isTrue();
        assertThat(utc.store().claim(digest(2))).isTrue();
        for (ZonedStore instance : List.of(newYork, utc)) {
            assertThat(instance.store().read(digest(1)).state()).as("fresh, claimed in New York, read by " + instance)
                    .isEqualTo(DeclareState.IN_FLIGHT);
            assertThat(instance.store().read(digest(2)).state()).as("fresh, claimed in UTC, read by " + instance)
                    .isEqualTo(DeclareState.IN_FLIGHT);
        }

        assertThat(execute(url, "UPDATE " + TABLE + " SET claimed_at = claimed_at - INTERVAL '61' MINUTE"))
                .isEqualTo(2);
        for (ZonedStore instance : List.of(newYork, utc)) {
            assertThat(instance.store().read(digest(1)).state()).as("old, claimed in New York, read by " + instance)
                    .isEqualTo(DeclareState.UNKNOWN);
            assertThat(instance.store().read(digest(2)).state()).as("old, claimed in UTC, read by " + instance)
                    .isEqualTo(DeclareState.UNKNOWN);
        }
    }

    @Test
    void storesStartingTogetherOnAFreshDatabaseAllStart() throws Exception {
        String url = freshDatabase();
        int instances = 16;
        List<Throwable> failures = startTogether(url, instances);
        assertThat(failures).as("stores that failed to start, of %d", instances).isEmpty();
        assertThat(opened.stream().filter(store -> store.claim(digest(1)))).as("winners of one chat").hasSize(1);
        assertThat(opened).allMatch(store -> store.read(digest(1)).state() == DeclareState.IN_FLIGHT);
    }

    @Test
    void aChatReleasedAsItsReasonSaysIsClaimedAndDeclaredAgain() throws Exception {
        String url = freshDatabase();
        DeclareStore store = started(url);
        DeclareStore otherInstance = started(url);
        assertThat(store.claim(digest(1))).isTrue();
        store.outcomeUnknown(digest(1));

        String instruction = store.howToRelease(digest(1));
        assertThat(instruction).isEqualTo("run DELETE FROM " + TABLE + " WHERE digest = '" + digest(1)
                + "' on the shared store's database");
        Matcher statement = Pattern.compile("run (DELETE .*'[0-9a-f]+') on").matcher(instruction);
        assertThat(statement.find()).isTrue();
        assertThat(execute(url, statement.group(1))).isEqualTo(1);

        assertThat(otherInstance.read(digest(1))).isEqualTo(DeclareRecord.ABSENT);
        assertThat(otherInstance.claim(digest(1))).isTrue();
        otherInstance.declared(digest(1), "{\"interactionIdentifier\":\"second\"}");
        assertThat(store.read(digest(1)).result()).isEqualTo("{\"interactionIdentifier\":\"second\"}");
    }

    @Test
    void onlyAClaimOlderThanAnyDeclareCanTakeWithoutOutcomeIsUnknownAndItsDeclareIsStillKept() throws Exception {
        String url = freshDatabase();
        DeclareStore store = started(url);
        store.claim(digest(1));
        store.claim(digest(2));
        store.declared(digest(2), "{\"interactionIdentifier\":\"done\"}");
        assertThat(store.read(digest(1)).state()).as("may be in flight on another instance")
                .isEqualTo(DeclareState.IN_FLIGHT);

        assertThat(execute(url, "UPDATE " + TABLE + " SET claimed_at = claimed_at - INTERVAL '61' MINUTE"))
                .isEqualTo(2);
        assertThat(store.read(digest(1)).state()).isEqualTo(DeclareState.UNKNOWN);
        assertThat(store.read(digest(2)).state()).as("its result was kept").isEqualTo(DeclareState.DECLARED);
        assertThat(store.read(digest(3)).state()).as("never claimed").isEqualTo(DeclareState.ABSENT);

        // the instance was slow, not stopped: its outcome still lands
        store.declared(digest(1), "{\"interactionIdentifier\":\"late\"}");
        assertThat(store.read(digest(1)).result()).isEqualTo("{\"interactionIdentifier\":\"late\"}");
    }

    @Test
    void aTransitionOfAClaimNoLongerInFlightIsRefusedUnlessItWasAlreadyMade() {
        String url = freshDatabase();
        DeclareStore store = started(url);
        store.claim(digest(1));
        store.declared(digest(1), "{\"interactionIdentifier\":\"kept\"}");
        store.declared(digest(1), "{\"interactionIdentifier\":\"kept\"}");
        assertThatThrownBy(() -> store.outcomeUnknown(digest(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DECLARED");
        assertThatThrownBy(() -> store.released(digest(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.declared(digest(1), "{\"interactionIdentifier\":\"other\"}"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.read(digest(1)).result()).isEqualTo("{\"interactionIdentifier\":\"kept\"}");

        store.claim(digest(2));
        store.outcomeUnknown(digest(2));
        store.outcomeUnknown(digest(2));
        assertThatThrownBy(() -> store.declared(digest(2), "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UNKNOWN");
        assertThatThrownBy(() -> store.released(digest(2))).isInstanceOf(IllegalStateException.class);
        assertThat(store.read(digest(2))).isEqualTo(DeclareRecord.UNKNOWN);

        // released by hand while in flight: the outcome has nowhere to go, and says so
        store.claim(digest(3));
        store.released(digest(3));
        store.released(digest(3));
        assertThatThrownBy(() -> store.declared(digest(3), "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ABSENT");
    }

    @Test
    void anUnknownOutcomeIsSeenAtOnceByEveryInstance() {
        String url = freshDatabase();
        DeclareStore store = started(url);
        DeclareStore otherInstance = started(url);
        assertThat(store.claim(digest(1))).isTrue();
        store.outcomeUnknown(digest(1));

        assertThat(otherInstance.read(digest(1))).isEqualTo(DeclareRecord.UNKNOWN);
        assertThat(otherInstance.claim(digest(1))).as("still claimed").isFalse();
    }

    /**
     * The previous version's tables as it left them (Camel's keyless default claims table, with another route's row
     * and a claim written twice), moved by instances starting together, once.
     */
    @Test
    void thePreviousVersionsChatsAreMovedOnceByInstancesStartingTogether() throws Exception {
        String url = freshDatabase();
        execute(url, "CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255), messageId VARCHAR(100),"
                     + " createdAt TIMESTAMP)");
        execute(url, "CREATE TABLE ELEVATEAI_DECLARED_RESULTS (digest VARCHAR(100) NOT NULL PRIMARY KEY,"
                     + " result VARCHAR(4000) NOT NULL)");
        for (int claimed : new int[] { 1, 1, 2, 3 }) {
            execute(url, "INSERT INTO CAMEL_MESSAGEPROCESSED VALUES ('elevateai-declare', '" + digest(claimed)
                         + "', CURRENT_TIMESTAMP)");
        }
        execute(url, "INSERT INTO CAMEL_MESSAGEPROCESSED VALUES ('another-route', 'its-own', CURRENT_TIMESTAMP)");
        execute(url, "INSERT INTO ELEVATEAI_DECLARED_RESULTS VALUES ('" + digest(1)
                     + "', '{\"interactionIdentifier\":\"kept\"}')");
        execute(url, "INSERT INTO ELEVATEAI_DECLARED_RESULTS VALUES ('" + digest(2) + "', 'outcome unknown')");
        // released by hand as the previous version said: its claim deleted, its result left behind
        execute(url, "INSERT INTO ELEVATEAI_DECLARED_RESULTS VALUES ('" + digest(4)
                     + "', '{\"interactionIdentifier\":\"released\"}')");

        assertThat(startTogether(url, 6)).isEmpty();
        DeclareStore store = opened.get(0);
        assertThat(store.read(digest(1))).isEqualTo(DeclareRecord.declared("{\"interactionIdentifier\":\"kept\"}"));
        assertThat(store.read(digest(2))).isEqualTo(DeclareRecord.UNKNOWN);
        assertThat(store.read(digest(3))).as("cut short: the previous version is stopped for the upgrade")
                .isEqualTo(DeclareRecord.UNKNOWN);
        assertThat(store.read(digest(4))).isEqualTo(DeclareRecord.ABSENT);
        assertThat(query(url, "SELECT processorName, messageId FROM CAMEL_MESSAGEPROCESSED"))
                .containsExactly("another-route its-own");
        assertThat(query(url, "SELECT * FROM ELEVATEAI_DECLARED_RESULTS")).isEmpty();

        // once: a chat released since is not brought back by the next start
        execute(url, "DELETE FROM " + TABLE + " WHERE digest = '" + digest(2) + "'");
        DeclareStore restarted = started(url);
        assertThat(restarted.read(digest(2))).isEqualTo(DeclareRecord.ABSENT);
        assertThat(query(url, "SELECT COUNT(*) FROM " + TABLE)).containsExactly("2");
    }

    /** Opens the stores first, then starts them all at once, released by one latch. */
    List<Throwable> startTogether(String url, int instances) throws Exception {
        List<DeclareStore> stores = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stores.add(open(url));
        }
        CountDownLatch ready = new CountDownLatch(instances);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (DeclareStore store : stores) {
                starts.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        store.start();
                    } catch (RuntimeException failed) {
                        failures.add(failed);
                    }
                    return null;
                }));
            }
            ready.await(60, TimeUnit.SECONDS);
            go.countDown();
            for (Future<?> start : starts) {
                start.get(180, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return new ArrayList<>(failures);
    }

    static String digest(int n) {
        return String.format("%064x", n);
    }

    static int execute(String url, String statement) throws SQLException {
        try (Connection db = DriverManager.getConnection(url);
             Statement sql = db.createStatement()) {
            return sql.executeUpdate(statement);
        }
    }

    /** @return each row, its columns joined by spaces */
    static List<String> query(String url, String statement) throws SQLException {
        try (Connection db = DriverManager.getConnection(url);
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery(statement)) {
            List<String> lines = new ArrayList<>();
            while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    line.append(column > 1 ? " " : "").append(rows.getString(column));
                }
                lines.add(line.toString());
            }
            return lines;
        }
    }

    /** The zone's offset at the end of a timestamp's text ({@code 2026-01-01 07:00:00.1-05}, {@code ...+00}). */
    private static String offsetOf(String timestamp) {
        Matcher offset = Pattern.compile("([+-]\\d\\d|Z)(:?\\d\\d)?$").matcher(timestamp.strip());
        return offset.find() ? offset.group(1) : timestamp;
    }
}
