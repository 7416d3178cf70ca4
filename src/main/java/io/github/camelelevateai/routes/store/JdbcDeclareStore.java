package io.github.camelelevateai.routes.store;

import java.time.Duration;
import java.time.OffsetDateTime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The de-duplication store in a database, for several instances sharing the work: a row per claimed chat in its own
 * table, {@value DeclareTable#NAME} (digest, state, result, claimed_at, updated_at). A claim is an INSERT that the
 * primary key refuses to all but one instance; every later transition is an UPDATE or DELETE of a row still
 * {@code IN_FLIGHT}, so that none can overwrite another's outcome. Each statement commits on its own before the method
 * returns.
 * <p>
 * A claim's age is the database's own reckoning: {@code claimed_at} is written as its {@code CURRENT_TIMESTAMP}, with
 * the zone, and compared with its {@code CURRENT_TIMESTAMP} read in the same query, so neither the instances' clocks
 * nor their time zones enter into it.
 */
public class JdbcDeclareStore extends ServiceSupport implements DeclareStore {

    private static final String SELECT = "SELECT state, result, claimed_at, CURRENT_TIMESTAMP FROM "
                                         + DeclareTable.NAME + " WHERE digest = ?";

    private final HikariConfig poolConfig;
    private final Duration unfinishedAfter;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;

    /** @param unfinishedAfter longer than any declare can take, its redeliveries included */
    JdbcDeclareStore(HikariConfig poolConfig, Duration unfinishedAfter) {
        this.poolConfig = poolConfig;
        this.unfinishedAfter = unfinishedAfter;
    }

    /** Refuses to start on a table without its key, or with the previous version's chats it cannot move. */
    @Override
    protected void doStart() {
        HikariDataSource started = new HikariDataSource(poolConfig);
        try {
            DeclareTable.prepare(started);
            PreviousVersionImport.run(started);
        } catch (RuntimeException refused) {
            started.close();
            throw refused;
        }
        pool = started;
        jdbc = new JdbcTemplate(started);
    }

    @Override
    protected void doStop() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public boolean claim(String digest) {
        try {
            jdbc.update("INSERT INTO " + DeclareTable.NAME + " (digest, state, claimed_at, updated_at)"
                        + " VALUES (?, 'IN_FLIGHT', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", digest);
            return true;
        } catch (DuplicateKeyException claimedBefore) {
            return false;
        }
    }

    @Override
    public void declared(String digest, String result) {
        int updated = jdbc.update("UPDATE " + DeclareTable.NAME + " SET state = 'DECLARED', result = ?,"
                                  + " updated_at = CURRENT_TIMESTAMP WHERE digest = ? AND state = 'IN_FLIGHT'",
                result, digest);
        if (updated == 0) {
            expectAlready(digest, "its result", DeclareRecord.declared(result));
        }
    }

    @Override
    public void outcomeUnknown(String digest) {
        int updated = jdbc.update("UPDATE " + DeclareTable.NAME + " SET state = 'UNKNOWN',"
                                  + " updated_at = CURRENT_TIMESTAMP WHERE digest = ? AND state = 'IN_FLIGHT'",
                digest);
        if (updated == 0) {
            expectAlready(digest, "its unknown outcome", DeclareRecord.UNKNOWN);
        }
    }

    @Override
    public void released(String digest) {
        int deleted = jdbc.update("DELETE FROM " + DeclareTable.NAME + " WHERE digest = ? AND state = 'IN_FLIGHT'",
                digest);
        if (deleted == 0) {
            expectAlready(digest, "its release", DeclareRecord.ABSENT);
        }
    }

    /**
     * The claim was not in flight. Already where the transition leads (the same call made again after an answer lost
     * on the way back): nothing to do. Anywhere else, the claim was ended by someone else (by hand, as a reason
     * says), and this outcome is not recorded: the one writer must hear of it rather than believe it kept.
     */
    private void expectAlready(String digest, String what, DeclareRecord expected) {
        DeclareRecord found = stored(digest);
        if (!found.equals(expected)) {
            throw new IllegalStateException("the chat's claim in " + DeclareTable.NAME + " (digest " + digest
                    + ") was no longer in flight but " + found.state() + ", so " + what + " was not recorded");
        }
    }

    /**
     * A claim without a result that is older than any declare can take, by the database's clock, was left by an
     * instance stopped mid-declare: {@link DeclareState#UNKNOWN}.
     */
    @Override
    public DeclareRecord read(String digest) {
        return jdbc.query(SELECT, rows -> {
            if (!rows.next()) {
                return DeclareRecord.ABSENT;
            }
            DeclareState state = DeclareState.valueOf(rows.getString(1));
            if (state == DeclareState.IN_FLIGHT) {
                OffsetDateTime claimedAt = rows.getObject(3, OffsetDateTime.class);
                OffsetDateTime now = rows.getObject(4, OffsetDateTime.class);
                return Duration.between(claimedAt, now).compareTo(unfinishedAfter) > 0 ? DeclareRecord.UNKNOWN
                        : DeclareRecord.IN_FLIGHT;
            }
            return new DeclareRecord(state, rows.getString(2));
        }, digest);
    }

    /** The row as stored, without judging a claim's age. */
    private DeclareRecord stored(String digest) {
        return jdbc.query(SELECT, rows -> rows.next()
                ? new DeclareRecord(DeclareState.valueOf(rows.getString(1)), rows.getString(2))
                : DeclareRecord.ABSENT, digest);
    }

    @Override
    public String howToRelease(String digest) {
        return "run DELETE FROM " + DeclareTable.NAME + " WHERE digest = '" + digest.replace("'", "''")
               + "' on the shared store's database";
    }

    @Override
    public String toString() {
        // the JDBC URL may carry credentials: name the pool only
        return "JdbcDeclareStore[" + poolConfig.getPoolName() + "]";
    }
}
