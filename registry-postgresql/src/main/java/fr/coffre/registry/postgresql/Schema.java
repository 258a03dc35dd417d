package fr.coffre.registry.postgresql;

import fr.coffre.CoffreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and migrates the registry's schema: table {@code schema_version} records every migration applied, each
 * in one transaction, serialised across processes by a transaction-scoped advisory lock. A schema newer than this
 * library is refused (never downgraded).
 */
final class Schema {
    /** Migration n (1-based) brings the schema from version n-1 to n. {@code %s} is the schema name. */
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE %1$s.registry (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                format text NOT NULL,
                master_key_id text NOT NULL);
            CREATE TABLE %1$s.entries (
                kind text NOT NULL CHECK (kind IN ('data-key', 'secret')),
                id text NOT NULL CHECK (id ~ '^[a-z0-9-]{1,100}$'),
                generation bigint NOT NULL CHECK (generation >= 0),
                destroyed boolean NOT NULL,
                document bytea NOT NULL,
                PRIMARY KEY (kind, id));
            CREATE FUNCTION %1$s.entries_guard() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    RAISE EXCEPTION 'coffre key registry: entries are never truncated' USING ERRCODE = '55000';
                ELSIF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'coffre key registry: entry %% / %% is never deleted', OLD.kind, OLD.id
                        USING ERRCODE = '55000';
                ELSIF OLD.destroyed THEN
                    RAISE EXCEPTION 'coffre key registry: entry %% / %% is a tombstone; no write changes it',
                        OLD.kind, OLD.id USING ERRCODE = '55000';
                ELSIF NEW.generation <= OLD.generation THEN
                    RAISE EXCEPTION 'coffre key registry: entry %% / %% generation must grow', OLD.kind, OLD.id
                        USING ERRCODE = '55000';
                END IF;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER entries_guard BEFORE UPDATE OR DELETE ON %1$s.entries
                FOR EACH ROW EXECUTE FUNCTION %1$s.entries_guard();
            CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON %1$s.entries
                FOR EACH STATEMENT EXECUTE FUNCTION %1$s.entries_guard();
            """, """
            ALTER TABLE %1$s.registry ADD COLUMN registry_id text CHECK (registry_id ~ '^[a-z0-9]{16,64}$');
            """);

    private Schema() {
    }

    static int latest() {
        return MIGRATIONS.size();
    }

    /** Brings {@code schema} to the latest version; returns the version found before. */
    static int migrate(Connection c, String schema) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('coffre-registry-migrate:" + schema + "'))");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version integer PRIMARY KEY, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
            int found;
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version")) {
                rs.next();
                found = rs.getInt(1);
            }
            if (found > latest()) {
                throw new CoffreException("key registry: schema " + schema + " is at version " + found
                        + ", newer than this library's " + latest() + "; upgrade Coffre");
            }
            for (int v = found + 1; v <= latest(); v++) {
                st.execute(String.format(MIGRATIONS.get(v - 1), schema));
                st.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (" + v + ")");
            }
            c.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
