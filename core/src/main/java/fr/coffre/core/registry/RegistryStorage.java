package fr.coffre.core.registry;

import fr.coffre.core.RegistryConflictException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a key registry keeps its entries (data keys, registry secrets, the shred list), each a {@link StoredEntry}.
 * Implementations are thread-safe and must hold, against every other thread and process using the same registry:
 * <ul>
 *   <li>{@link #lock()} is exclusive and reentrant for the holding thread; the registry holds it for life-cycle
 *       changes (creating a data key, a shred, a renewal, starting a rotation, retirement).</li>
 *   <li>{@link #create} creates only if absent (two creators: exactly one wins, the other gets {@code false}).</li>
 *   <li>{@link #replace} is a compare-and-swap on the generation, and never turns a tombstone back into a live
 *       entry (both: {@link RegistryConflictException}). It takes {@link #lock()} itself, so no replace lands
 *       between the read and the write of a lock holder (a renewal, a shred-list update).</li>
 *   <li>{@link #destroy} writes a tombstone that no later write can revert, and erases the live document as far
 *       as the medium allows.</li>
 * </ul>
 * Errors are {@link fr.coffre.CoffreException}s ({@link fr.coffre.KeyUnavailableException} when an entry cannot be
 * read); messages name kinds and ids, never documents, passwords or credentials.
 */
public interface RegistryStorage extends AutoCloseable {

    /** Where the entries are, for messages and status: a path, or a URL without credentials. */
    String location();

    /** The registry directory, for storages that are one (the audit trail defaults to {@code audit/} in it). */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    /**
     * Opens the registry: checks its marker (entry format, master-key id; a registry belongs to one master-key id)
     * and returns the registry's id. With {@code create}, a registry that does not exist is created first (structure:
     * directories, schema; and marker); without it, nothing is created or written and a missing registry is refused.
     * Called once, first.
     *
     * @param newRegistryId the id (random, not secret) a registry created now gets; also given, once, to a registry
     *        created before registry ids existed, whose marker has none
     * @return the registry's id, as stored in its marker
     * @throws fr.coffre.core.RegistryNotFoundException if there is no registry (no structure or no marker) and
     *         {@code create} is false
     * @throws fr.coffre.InvalidInputException if the marker names another format or master-key id
     */
    String open(String format, String masterKeyId, boolean create, String newRegistryId);

    /** Takes the registry's exclusive lock (blocking); closing the result releases it. Reentrant per thread. */
    Held lock();

    Optional<StoredEntry> read(String kind, String id);

    /**
     * Stores {@code entry} (generation 0) if no entry of that kind and id exists.
     *
     * @return false if one exists (it is left untouched)
     */
    boolean create(StoredEntry entry);

    /**
     * Stores every entry of {@code entries} (generation 0, distinct ids) that is absent, as one write where the
     * storage can (one transaction on a database); the others are left untouched. The default creates them one by
     * one.
     *
     * @return how many were created
     */
    default int createAll(List<StoredEntry> entries) {
        int created = 0;
        for (StoredEntry e : entries) {
            created += create(e) ? 1 : 0;
        }
        return created;
    }

    /**
     * Replaces the entry whose generation is {@code expectedGeneration} (0: absent or new) by {@code next}, whose
     * generation is {@code expectedGeneration + 1}.
     *
     * @throws RegistryConflictException if the stored generation is another, or the stored entry is a tombstone and
     *         {@code next} is not
     */
    void replace(StoredEntry next, long expectedGeneration);

    /**
     * Stores {@code tombstone} (destroyed) in place of the entry, whatever its generation, or adds it if absent;
     * a tombstone already there stays. Called under {@link #lock()}.
     */
    void destroy(StoredEntry tombstone);

    /** The ids of every entry of {@code kind}, tombstones included, sorted. */
    List<String> ids(String kind);

    /**
     * A value that changes whenever the entry may have changed, for callers that poll one entry (the shred list);
     * {@code null} when the storage cannot tell cheaply (the entry is then read every time).
     */
    default Object changeStamp(String kind, String id) {
        return null;
    }

    /** Releases connections and locks; the registry calls it when it closes. */
    @Override
    void close();

    /** Held while open: the registry's exclusive lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
