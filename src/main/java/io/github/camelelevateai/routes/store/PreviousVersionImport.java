package io.github.camelelevateai.routes.store;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the chats the previous version of the JDBC store kept into {@value DeclareTable#NAME}, once, at start. That
 * version claimed a chat with a row of processor {@value #PROCESSOR} in Camel's {@code CAMEL_MESSAGEPROCESSED} and
 * kept its result, or the text {@value #UNKNOWN_MARK} for an unknown outcome, in {@value #RESULTS}. A claim with a
 * result becomes DECLARED; one marked unknown, UNKNOWN; one without either, UNKNOWN too, since every instance of the
 * previous version is stopped for the upgrade (the two versions do not see each other's claims), so that declare
 * cannot still be running and was cut short. A result whose claim was deleted is a chat released by hand: it is not
 * moved.
 * <p>
 * Moved, not copied: in one transaction the rows are inserted here and deleted there, so a later start finds nothing
 * to move and cannot bring back a chat released since. The emptied results table is left (dropping it in that
 * transaction would deadlock instances starting together): drop it once every instance runs this version. Other
 * processors' rows in Camel's table are left alone.
 */
final class PreviousVersionImport {

    static final String PROCESSOR = "elevateai-declare";
    static final String RESULTS = "ELEVATEAI_DECLARED_RESULTS";
    static final String CLAIMS = "CAMEL_MESSAGEPROCESSED";
    static final String UNKNOWN_MARK = "outcome unknown";

    private static final Logger LOG = LoggerFactory.getLogger(PreviousVersionImport.class);
    private static final int ATTEMPTS = 5;

    private static final String MOVE = "INSERT INTO " + DeclareTable.NAME
                                       + " (digest, state, result, claimed_at, updated_at)"
                                       + " SELECT DISTINCT c.messageId,"
                                       + " CASE WHEN r.result IS NULL OR r.result = '" + UNKNOWN_MARK + "'"
                                       + " THEN 'UNKNOWN' ELSE 'DECLARED' END,"
                                       + " CASE WHEN r.result = '" + UNKNOWN_MARK + "' THEN NULL ELSE r.result END,"
                                       + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                                       + " FROM " + CLAIMS + " c LEFT JOIN " + RESULTS + " r ON r.digest = c.messageId"
                                       + " WHERE c.processorName = '" + PROCESSOR + "' AND NOT EXISTS"
                                       + " (SELECT 1 FROM " + DeclareTable.NAME + " d WHERE d.digest = c.messageId)";

    private PreviousVersionImport() {
    }

    /**
     * Instances starting together may all find the previous rows: one moves them, the others' inserts wait for it and
     * then fail on its keys, and they try again, to find nothing left.
     */
    static void run(DataSource db) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(db));
        for (int attempt = 1;; attempt++) {
            if (!exists(jdbc, RESULTS)) {
                return;
            }
            // looked up outside the transaction: on PostgreSQL a failed statement spoils the whole transaction
            boolean claims = exists(jdbc, CLAIMS);
            try {
                Integer moved = transaction.execute(status -> move(jdbc, claims));
                if (moved != null && moved > 0) {
                    LOG.info("Moved {} chats from the previous version's tables {} and {} to {}; {} is empty now and"
                             + " can be dropped once every instance runs this version", moved, CLAIMS, RESULTS,
                            DeclareTable.NAME, RESULTS);
                }
                return;
            } catch (DataAccessException raced) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("Could not move the previous version's chats from " + CLAIMS
                            + " and " + RESULTS + " to " + DeclareTable.NAME, raced);
                }
                LOG.debug("Another instance is moving the previous version's chats; looking again", raced);
            }
        }
    }

    private static int move(JdbcTemplate jdbc, boolean claims) {
        int moved = 0;
        if (claims) {
            moved = jdbc.update(MOVE);
            jdbc.update("DELETE FROM " + CLAIMS + " WHERE processorName = ?", PROCESSOR);
        }
        jdbc.update("DELETE FROM " + RESULTS);
        return moved;
    }

    private static boolean exists(JdbcTemplate jdbc, String table) {
        try {
            jdbc.queryForList("SELECT 1 FROM " + table + " WHERE 1 = 0");
            return true;
        } catch (DataAccessException missing) {
            return false;
        }
    }
}
