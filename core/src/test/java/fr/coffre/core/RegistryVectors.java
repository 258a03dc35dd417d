package fr.coffre.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Generates {@code core/src/test/resources/vectors/registry-entries.json} (VAULT.md §1–§3, §5) with Coffre's own code
 * from fixed inputs: master keys imported into a BCFKS keystore as VAULT.md §2 lays it out, opened by
 * {@link KeystoreCustodian} with scripted IVs; entries wrapped by {@link EntryCrypto}, ids made by
 * {@link RegistrySecrets}, the shred list by {@link ShredList}, files written by {@link RegistryStore}. Only the
 * clock is fixed by hand ({@code createdAt}, {@code destroyedAt}). {@code aadHex} is written by the reference reader
 * (custody's AAD is not exported); Coffre's {@code wrappedHex} only opens under it, which the test checks. Run
 * {@link #main} with the output directory.
 */
final class RegistryVectors {
    private static final HexFormat HEX = HexFormat.of();
    private static final String MASTER = KeyRegistry.DEFAULT_MASTER_KEY_ID;
    private static final String CREATED = "2026-01-02T03:04:05Z";
    private static final char[] PASSWORD = TestCustody.PASSWORD.toCharArray();

    /** Hands out {@link #iv}, set before each wrap: the only randomness a keystore wrap draws. */
    private static final class ScriptedIv extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private byte[] iv;

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(iv, 0, bytes, 0, bytes.length);
        }
    }

    private final Path work;
    private final ScriptedIv random = new ScriptedIv();
    /** Temporary file names of the registry directories (not part of any vector). */
    private final SecureRandom files = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private final ArrayNode entries = json.createArrayNode();
    private int ivSeed = 0x10;

    private RegistryVectors(Path work) {
        this.work = work;
    }

    static byte[] masterKey(int version) {
        return CoreVectors.counting(32, 0xe0 + version);
    }

    /** A BCFKS keystore holding master versions 1..{@code active}, the last active, as VAULT.md §2 lays it out. */
    private KeyCustodian custodian(int active) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("BCFKS", new BouncyCastleProvider());
        ks.load(null, null);
        StringBuilder table = new StringBuilder("coffre-key-table 1\n");
        for (int v = 1; v <= active; v++) {
            ks.setEntry(MASTER + "#" + v, new KeyStore.SecretKeyEntry(new SecretKeySpec(masterKey(v), "AES")),
                    new KeyStore.PasswordProtection(PASSWORD));
            table.append(MASTER).append(' ').append(v).append(v == active ? " ACTIVE " : " SUPERSEDED ")
                    .append(1767225600000L + v).append('\n');
        }
        ks.setEntry("coffre.key-table", new KeyStore.SecretKeyEntry(new SecretKeySpec(
                table.toString().getBytes(StandardCharsets.UTF_8), "HmacSHA256")), new KeyStore.PasswordProtection(PASSWORD));
        Path file = work.resolve("keystore-" + active + ".bcfks");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return KeystoreCustodian.builder().createIfMissing(true).path(file).password(PASSWORD).random(random).build();
    }

    /** Entry version {@code version} of {@code key}, wrapped by Coffre under the custodian's active master version. */
    private RegistryEntry.Version wrap(EntryCrypto crypto, String kind, String id, int version, byte[] key,
            ArrayNode out) {
        random.iv = CoreVectors.counting(12, ivSeed++);
        RegistryEntry.Version v;
        try (SecretBytes secret = SecretBytes.copyOf(key)) {
            v = crypto.wrap(kind, id, version, secret);
        }
        byte[] context = RegistryEntry.wrapContext(kind, id, version);
        out.addObject().put("version", version).put("masterVersion", v.master().version()).put("keyHex", HEX.formatHex(key))
                .put("ivHex", HEX.formatHex(random.iv)).put("createdAt", CREATED).put("contextHex", HEX.formatHex(context))
                .put("aadHex", HEX.formatHex(VaultRegistryReader.aad(v.master().scheme(), v.master().keyId(),
                        v.master().version(), context)))
                .put("wrappedHex", HEX.formatHex(java.util.Base64.getDecoder().decode(v.wrapped())));
        return new RegistryEntry.Version(v.version(), v.master(), v.wrapped(), CREATED);
    }

    /** Writes {@code entry} with {@link RegistryStore} into a fresh directory; records its exact file text. */
    private RegistryEntry write(String name, RegistryEntry entry, ObjectNode vector) throws IOException {
        Path dir = work.resolve("registry-" + entries.size());
        try (RegistryStore store = RegistryStore.directory(dir, MASTER, true, files)) {
            store.create(entry);
            Path file = dir.resolve(entry.kind() + "s").resolve(entry.id() + ".json");
            vector.put("entryJson", Files.readString(file));
            entries.add(json.createObjectNode().put("name", name).put("file", dir.relativize(file).toString())
                    .put("kind", entry.kind()).put("id", entry.id()).setAll(vector));
            return store.read(entry.kind(), entry.id()).orElseThrow();
        }
    }

    private RegistryEntry entry(String name, EntryCrypto crypto, String kind, String id, byte[]... keys)
            throws IOException {
        ObjectNode vector = json.createObjectNode();
        ArrayNode versions = vector.putArray("versions");
        List<RegistryEntry.Version> wrapped = new java.util.ArrayList<>();
        for (int v = 1; v <= keys.length; v++) {
            wrapped.add(wrap(crypto, kind, id, v, keys[v - 1], versions));
        }
        return write(name, new RegistryEntry(RegistryEntry.FORMAT, kind, id, RegistryEntry.ACTIVE, wrapped, null), vector);
    }

    private ObjectNode build() throws IOException, GeneralSecurityException {
        try (KeyCustodian v1 = custodian(1); KeyCustodian v2 = custodian(2)) {
            EntryCrypto underV1 = new EntryCrypto(v1, MASTER, new MasterKeyClaims(v1, MASTER, "vectors"));
            EntryCrypto underV2 = new EntryCrypto(v2, MASTER, new MasterKeyClaims(v2, MASTER, "vectors"));
            RegistryStore secretsDir = RegistryStore.directory(work.resolve("secrets-registry"), MASTER, true, files);
            secretsDir.create(entry("names-secret", underV1, RegistryEntry.SECRET, RegistrySecrets.NAMES,
                    CoreVectors.counting(64, 0x20)));
            secretsDir.create(entry("key-ref-secret", underV1, RegistryEntry.SECRET, RegistrySecrets.KEY_REF,
                    CoreVectors.counting(64, 0x40)));
            secretsDir.create(entry("pseudonym-secret-two-versions-after-rotation", underV2, RegistryEntry.SECRET,
                    RegistrySecrets.PSEUDONYM, CoreVectors.counting(32, 0x60), CoreVectors.counting(32, 0x80)));
            try (RegistrySecrets secrets = new RegistrySecrets(secretsDir, underV2, files)) {
                dataKey("subject-data-key", underV1, secrets, 1, true, "patient-0001", 0xa0);
                dataKey("collection-data-key-pseudonym-v2", underV2, secrets, 2, false, "default", 0xc0);
                String shredded = secrets.dataKeyId(1, true, "patient-0002");
                shredList(underV2, secretsDir, shredded);
                tombstone(underV1, shredded);
            }
            secretsDir.close();
        }
        ObjectNode root = json.createObjectNode().put("format", RegistryEntry.FORMAT)
                .put("description", "VAULT.md §1-§3, §5: registry entry files and their wrapped keys (custody format "
                        + "01 || IV || AES-256-GCM(MK, IV, AAD, key)), made by Coffre from these master keys and IVs");
        root.put("masterScheme", KeystoreCustodian.SCHEME).put("masterKeyId", MASTER);
        ArrayNode masters = root.putArray("masterKeys");
        for (int v = 1; v <= 2; v++) {
            masters.addObject().put("version", v).put("keyHex", HEX.formatHex(masterKey(v)));
        }
        root.set("entries", entries);
        return root;
    }

    private void dataKey(String name, EntryCrypto crypto, RegistrySecrets secrets, int pseudonymVersion,
            boolean subject, String value, int seed) throws IOException {
        String id = secrets.dataKeyId(pseudonymVersion, subject, value);
        entry(name, crypto, RegistryEntry.DATA_KEY, id, CoreVectors.counting(32, seed));
        ((ObjectNode) entries.get(entries.size() - 1)).putObject("idFrom").put("pseudonymVersion", pseudonymVersion)
                .put("kind", subject ? "subject" : "collection").put("value", value);
    }

    /** The shred list as {@link ShredList} writes it, then rewritten with the fixed {@code createdAt}. */
    private void shredList(EntryCrypto crypto, RegistryStore scratch, String shredded) throws IOException {
        random.iv = CoreVectors.counting(12, ivSeed);
        try (var held = scratch.lock()) {
            new ShredList(scratch, crypto).add(List.of(shredded));
        }
        RegistryEntry made = scratch.read(RegistryEntry.SECRET, ShredList.ID).orElseThrow();
        ObjectNode vector = json.createObjectNode();
        byte[] digest;
        try (SecretBytes d = crypto.unwrap(made, made.versions().get(0))) {
            digest = d.copyBytes();
        }
        RegistryEntry.Version v = wrap(crypto, RegistryEntry.SECRET, ShredList.ID, 1, digest, vector.putArray("versions"));
        vector.putArray("shredded").add(shredded);
        write("shred-list", new RegistryEntry(made.format(), made.kind(), made.id(), made.state(), List.of(v), null,
                null, made.shredded()), vector);
    }

    /** The subject's data key, then its tombstone as a shred leaves it ({@link RegistryStore#destroy}). */
    private void tombstone(EntryCrypto crypto, String id) throws IOException {
        RegistryEntry live = entry("shredded-subject-before", crypto, RegistryEntry.DATA_KEY, id,
                CoreVectors.counting(32, 0xd0));
        entries.remove(entries.size() - 1);
        Path dir = work.resolve("registry-tombstone");
        try (RegistryStore store = RegistryStore.directory(dir, MASTER, true, files)) {
            store.create(live);
            store.destroy(live.tombstone("2026-02-03T04:05:06Z"));
            Path file = dir.resolve("data-keys").resolve(id + ".json");
            entries.addObject().put("name", "tombstone-of-shredded-subject").put("file", dir.relativize(file).toString())
                    .put("kind", RegistryEntry.DATA_KEY).put("id", id).put("entryJson", Files.readString(file));
        }
    }

    /** The vectors, made in a temporary directory that is removed afterwards. */
    static ObjectNode generate() throws IOException, GeneralSecurityException {
        Path work = Files.createTempDirectory("registry-vectors");
        try {
            return new RegistryVectors(work).build();
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        ObjectMapper json = new ObjectMapper();
        Files.writeString(Path.of(args[0]).resolve("registry-entries.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n");
    }
}
