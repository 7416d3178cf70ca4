package io.github.camelelevateai.routes.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for a test class, on a free loopback port, whose binaries come in a Maven artifact. Each
 * test takes a database of its own from it, new and empty.
 */
public final class EmbeddedPostgreSql implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final AtomicInteger databases = new AtomicInteger();

    private EmbeddedPostgreSql(EmbeddedPostgres server) {
        this.server = server;
    }

    public static EmbeddedPostgreSql start() throws IOException {
        // zonky picks a free port; 300 connections leave room for many stores' pools at once
        return new EmbeddedPostgreSql(EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start());
    }

    /** @return the JDBC URL of a database created for the caller alone */
    public String freshDatabase() {
        String name = "declares_" + databases.incrementAndGet();
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + name, e);
        }
        return server.getJdbcUrl("postgres", name).replace("localhost", "127.0.0.1");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
