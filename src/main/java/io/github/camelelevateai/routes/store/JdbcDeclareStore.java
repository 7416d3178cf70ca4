package io.github.camelelevateai.routes.store;

import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The de-duplication store in a database, for several instances sharing the work: Camel's JDBC repository, over a
 * connection pool, with a primary key on the digest so that two instances claiming the same chat at once cannot both
 * win.
 */
public class JdbcDeclareStore extends JdbcMessageIdRepository implements DeclareStore {

    static final String PROCESSOR_NAME = "elevateai-declare";
    /** Camel's default table, with the primary key its default lacks. */
    static final String CREATE_TABLE = "CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255) NOT NULL,"
                                       + " messageId VARCHAR(100) NOT NULL, createdAt TIMESTAMP,"
                                       + " PRIMARY KEY (processorName, messageId))";

    static final String CREATE_RESULTS = "CREATE TABLE ELEVATEAI_DECLARED_RESULTS (digest VARCHAR(100) NOT NULL"
                                         + " PRIMARY KEY, result VARCHAR(4000) NOT NULL)";

    /** In place of a result: the declare ended and whether it happened is unknown. Not JSON, so never a result. */
    private static final String OUTCOME_UNKNOWN = "outcome unknown";

    private final HikariDataSource pool;
    private final Duration unfinishedAfter;

    /** @param unfinishedAfter longer than any declare can take, its redeliveries included */
    JdbcDeclareStore(HikariDataSource pool, Duration unfinishedAfter) {
        super(pool, PROCESSOR_NAME);
        this.pool = pool;
        this.unfinishedAfter = unfinishedAfter;
        setCreateString(CREATE_TABLE);
    }

    /**
     * Camel's repository looks the key up, then inserts it: another instance can insert it in between. The primary key
     * refuses the second insert, which means the chat is already claimed.
     */
    @Override
    public boolean claim(String digest) {
        return add(digest);
    }

    @Override
    public void released(String digest) {
        remove(digest);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DataIntegrityViolationException claimedMeanwhile) {
            return false;
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        try {
            probeResultsTable();
        } catch (DataAccessException missing) {
            try {
                getJdbcTemplate().execute(CREATE_RESULTS);
            } catch (DataAccessException createdMeanwhile) {
                // another instance, starting at the same moment, created it first
                probeResultsTable();
            }
        }
    }

    /** @throws DataAccessException when the results table is not there */
    private void probeResultsTable() {
        getJdbcTemplate().queryForObject("SELECT COUNT(*) FROM ELEVATEAI_DECLARED_RESULTS WHERE 1 = 0", Integer.class);
    }

    /**
     * A row left from before is replaced: someone released the chat by deleting its claim alone, as the reason of an
     * unknown outcome says, and it has been declared again.
     */
    @Override
    public void declared(String digest, String result) {
        try {
            getJdbcTemplate().update("INSERT INTO ELEVATEAI_DECLARED_RESULTS (digest, result) VALUES (?, ?)", digest,
                    result);
        } catch (DuplicateKeyException earlier) {
            getJdbcTemplate().update("UPDATE ELEVATEAI_DECLARED_RESULTS SET result = ? WHERE digest = ?", result, digest);
        }
    }

    /** A chat forgotten (nothing was declared) loses its result too, should it have one. */
    @Override
    public boolean remove(String key) {
        getJdbcTemplate().update("DELETE FROM ELEVATEAI_DECLARED_RESULTS WHERE digest = ?", key);
        return super.remove(key);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        pool.close();
    }

    @Override
    public String toString() {
        // the JDBC URL may carry credentials: name the pool only
        return "JdbcDeclareStore[" + pool.getPoolName() + "]";
    }

    /**
     * Unfinished: marked so by the instance that declared it, or stopped mid-declare. A claim with no result and no
     * mark may be another instance's declare in flight, so only its age tells; one older than any declare can take was
     * left by an instance that stopped. The claim's time is Camel's createdAt, written with the claiming instance's clock.
     */
    @Override
    public DeclareRecord read(String digest) {
        ClaimRow row = claimRow(digest);
        if (row == null) {
            return DeclareRecord.ABSENT;
        } else if (OUTCOME_UNKNOWN.equals(row.storedResult())) {
            return DeclareRecord.UNKNOWN;
        } else if (row.storedResult() != null) {
            return DeclareRecord.declared(row.storedResult());
        }
        return olderThanAnyDeclare(row.claimedAt()) ? DeclareRecord.UNKNOWN : DeclareRecord.IN_FLIGHT;
    }

    /** Kept in the results table, where a declare of the chat released and made again replaces it. */
    @Override
    public void outcomeUnknown(String digest) {
        declared(digest, OUTCOME_UNKNOWN);
    }

    /** The claim and whatever the results table holds for it, in one query; null when the chat is not claimed. */
    private ClaimRow claimRow(String digest) {
        return getJdbcTemplate().query("SELECT c.createdAt, r.result FROM CAMEL_MESSAGEPROCESSED c"
                                       + " LEFT JOIN ELEVATEAI_DECLARED_RESULTS r ON r.digest = c.messageId"
                                       + " WHERE c.processorName = ? AND c.messageId = ?",
                rows -> rows.next() ? new ClaimRow(rows.getTimestamp(1).toInstant(), rows.getString(2)) : null,
                PROCESSOR_NAME, digest);
    }

    private record ClaimRow(Instant claimedAt, String storedResult) {
    }

    private boolean olderThanAnyDeclare(Instant claimedAt) {
        return claimedAt.isBefore(Instant.now().minus(unfinishedAfter));
    }

    @Override
    public String howToRelease(String digest) {
        return "delete the row of messageId '" + digest + "' and processorName '" + PROCESSOR_NAME
               + "' from CAMEL_MESSAGEPROCESSED";
    }
}
