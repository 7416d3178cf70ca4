package io.github.camelelevateai.routes.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shared store's one table: a row per claimed chat, keyed by its digest. The primary key is the whole guarantee
 * that two instances claiming a chat at once cannot both win, so a table without it (made by hand) is refused at start
 * rather than trusted. Times are the database's, with their zone, so that instances in different zones read them alike.
 */
final class DeclareTable {

    static final String NAME = "ELEVATEAI_DECLARES";

    static final String COLUMNS = "digest VARCHAR(100) NOT NULL PRIMARY KEY,"
                                  + " state VARCHAR(16) NOT NULL CHECK (state IN ('IN_FLIGHT', 'DECLARED', 'UNKNOWN')),"
                                  + " result VARCHAR(4000), claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                                  + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL";

    /** What an operator runs on a database without {@code IF NOT EXISTS}. */
    static final String CREATE = "CREATE TABLE " + NAME + " (" + COLUMNS + ")";

    static final String ADD_KEY = "ALTER TABLE " + NAME + " ADD PRIMARY KEY (digest)";

    private static final String PROBE = "SELECT digest, state, result, claimed_at, updated_at FROM " + NAME
                                        + " WHERE 1 = 0";

    private static final java.time.Duration KEY_SETTLE = java.time.Duration.ofSeconds(2);

    private DeclareTable() {
    }

    /**
     * Creates the table unless it is there, and checks its key. Instances starting together race to create it, and
     * even {@code CREATE TABLE IF NOT EXISTS} can fail for the loser (PostgreSQL checks its catalog only once the
     * winner commits), so a failed create is followed by a second look: the table made by another instance will do.
     *
     * @throws IllegalStateException when the table cannot be made usable, or lacks its key: the message says the fix
     */
    static void prepare(DataSource db) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        boolean absentAtFirst = !usable(jdbc);
        if (absentAtFirst) {
            DataAccessException createFailure = null;
            try {
                jdbc.execute("CREATE TABLE IF NOT EXISTS " + NAME + " (" + COLUMNS + ")");
            } catch (DataAccessException createdMeanwhileOrUnsupported) {
                createFailure = createdMeanwhileOrUnsupported;
            }
            if (!usable(jdbc)) {
                IllegalStateException refused = new IllegalStateException("The de-duplication table " + NAME
                        + " is missing or lacks columns, and could not be created. Create it with: " + CREATE);
                if (createFailure != null) {
                    refused.addSuppressed(createFailure);
                }
                throw refused;
            }
        }
        if (absentAtFirst) {
            awaitKeyOfTableJustCreated(db);
        }
        requireUniqueDigest(db);
    }

    /**
     * A table another instance is creating at this moment can show in the metadata a moment before its key does (H2
     * adds the constraint after the table): give it a bounded moment before calling it keyless.
     */
    private static void awaitKeyOfTableJustCreated(DataSource db) {
        long deadline = System.nanoTime() + KEY_SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                requireUniqueDigest(db);
                return;
            } catch (IllegalStateException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean usable(JdbcTemplate jdbc) {
        try {
            jdbc.queryForList(PROBE);
            return true;
        } catch (DataAccessException missing) {
            return false;
        }
    }

    private static void requireUniqueDigest(DataSource db) {
        try (Connection connection = db.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String table = asStored(meta, NAME);
            List<String[]> places = places(meta, connection.getCatalog(), connection.getSchema(), table);
            if (places.isEmpty()) {
                // found through a search path outside the current schema: every table of that name must hold
                places = places(meta, connection.getCatalog(), null, table);
            }
            if (places.isEmpty()) {
                throw new IllegalStateException("The de-duplication table " + NAME + " answers queries but the"
                        + " database's metadata does not show it, so its primary key cannot be checked. Make it a"
                        + " plain table created with: " + CREATE);
            }
            for (String[] place : places) {
                if (!uniqueOnDigest(meta, place[0], place[1], table)) {
                    throw new IllegalStateException("The de-duplication table " + NAME + (place[1] == null ? ""
                            : " in schema " + place[1]) + " has no primary key on digest, so two instances could"
                            + " claim the same chat at once and declare it twice. Add the key, then start again: "
                            + ADD_KEY + " (should it fail on duplicates, list them first with SELECT digest FROM "
                            + NAME + " GROUP BY digest HAVING COUNT(*) > 1)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the primary key of the de-duplication table " + NAME,
                    e);
        }
    }

    /** Unquoted names are stored folded: upper case on most databases, lower case on PostgreSQL. */
    private static String asStored(DatabaseMetaData meta, String name) throws SQLException {
        if (meta.storesLowerCaseIdentifiers()) {
            return name.toLowerCase(Locale.ROOT);
        }
        return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** @return the catalog and schema of each table of that name */
    private static List<String[]> places(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        List<String[]> places = new ArrayList<>();
        try (ResultSet tables = meta.getTables(catalog, schema, table, null)) {
            while (tables.next()) {
                places.add(new String[] { tables.getString("TABLE_CAT"), tables.getString("TABLE_SCHEM") });
            }
        }
        return places;
    }

    /** A primary key or unique index on the digest alone, for every row: one on (digest, state) lets a digest repeat. */
    private static boolean uniqueOnDigest(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        Map<String, List<String>> keys = new HashMap<>();
        try (ResultSet primary = meta.getPrimaryKeys(catalog, schema, table)) {
            while (primary.next()) {
                keys.computeIfAbsent("primary key", name -> new ArrayList<>()).add(primary.getString("COLUMN_NAME"));
            }
        }
        try (ResultSet indexes = meta.getIndexInfo(catalog, schema, table, true, true)) {
            while (indexes.next()) {
                String index = indexes.getString("INDEX_NAME");
                // a partial index (PostgreSQL's CREATE UNIQUE INDEX ... WHERE) leaves the other rows free to repeat
                if (index != null && !indexes.getBoolean("NON_UNIQUE")
                    && indexes.getString("FILTER_CONDITION") == null
                    && indexes.getShort("TYPE") != DatabaseMetaData.tableIndexStatistic) {
                    keys.computeIfAbsent("index " + index, name -> new ArrayList<>())
                            .add(indexes.getString("COLUMN_NAME"));
                }
            }
        }
        return keys.values().stream()
                .anyMatch(columns -> columns.size() == 1 && "digest".equalsIgnoreCase(columns.get(0)));
    }
}
