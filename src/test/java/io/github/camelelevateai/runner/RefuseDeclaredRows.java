package io.github.camelelevateai.runner;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * An H2 trigger that refuses to record a chat as declared, as a full disk or a database going down would, while
 * every other change goes through.
 */
public class RefuseDeclaredRows implements Trigger {

    private int stateColumn = -1;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        try (var columns = connection.getMetaData().getColumns(null, schema, table, "STATE")) {
            stateColumn = columns.next() ? columns.getInt("ORDINAL_POSITION") - 1 : -1;
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow != null && stateColumn >= 0 && "DECLARED".equals(String.valueOf(newRow[stateColumn]))) {
            throw new SQLException("No space left on device (refused by the test's trigger)");
        }
    }
}
