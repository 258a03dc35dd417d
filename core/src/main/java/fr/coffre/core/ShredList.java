package fr.coffre.core;

import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ids of every shredded data key, kept as registry secret {@value #ID}: the list in clear, and its SHA-256
 * wrapped by the master key in custody (so nobody without custody access can edit it), re-wrapped by rotations
 * like every entry. Checked before every unwrap, so restoring an old live entry (file or row) of a
 * shredded subject does not revive it. The list only grows: a list missing an id this process saw (a rollback of
 * the list itself) or not matching its wrapped digest refuses every unwrap. Thread-safe.
 */
final class ShredList {
    static final String ID = "shreds";
    private static final byte[] LABEL = "coffre-shred-list/1\0".getBytes(StandardCharsets.UTF_8);
    private final RegistryStore dir;
    private final EntryCrypto crypto;
    private Set<String> verified = Set.of();
    private long generation = -1;
    private Object stamp;

    ShredList(RegistryStore dir, EntryCrypto crypto) {
        this.dir = dir;
        this.crypto = crypto;
    }

    synchronized boolean containsAny(Collection<String> ids) {
        refresh();
        return ids.stream().anyMatch(verified::contains);
    }

    /** Records {@code ids} as shredded; the caller holds the registry lock. */
    synchronized void add(Collection<String> ids) {
        refresh();
        TreeSet<String> next = new TreeSet<>(verified);
        if (!next.addAll(ids)) {
            return;
        }
        List<String> list = List.copyOf(next);
        RegistryEntry.Version wrapped;
        try (SecretBytes digest = digest(list)) {
            wrapped = crypto.wrap(RegistryEntry.SECRET, ID, 1, digest);
        }
        RegistryEntry entry = new RegistryEntry(RegistryEntry.FORMAT, RegistryEntry.SECRET, ID, RegistryEntry.ACTIVE,
                List.of(wrapped), null, generation < 0 ? null : generation, list);
        if (generation < 0) {
            if (!dir.create(entry)) {
                throw new RegistryConflictException("key registry: shred list created concurrently");
            }
        } else {
            dir.replace(entry);
        }
        verified = Set.copyOf(next);
        generation = generation < 0 ? 0 : generation + 1;
        stamp = null;
    }

    private void refresh() {
        Object now = stamp();
        if (now != null && now.equals(stamp)) {
            return;
        }
        RegistryEntry entry = dir.read(RegistryEntry.SECRET, ID).orElse(null);
        if (entry == null) {
            if (!verified.isEmpty()) {
                throw new KeyUnavailableException("key registry: the shred list " + file()
                        + " vanished (rolled back or tampered with); every data key is refused");
            }
            stamp = now;
            return;
        }
        if (entry.gen() != generation) {
            Set<String> found = verify(entry);
            if (!found.containsAll(verified)) {
                throw new KeyUnavailableException("key registry: the shred list " + file()
                        + " lost shreds seen before (rolled back); every data key is refused");
            }
            verified = found;
            generation = entry.gen();
        }
        stamp = now;
    }

    private Set<String> verify(RegistryEntry entry) {
        List<String> list = entry.shredded() == null ? List.of() : entry.shredded();
        if (entry.versions().size() != 1) {
            throw tampered();
        }
        try (SecretBytes expected = crypto.unwrap(entry, entry.versions().get(0)); SecretBytes actual = digest(list)) {
            boolean same = expected.apply(e -> actual.apply(a -> MessageDigest.isEqual(e, a)));
            if (!same) {
                throw tampered();
            }
        } catch (KeyUnavailableException e) {
            throw new KeyUnavailableException("key registry: the shred list " + file()
                    + " does not unwrap; every data key is refused", e);
        }
        return Set.copyOf(list);
    }

    private KeyUnavailableException tampered() {
        return new KeyUnavailableException("key registry: the shred list " + file()
                + " does not match its wrapped digest (tampered with); every data key is refused");
    }

    private static SecretBytes digest(List<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL);
            sha.update(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
            return SecretBytes.wrap(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private String file() {
        return RegistryEntry.SECRET + "/" + ID + " of " + dir.location();
    }

    /** Changes whenever the list may have (storage-defined), so an unchanged list is not read again. */
    private Object stamp() {
        return dir.changeStamp(RegistryEntry.SECRET, ID);
    }
}
