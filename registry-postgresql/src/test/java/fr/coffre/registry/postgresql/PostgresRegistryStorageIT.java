package fr.coffre.registry.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.RegistryStorageContract;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.StoredEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL passes the storage conformance suite on the real server; a restore is an old row written back with the
 * library's trigger switched off (what the table's owner can do). Then what only the database has: the trigger
 * against any statement reviving or deleting a tombstone, and the schema's migrations.
 */
class PostgresRegistryStorageIT extends RegistryStorageContract {
    @RegisterExtension
    final PgSchema pg = new PgSchema();
    String schema;
    @TempDir
    Path auditDir;

    @BeforeEach
    void schemaName() {
        schema = pg.name();
    }

    @Override
    protected RegistryStorage newStorage() {
        return PgTestServer.builder(schema).build();
    }

    @Override
    protected void assertNothingStored() throws Exception {
        try (Connection c = PgTestServer.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE "
                     + "schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "schema " + schema + " must not have been created");
            }
        }
    }

    @Override
    protected void restoreBehindTheRegistry(StoredEntry old) throws Exception {
        try (Connection c = PgTestServer.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".entries SET generation = ?, "
                         + "destroyed = ?, document = ? WHERE kind = ? AND id = ?")) {
                st.execute("ALTER TABLE " + schema + ".entries DISABLE TRIGGER entries_guard");
                ps.setLong(1, old.generation());
                ps.setBoolean(2, old.destroyed());
                ps.setBytes(3, old.document());
                ps.setString(4, old.kind());
                ps.setString(5, old.id());
                assertEquals(1, ps.executeUpdate());
                st.execute("ALTER TABLE " + schema + ".entries ENABLE TRIGGER entries_guard");
            }
            c.commit();
        }
    }

    @Override
    protected KeyRegistry.Builder registryOn(RegistryStorage storage) {
        return KeyRegistry.builder().createIfMissing(true).storage(storage).auditDirectory(auditDir);
    }

    private int execute(String sql) throws SQLException {
        try (Connection c = PgTestServer.connect(); Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    @Nested
    class Trigger {
        @Test
        void noStatementRevivesDeletesOrTruncatesATombstone() throws SQLException {
            RegistryStorage s = opened();
            s.destroy(entry("dk-1", 1, true, "shredded"));
            String table = schema + ".entries";
            for (String sql : new String[] {
                    "UPDATE " + table + " SET destroyed = false, generation = 9 WHERE id = 'dk-1'",
                    "UPDATE " + table + " SET document = 'x'::bytea, generation = 9 WHERE id = 'dk-1'",
                    "DELETE FROM " + table + " WHERE id = 'dk-1'",
                    "TRUNCATE " + table}) {
                SQLException e = assertThrows(SQLException.class, () -> execute(sql), sql);
                assertEquals("55000", e.getSQLState(), sql);
            }
            assertTrue(s.read("data-key", "dk-1").orElseThrow().destroyed());
        }

        @Test
        void anUpdateThatDoesNotRaiseTheGenerationIsRefused() throws SQLException {
            RegistryStorage s = opened();
            s.create(entry("dk-1", 0, false, "v0"));
            SQLException e = assertThrows(SQLException.class, () -> execute("UPDATE " + schema
                    + ".entries SET document = 'x'::bytea WHERE id = 'dk-1'"));
            assertEquals("55000", e.getSQLState());
            assertEquals(entry("dk-1", 0, false, "v0"), s.read("data-key", "dk-1").orElseThrow());
        }
    }

    @Nested
    class Migrations {
        @Test
        void theSchemaIsCreatedOnceAndItsVersionRecorded() throws SQLException {
            opened();
            opened();
            try (Connection c = PgTestServer.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT array_agg(version ORDER BY version)::text FROM " + schema
                         + ".schema_version")) {
                rs.next();
                assertEquals("{1,2}", rs.getString(1));
            }
        }

        @Test
        void aSchemaNewerThanTheLibraryIsRefused() throws SQLException {
            opened();
            execute("INSERT INTO " + schema + ".schema_version (version) VALUES (99)");
            RegistryStorage later = newStorage();
            try {
                CoffreException e = assertThrows(CoffreException.class, () -> later.open("coffre-key-registry/1", MASTER, false,
                        REGISTRY_ID));
                assertTrue(e.getMessage().contains("version 99"), e.getMessage());
            } finally {
                later.close();
            }
        }
    }

    @Nested
    class Secrets {
        @Test
        void theStorageAndItsMessagesNeverShowThePassword() {
            RegistryStorage s = opened();
            for (String shown : new String[] {s.toString(), s.location(), PgTestServer.builder(schema).toString()}) {
                assertFalse(shown.contains(PgTestServer.PASSWORD), shown);
            }
        }

        @Test
        void aWrongPasswordFailsTypedWithoutShowingIt() {
            CoffreException e = assertThrows(CoffreException.class, () -> PostgresRegistry.builder()
                    .jdbcUrl(PgTestServer.URL).user("coffre").password("wrong-password-123".toCharArray())
                    .schema(schema).connectTimeout(java.time.Duration.ofSeconds(2)).build().open("f", "m", true,
                    REGISTRY_ID));
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("wrong-password-123"), t.toString());
            }
            assertTrue(e.getMessage().contains("127.0.0.1:" + PgTestServer.PORT + "/coffre"), e.getMessage());
        }
    }
}
