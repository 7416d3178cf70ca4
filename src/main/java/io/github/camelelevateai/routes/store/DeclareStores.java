package io.github.camelelevateai.routes.store;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;

/**
 * Opens the routes' de-duplication store from one setting ({@code elevateai.declared.store}): a file path for a single
 * instance ({@link FileDeclareStore}), or a JDBC URL for several instances sharing the work ({@link JdbcDeclareStore},
 * in its table ELEVATEAI_DECLARES; the database's JDBC driver must be on the classpath). The JDBC store connects when
 * started, not here.
 */
public final class DeclareStores {

    private static final int POOL_SIZE = 8;

    private DeclareStores() {
    }

    /**
     * @param unfinishedAfterMillis JDBC only: how old a claim without a result must be before it counts as a declare
     *                              that was stopped mid-way rather than one still running on another instance
     * @param retention             file store only: how long a chat is remembered after its last line, such as
     *                              {@code 400d}; empty to remember every chat
     */
    public static DeclareStore open(String store, String user, String password, long unfinishedAfterMillis,
            String retention) {
        if (!store.startsWith("jdbc:")) {
            return new FileDeclareStore(store, FileDeclareStore.retention(retention));
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("elevateai-declared-chats");
        pool.setJdbcUrl(store);
        if (user != null && !user.isBlank()) {
            pool.setUsername(user);
            pool.setPassword(password);
        }
        pool.setMaximumPoolSize(POOL_SIZE);
        return new JdbcDeclareStore(pool, Duration.ofMillis(unfinishedAfterMillis));
    }
}
