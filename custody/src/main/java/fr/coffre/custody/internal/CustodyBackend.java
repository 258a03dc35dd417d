package fr.coffre.custody.internal;

import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.util.List;

/**
 * Internal SPI under {@link TableCustodian}: where one custody keeps its master-key objects (one per version,
 * named {@code <keyId>#<version>}) and its {@link KeyTable}. The life-cycle rules live in {@link KeyTable} and
 * {@link TableCustodian}, once for every custody; a backend only stores and computes.
 *
 * <p>Implementations are thread-safe. Failures of the custody machinery (token session lost, connection reset)
 * are {@link TransientCustodyException}s, which the custodian retries after {@link #recover()}; a key object
 * that has vanished is a {@link MissingKeyException}.
 */
public interface CustodyBackend extends AutoCloseable {

    /** Reads the current table from custody and finishes any interrupted change (e.g. deletes leftovers). */
    KeyTable load();

    /**
     * A cheap value that changes whenever another writer changed the custody (a file stamp), or null (the default)
     * when the custody cannot tell cheaply: then the custodian reloads on a timer.
     */
    default Object changeStamp() {
        return null;
    }

    /** Cross-process exclusion around one read-modify-write; by default none (one administrator at a time). */
    default HeldLock lockForChange() {
        return () -> { };
    }

    /**
     * Persists {@code next}: first creates a new master key object for each of {@code create}, then the table,
     * then deletes the objects of {@code delete}, so that a crash never leaves the table naming a key that was
     * not made, and a destroyed version is refused before its object is gone.
     */
    void commit(KeyTable next, List<KeyRef> create, List<KeyRef> delete);

    /** Seals {@code dataKey} under the master key object of {@code ref} (format decided by the backend). */
    byte[] seal(KeyRef ref, SecretBytes dataKey, byte[] context);

    /** Opens what {@link #seal} made; {@link fr.coffre.KeyUnavailableException} if it does not authenticate. */
    SecretBytes open(KeyRef ref, byte[] wrapped, byte[] context);

    /** Re-establishes sessions or connections after a {@link TransientCustodyException}. */
    void recover();

    /** Releases sessions, connections and secrets held in memory. */
    @Override
    void close();

    /** Object name of one master key version in custody. */
    static String alias(KeyRef ref) {
        return ref.keyId() + "#" + ref.version();
    }
}
