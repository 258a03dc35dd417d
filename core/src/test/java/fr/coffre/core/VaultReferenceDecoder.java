package fr.coffre.core;

import com.fasterxml.jackson.databind.JsonNode;
import fr.coffre.crypto.ReferenceDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A second, deliberately naive reader of a whole vault written from VAULT.md and FORMAT.md alone: given a filesystem
 * store directory, the registry directory, the master-key versions and the vault id, it lists every object and
 * recovers its logical name (FORMAT.md §13), data key (VAULT.md §4, FORMAT.md §3.2) and content (FORMAT.md §4–§9,
 * through crypto's {@link ReferenceDecoder}). JDK, BouncyCastle and Jackson only: none of Coffre's main classes.
 */
final class VaultReferenceDecoder {
    /** One recovered object. */
    record Recovered(String storeName, String name, String contentType, byte[] content) {
    }

    /** Why an object of this vault cannot be decrypted (VAULT.md §4 step 4, §7). */
    enum Reason { SHREDDED, DESTROYED, ABSENT }

    /** An object whose name decodes but whose data key is gone. */
    static final class Unrecoverable extends Exception {
        private static final long serialVersionUID = 1L;
        final Reason reason;

        Unrecoverable(Reason reason) {
            super("data key " + reason);
            this.reason = reason;
        }
    }

    private final Path store;
    private final VaultRegistryReader registry;
    private final byte[] vault;
    private final byte[] names;
    private final byte[] keyRefs;
    private final Set<String> shredded;

    /** VAULT.md §4 step 1 and §5: unwraps the names and key-reference secrets, verifies the shred list. */
    VaultReferenceDecoder(Path store, Path registryDir, VaultRegistryReader.MasterKeys masterKeys, String vaultId)
            throws IOException, GeneralSecurityException {
        this.store = store;
        this.registry = new VaultRegistryReader(registryDir, masterKeys);
        this.vault = vaultId.getBytes(StandardCharsets.UTF_8);
        this.names = registry.unwrap(registry.entry("secret", "names"), 1);
        this.keyRefs = registry.unwrap(registry.entry("secret", "key-ref"), 1);
        this.shredded = Set.copyOf(registry.shredded());
    }

    /** Every file of the store, as a store name ('/'-separated path below the store directory), sorted. */
    List<String> storeNames() throws IOException {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> store.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(n -> !n.equals("coffre-vault"))   // §4 step 2: the vault marker, not an object
                    .sorted().toList();
        }
    }

    /** FORMAT.md §13: the logical name (padded form, then legacy), or {@code null} if not this vault's. */
    String name(String storeName) {
        String padded = name(storeName, "coffre-name/2", true);
        return padded != null ? padded : name(storeName, "coffre-name/1", false);
    }

    private String name(String storeName, String domain, boolean padded) {
        StringBuilder parent = new StringBuilder();
        for (String e : storeName.split("/", -1)) {
            byte[] plain = ReferenceSiv.open(names, ReferenceSiv.fromBase32(e), domain.getBytes(StandardCharsets.UTF_8),
                    vault, parent.toString().getBytes(StandardCharsets.UTF_8));
            if (plain != null && padded) {
                plain = unpad(plain);
            }
            if (plain == null) {
                return null;
            }
            parent.append(parent.length() == 0 ? "" : "/").append(new String(plain, StandardCharsets.UTF_8));
        }
        return parent.toString();
    }

    /** {@code s || 80 || 00...} of exactly bucket(len(s)) bytes, else {@code null}. */
    private static byte[] unpad(byte[] p) {
        int end = p.length - 1;
        while (end >= 0 && p[end] == 0) {
            end--;
        }
        if (end < 1 || p[end] != (byte) 0x80) {
            return null;
        }
        int bucket = end + 1 <= 16 ? 16 : end + 1 <= 32 ? 32 : end + 1 <= 64 ? 64 : end + 1 <= 109 ? 109
                : (end + 1 + 255) / 256 * 256;
        return bucket == p.length ? Arrays.copyOf(p, end) : null;
    }

    /** VAULT.md §4 steps 3–5 for one object of this vault. */
    Recovered recover(String storeName) throws IOException, GeneralSecurityException, Unrecoverable,
            ReferenceDecoder.FormatError {
        String name = name(storeName);
        if (name == null) {
            throw new GeneralSecurityException("not a name of this vault");
        }
        byte[] obj = Files.readAllBytes(store.resolve(storeName));
        String[] ref = dataKeyRef(obj);
        int version = Integer.parseInt(ref[1]);
        if (shredded.contains(ref[0])) {
            throw new Unrecoverable(Reason.SHREDDED);
        }
        JsonNode entry = registry.entry("data-key", ref[0]);
        if (entry == null || entry.path("versions").isEmpty()) {
            throw new Unrecoverable(entry == null ? Reason.ABSENT : Reason.DESTROYED);
        }
        byte[] dek = registry.unwrap(entry, version);
        ReferenceDecoder.Result r = ReferenceDecoder.decode(obj, dek,
                (new String(vault, StandardCharsets.UTF_8) + "/" + name).getBytes(StandardCharsets.UTF_8));
        return new Recovered(storeName, name, r.contentType(), r.plaintext());
    }

    /** FORMAT.md §3.1 and §3.2: {data-key id, version} from the header, unblinded if scheme {@code coffre-dkb}. */
    String[] dataKeyRef(byte[] obj) throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(obj);
        int a = obj[55] & 0xff;
        int len = obj[56 + a] & 0xff;
        String scheme = new String(obj, 56, a, StandardCharsets.US_ASCII);
        String keyId = new String(obj, 57 + a, len, StandardCharsets.US_ASCII);
        if ("coffre-dk".equals(scheme)) {
            return new String[] {keyId, String.valueOf(b.getInt(57 + a + len))};
        }
        byte[] p = "coffre-dkb".equals(scheme) ? ReferenceSiv.open(keyRefs, ReferenceSiv.fromBase32(keyId),
                "coffre-keyref/1".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(obj, 12, 44),
                Arrays.copyOfRange(obj, 44, 51)) : null;
        int end = p == null ? -1 : p.length - 1;
        while (end >= 4 && p[end] == 0) {
            end--;
        }
        if (p == null || p.length != 64 || end < 5 || p[end] != (byte) 0x80) {
            throw new GeneralSecurityException("blinded key reference does not open");
        }
        return new String[] {new String(p, 4, end - 4, StandardCharsets.US_ASCII),
            String.valueOf(ByteBuffer.wrap(p).getInt())};
    }

    /** Every store name that is not this vault's (undecodable names), in {@link #storeNames()} order. */
    List<String> foreign() throws IOException {
        List<String> out = new ArrayList<>();
        for (String s : storeNames()) {
            if (name(s) == null) {
                out.add(s);
            }
        }
        return out;
    }
}
