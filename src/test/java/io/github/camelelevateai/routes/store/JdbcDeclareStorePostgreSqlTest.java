package io.github.camelelevateai.routes.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared store on a real PostgreSQL, one embedded server for the class. Instances in different time zones run in
 * JVMs of their own, since the PostgreSQL driver gives each session its JVM's zone.
 */
class JdbcDeclareStorePostgreSqlTest extends JdbcDeclareStoreContract {

    private static EmbeddedPostgreSql postgres;

    @BeforeAll
    static void startPostgreSql() throws Exception {
        postgres = EmbeddedPostgreSql.start();
    }

    @AfterAll
    static void stopPostgreSql() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    String freshDatabase() {
        return postgres.freshDatabase();
    }

    @Override
    ZonedStore startedInTimeZone(String url, String timeZone) {
        StoreInAnotherJvm store = register(new StoreInAnotherJvm(url, HOUR, timeZone));
        store.start();
        return new ZonedStore(store, store.sessionNow());
    }

    @Test
    void aUniqueIndexOnSomeRowsOnlyIsNoKey() throws Exception {
        String url = freshDatabase();
        execute(url, "CREATE TABLE " + TABLE + " (digest VARCHAR(100) NOT NULL, state VARCHAR(16) NOT NULL,"
                     + " result VARCHAR(4000), claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                     + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        execute(url, "CREATE UNIQUE INDEX declared_once ON " + TABLE + " (digest) WHERE state = 'DECLARED'");

        assertThatThrownBy(open(url)::start).hasStackTraceContaining("has no primary key on digest");
    }
}
