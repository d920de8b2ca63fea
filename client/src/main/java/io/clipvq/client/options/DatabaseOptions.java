package io.clipvq.client.options;

import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where PostgreSQL is; the same environment variables as the worker. */
public class DatabaseOptions {

    @Option(names = "--jdbc-url", defaultValue = "${env:QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://localhost:5432/clipvq}",
            description = "JDBC URL (default: $QUARKUS_DATASOURCE_JDBC_URL or ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:QUARKUS_DATASOURCE_USERNAME:-clipvq}",
            description = "database user (default: $QUARKUS_DATASOURCE_USERNAME or ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:QUARKUS_DATASOURCE_PASSWORD:-clipvq}",
            description = "database password (default: $QUARKUS_DATASOURCE_PASSWORD)")
    String password;

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
