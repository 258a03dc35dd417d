package fr.coffre.registry.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.core.RegistryConflictException;
import fr.coffre.core.RegistryNotFoundException;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.ReentrantProcessLock;
import fr.coffre.core.registry.StoredEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registry entries as rows of {@code <schema>.entries} (kind, id, generation, destroyed, document). Every replace is
 * {@code UPDATE ... WHERE generation = ? AND NOT destroyed}; a trigger refuses any UPDATE of a tombstone, any
 * DELETE and TRUNCATE, and any UPDATE that does not raise the generation. {@link #lock()} is a session advisory
 * lock held on one pooled connection, so processes on every host take turns for life-cycle changes.
 */
final class PostgresRegistryStorage implements RegistryStorage {
    private final HikariDataSource pool;
    private final String schema;
    private final String location;
    private final long lockKey;
    private final ReentrantProcessLock lock = new ReentrantProcessLock(this::acquireAdvisoryLock);

    PostgresRegistryStorage(HikariDataSource pool, String schema, String location) {
        this.pool = pool;
        this.schema = schema;
        this.location = location;
        this.lockKey = ("coffre-registry:" + schema).hashCode();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String open(String format, String masterKeyId, boolean create, String newRegistryId) {
        try (Connection c = pool.getConnection()) {
            if (!create && !registryExists(c)) {
                throw new RegistryNotFoundException("key registry: no registry in " + location + " (no " + schema
                        + ".registry row); nothing was created. Check the schema, or create the registry explicitly:"
                        + " KeyRegistry.Builder.createIfMissing(true)");
            }
            Schema.migrate(c, schema);
            if (create) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".registry (format, "
                        + "master_key_id, registry_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, format);
                    ps.setString(2, masterKeyId);
                    ps.setString(3, newRegistryId);
                    ps.executeUpdate();
                }
            }
            // a registry created before registry ids gets one, once
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".registry SET registry_id = ? "
                    + "WHERE registry_id IS NULL")) {
                ps.setString(1, newRegistryId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT format, master_key_id, registry_id FROM " + schema
                    + ".registry"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RegistryNotFoundException("key registry: no registry in " + location + " (no " + schema
                            + ".registry row)");
                }
                if (!format.equals(rs.getString(1))) {
                    throw new InvalidInputException("key registry: unsupported format in " + location + ", expected "
                            + format);
                }
                if (!masterKeyId.equals(rs.getString(2))) {
                    throw new InvalidInputException("key registry: " + location + " belongs to master key id '"
                            + rs.getString(2) + "', not '" + masterKeyId + "'");
                }
                return rs.getString(3);
            }
        } catch (SQLException e) {
            throw failure("cannot open", e);
        }
    }

    /** Whether the schema holds a registry: its {@code registry} table exists and has its row. Reads only. */
    private boolean registryExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, schema + ".registry");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + schema + ".registry");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Override
    public Held lock() {
        return lock.lock();
    }

    /** A session advisory lock on one pooled connection; released (or the connection evicted) by the result. */
    private Runnable acquireAdvisoryLock() {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw failure("cannot take the registry lock", e);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, lockKey);
            ps.execute();
        } catch (SQLException e) {
            pool.evictConnection(c);
            throw failure("cannot take the registry lock", e);
        }
        return () -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, lockKey);
                ps.execute();
                c.close();
            } catch (SQLException e) {
                pool.evictConnection(c); // closing the session releases its advisory locks
            }
        };
    }

    @Override
    public Optional<StoredEntry> read(String kind, String id) {
        try {
            return row("generation, destroyed, document", kind, id,
                    rs -> new StoredEntry(kind, id, rs.getLong(1), rs.getBoolean(2), rs.getBytes(3)));
        } catch (SQLException e) {
            throw new KeyUnavailableException("key registry: cannot read " + kind + "/" + id + " from " + location
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** {@code columns} of the entry's row, mapped; empty if there is no such row. */
    private <T> Optional<T> row(String columns, String kind, String id, Row<T> mapper) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + schema
                     + ".entries WHERE kind = ? AND id = ?")) {
            ps.setString(1, kind);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean create(StoredEntry entry) {
        try (Connection c = pool.getConnection()) {
            return insert(c, entry);
        } catch (SQLException e) {
            throw failure("cannot create " + entry.kind() + "/" + entry.id(), e);
        }
    }

    /** One transaction, one batch of {@code INSERT ... ON CONFLICT DO NOTHING}. */
    @Override
    public int createAll(List<StoredEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                for (StoredEntry e : entries) {
                    bind(ps, e);
                    ps.addBatch();
                }
                int created = 0;
                for (int n : ps.executeBatch()) {
                    created += n > 0 ? 1 : 0;
                }
                c.commit();
                return created;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("cannot create " + entries.size() + " entries", e);
        }
    }

    private String insertSql() {
        return "INSERT INTO " + schema + ".entries (kind, id, generation, destroyed, document) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING";
    }

    private boolean insert(Connection c, StoredEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql())) {
            bind(ps, entry);
            return ps.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement ps, StoredEntry entry) throws SQLException {
        ps.setString(1, entry.kind());
        ps.setString(2, entry.id());
        ps.setLong(3, entry.generation());
        ps.setBoolean(4, entry.destroyed());
        ps.setBytes(5, entry.document());
    }

    /**
     * Under the registry lock, like the directory's, so a lock holder's read-modify-write (a renewal, a shred-list
     * update) never meets a replace from outside the lock (a rotation's) between its read and its write.
     */
    @Override
    public void replace(StoredEntry next, long expectedGeneration) {
        try (Held held = lock()) {
            compareAndSwap(next, expectedGeneration);
        }
    }

    private void compareAndSwap(StoredEntry next, long expectedGeneration) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".entries SET generation = ?, "
                    + "destroyed = ?, document = ? WHERE kind = ? AND id = ? AND generation = ? AND NOT destroyed")) {
                ps.setLong(1, next.generation());
                ps.setBoolean(2, next.destroyed());
                ps.setBytes(3, next.document());
                ps.setString(4, next.kind());
                ps.setString(5, next.id());
                ps.setLong(6, expectedGeneration);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            if (expectedGeneration == 0 && insert(c, next)) {
                return;
            }
        } catch (SQLException e) {
            throw failure("cannot replace " + next.kind() + "/" + next.id(), e);
        }
        Optional<StoredEntry> now = read(next.kind(), next.id());
        if (now.isPresent() && now.get().destroyed()) {
            throw new RegistryConflictException("key registry: " + next.kind() + "/" + next.id()
                    + " is a tombstone; a live entry never replaces it");
        }
        throw new RegistryConflictException("key registry: " + next.kind() + "/" + next.id()
                + " changed since it was read (generation " + now.map(StoredEntry::generation).orElse(0L)
                + ", expected " + expectedGeneration + ")");
    }

    /** One statement: the document is replaced in the row (PostgreSQL's MVCC keeps no readable old version). */
    @Override
    public void destroy(StoredEntry tombstone) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".entries AS e (kind, id, generation, "
                     + "destroyed, document) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
                     + "generation = greatest(excluded.generation, e.generation + 1), destroyed = true, "
                     + "document = excluded.document WHERE NOT e.destroyed")) {
            if (!tombstone.destroyed()) {
                throw new InvalidInputException("key registry: destroy takes a tombstone, not a live entry");
            }
            bind(ps, tombstone);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot destroy " + tombstone.kind() + "/" + tombstone.id(), e);
        }
    }

    @Override
    public List<String> ids(String kind) {
        List<String> ids = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM " + schema + ".entries WHERE kind = ? ORDER BY id")) {
            ps.setString(1, kind);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("cannot list " + kind + " entries", e);
        }
        return ids;
    }

    /** Generation and digest of the document: any edit of the row changes it, without fetching the document. */
    @Override
    public Object changeStamp(String kind, String id) {
        try {
            return row("generation, md5(document)", kind, id, rs -> rs.getLong(1) + ":" + rs.getString(2))
                    .orElse("absent");
        } catch (SQLException e) {
            return null;
        }
    }

    private CoffreException failure(String what, SQLException e) {
        return new CoffreException("key registry: " + what + " in " + location + " (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresRegistryStorage[" + location + "]";
    }
}
