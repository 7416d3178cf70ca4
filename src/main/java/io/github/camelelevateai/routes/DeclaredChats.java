package io.github.camelelevateai.routes;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Opens the routes' de-duplication store from one setting ({@code elevateai.declared.store}): a file path for a single
 * instance ({@link DeclaredChatsFile}), or a JDBC URL for several instances sharing the work ({@link SharedDeclaredChats};
 * the database's JDBC driver must be on the classpath).
 */
public final class DeclaredChats {

    private static final int POOL_SIZE = 8;

    private DeclaredChats() {
    }

    /**
     * @param unfinishedAfterMillis JDBC only: how old a claim without a result must be before it counts as a declare
     *                              that was stopped mid-way rather than one still running on another instance
     */
    public static IdempotentRepository open(String store, String user, String password, long unfinishedAfterMillis) {
        if (!store.startsWith("jdbc:")) {
            return new DeclaredChatsFile(store);
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("elevateai-declared-chats");
        pool.setJdbcUrl(store);
        if (user != null && !user.isBlank()) {
            pool.setUsername(user);
            pool.setPassword(password);
        }
        pool.setMaximumPoolSize(POOL_SIZE);
        return new SharedDeclaredChats(new HikariDataSource(pool), Duration.ofMillis(unfinishedAfterMillis));
    }
}
