package fr.coffre.registry.postgresql;

import static org.junit.jupiter.api.Assertions.fail;

import fr.coffre.core.registry.RegistryStorage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The throwaway PostgreSQL cluster {@code scripts/servers/postgresql.sh} starts on 127.0.0.1 (port from
 * {@code COFFRE_PG_PORT}, default 55432; role and database {@code coffre}). Each test gets its own schema, dropped
 * afterwards. {@link #require()} fails (never skips) when the server is down, naming the command that starts it.
 */
public final class PgTestServer implements Function<String, RegistryStorage> {
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("COFFRE_PG_PORT", "55432"));
    public static final String URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/coffre";
    public static final String USER = "coffre";
    /** The test cluster's role password: a test constant set by scripts/servers/postgresql.sh, not a secret. */
    static final String PASSWORD = "coffre-test";

    public static void require() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 2_000);
        } catch (IOException e) {
            fail("PostgreSQL is not running on 127.0.0.1:" + PORT + "; start it with: scripts/servers/postgresql.sh start");
        }
    }

    static String newSchema() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return "it_" + HexFormat.of().formatHex(b);
    }

    static PostgresRegistry.Builder builder(String schema) {
        return PostgresRegistry.builder().jdbcUrl(URL).user(USER).password(PASSWORD.toCharArray()).schema(schema)
                .maxPoolSize(4);
    }

    /** For worker processes: the storage of {@code schema}. */
    @Override
    public RegistryStorage apply(String schema) {
        return builder(schema).build();
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    static void drop(String schema) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
