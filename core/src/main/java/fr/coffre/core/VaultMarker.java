package fr.coffre.core;

import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The store's vault marker: one small object, {@value #NAME}, whose content is {@code coffre-vault/1 <fingerprint>}
 * with the fingerprint SHA-256({@code "coffre-vault-fingerprint/1" || 0x00 || registry id}) in hex. It tells which
 * key registry the store's objects belong to, and nothing else: the registry id is random and not secret, and no
 * vault id, name or patient data goes into it. Its name is never a Coffre store name (those are base32 segments,
 * without {@code '-'}), so listings, migrations and verifications recognise and set it apart.
 *
 * <p>A marker written to a store holding no object yet has a second line, {@code names padded}: every name in the
 * store is then padded (FORMAT.md §13), so readers never look for legacy names ({@link #paddedNamesOnly}).
 *
 * <p>Checked once per Coffre, before its first access: a marker of another registry is a
 * {@link RegistryMismatchException} before any read, write or key creation. A store without one (new, or written
 * before markers existed) gets it just before its first write. Two first writers of different registries racing on
 * an empty store are told apart by reading the marker back after writing it (the later one is refused).
 */
final class VaultMarker {
    static final String NAME = Coffre.VAULT_MARKER;
    private static final String FORMAT = "coffre-vault/1 ";
    private static final int MAX_BYTES = 256;
    private static final byte[] PADDED = "names padded\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectStore store;
    private final byte[] expected;
    private volatile boolean verified;   // present and ours
    private volatile boolean looked;     // read once (absent or ours)
    private volatile boolean padded;     // ours, and records a store written padded from its first object

    VaultMarker(ObjectStore store, String registryId) {
        this.store = store;
        this.expected = content(registryId);
    }

    /** The marker's content for {@code registryId}. */
    static byte[] content(String registryId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("coffre-vault-fingerprint/1".getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(registryId.getBytes(StandardCharsets.US_ASCII));
            return (FORMAT + HexFormat.of().formatHex(sha.digest()) + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Before a read: refuses a store of another registry (a store without marker is read as it is). */
    void checkForRead() {
        if (!looked) {
            synchronized (this) {
                if (!looked) {
                    verified = compare(read());
                    looked = true;
                }
            }
        }
    }

    /**
     * Before a write: refuses a store of another registry, and writes this registry's marker if the store has none.
     *
     * @return true if the marker was written now
     */
    boolean checkForWrite() {
        if (verified) {
            return false;
        }
        synchronized (this) {
            if (verified) {
                return false;
            }
            boolean present = compare(read());
            looked = true;
            if (present) {
                verified = true;
                return false;
            }
            byte[] content = expected;
            if (store.list("", null, 1).objects().isEmpty()) {   // nothing written before: no legacy name
                content = Arrays.copyOf(expected, expected.length + PADDED.length);
                System.arraycopy(PADDED, 0, content, expected.length, PADDED.length);
            }
            store.put(NAME, new ByteArrayInputStream(content), content.length);
            if (!compare(read())) {
                throw mismatch("its marker changed while this Coffre wrote it (another registry's first write raced)");
            }
            verified = true;
            return true;
        }
    }

    /**
     * Whether the store's marker, once checked, records that every name in the store is padded (no legacy lookup is
     * needed); false before the check, for a store without marker and for markers written to a non-empty store.
     */
    boolean paddedNamesOnly() {
        return padded;
    }

    /** True if {@code found} is this registry's marker, false if absent; else a {@link RegistryMismatchException}. */
    private boolean compare(byte[] found) {
        if (found == null) {
            return false;
        }
        boolean withPadded = found.length == expected.length + PADDED.length
                && Arrays.equals(found, expected.length, found.length, PADDED, 0, PADDED.length);
        int line = withPadded ? expected.length : found.length;
        if (MessageDigest.isEqual(Arrays.copyOf(found, line), expected)) {
            padded = withPadded;
            return true;
        }
        boolean marker = line == expected.length
                && Arrays.equals(found, 0, FORMAT.length(), expected, 0, FORMAT.length());
        throw mismatch(marker ? "its marker names another key registry"
                : "object " + NAME + " is not a Coffre vault marker");
    }

    private RegistryMismatchException mismatch(String why) {
        return new RegistryMismatchException("store " + store.descriptor() + " belongs to another key registry ("
                + why + "); nothing was read or written. Check --registry (or the registry directory / storage given"
                + " to KeyRegistry) and the store: a registry and the stores of its vault go together");
    }

    /** The marker's bytes, or {@code null} if the store (or its container) has none. */
    private byte[] read() {
        try (InputStream in = store.get(NAME)) {
            return in.readNBytes(MAX_BYTES + 1);
        } catch (ObjectNotFoundException | ContainerNotFoundException absent) {
            return null;
        } catch (IOException e) {
            throw new StoreUnavailableException("store " + store.descriptor() + ": cannot read " + NAME + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
