package io.github.camelelevateai.routes.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The shared store on H2 in memory. Its time zones are the sessions' own, set in the URL, as two instances' would be:
 * H2 takes a session's zone from the JVM it runs in.
 */
class JdbcDeclareStoreTest extends JdbcDeclareStoreContract {

    @Override
    String freshDatabase() {
        return "jdbc:h2:mem:declares-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    ZonedStore startedInTimeZone(String url, String timeZone) {
        String zoned = url + ";TIME ZONE=" + timeZone;
        DeclareStore store = started(zoned);
        try (Connection db = DriverManager.getConnection(zoned);
             Statement sql = db.createStatement();
             ResultSet now = sql.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            now.next();
            return new ZonedStore(store, now.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
