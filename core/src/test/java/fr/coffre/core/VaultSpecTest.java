package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.SecretBytes;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VAULT.md is enough: a vault built with the public API on the embedded default (filesystem store, local keystore)
 * is decoded whole by {@link VaultReferenceDecoder} from the store directory, the registry directory and the master
 * key read out of the keystore file with the JDK KeyStore API, as an institution without Coffre would.
 */
class VaultSpecTest {
    private static final String VAULT = "hospital-a";
    private static final char[] PASSWORD = TestCustody.PASSWORD.toCharArray();
    @TempDir
    Path work;
    private final Map<String, byte[]> written = new TreeMap<>();
    private final Map<String, String> types = new TreeMap<>();

    private Path keystore() {
        return work.resolve("keys/keystore.bcfks");
    }

    private Coffre open(KeyCustodian custody, ObjectStore store) {
        return open(custody, store, false);
    }

    private Coffre open(KeyCustodian custody, ObjectStore store, boolean sizePadding) {
        store.createContainerIfAbsent();
        return Coffre.builder().store(store).custodian(custody).registryDirectory(work.resolve("registry"))
                .createRegistryIfMissing(true)
                .vaultId(VAULT).segmentSizeBytes(4096).sizePadding(sizePadding).build();
    }

    private void put(Coffre coffre, String name, PutOptions.Builder options, byte[] content) {
        String type = written.size() % 2 == 0 ? "application/fhir+json" : "text/plain";
        coffre.put(name, new ByteArrayInputStream(content), options.contentType(type).build());
        written.put(name, content);
        types.put(name, type);
    }

    /** An object as Coffre wrote it before blinding and name padding: clear {@code coffre-dk} reference, legacy name. */
    private void putLegacy(Coffre coffre, ObjectStore store, String name, String subject, byte[] content)
            throws IOException {
        KeyRegistry.Lease lease = coffre.keyRegistry().keyForWrite(true, subject);
        EncryptionSpec spec = EncryptionSpec.builder().keyRef(lease.ref()).segmentSizeBytes(4096)
                .logicalIdentity((VAULT + "/" + name).getBytes(StandardCharsets.UTF_8)).build();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SecretBytes key = lease.key(); OutputStream out = Cof1.encrypt(sink, spec, key, new SecureRandom())) {
            out.write(content);
        }
        String storeName = new NameCipher(coffre.keyRegistry().nameCipher(), VAULT).storeName(name, NameCipher.Form.LEGACY);
        store.put(storeName, new ByteArrayInputStream(sink.toByteArray()), sink.size());
        try (DecryptedObject o = coffre.get(name)) {
            assertArrayEquals(content, o.readAllBytes(), "Coffre itself reads the legacy object");
        }
        written.put(name, content);
        types.put(name, "application/octet-stream");
    }

    private static PutOptions.Builder subject(String s) {
        return PutOptions.builder().subject(s);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every master-key version in the keystore file: BCFKS entries {@code <keyId>#<version>}, keystore password. */
    private Map<String, byte[]> keystoreEntries() throws Exception {
        KeyStore ks = KeyStore.getInstance("BCFKS", new BouncyCastleProvider());
        try (InputStream in = Files.newInputStream(keystore())) {
            ks.load(in, PASSWORD);
        }
        Map<String, byte[]> keys = new TreeMap<>();
        for (String alias : Collections.list(ks.aliases())) {
            keys.put(alias, ks.getKey(alias, PASSWORD).getEncoded());
        }
        return keys;
    }

    private VaultReferenceDecoder decoder(Map<String, byte[]> keys) throws Exception {
        return new VaultReferenceDecoder(work.resolve("store"), work.resolve("registry"),
                (scheme, keyId, version) -> KeystoreCustodian.SCHEME.equals(scheme) ? keys.get(keyId + "#" + version)
                        : null, VAULT);
    }

    @Test
    void everyObjectIsRecoveredWithTheLatestMasterKeyAndTheRegistryAlone() throws Exception {
        try (KeyCustodian custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(keystore()).password(PASSWORD).build();
             ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
             Coffre coffre = open(custody, store)) {
            // a vault begun before name padding (it holds a legacy object): its marker has no "names padded" line
            byte[] marker = VaultMarker.content(coffre.keyRegistry().registryId());
            store.put(Coffre.VAULT_MARKER, new ByteArrayInputStream(marker), marker.length);
            put(coffre, "patients/pat-001/Patient.json", subject("pat-001"), text("{\"id\":\"pat-001\"}"));
            put(coffre, "patients/pat-001/obs/2026/01/obs-0001.json", subject("pat-001"), CoreVectors.counting(10_000, 7));
            put(coffre, "patients/pat-002/Patient.json", subject("pat-002"), text("{\"id\":\"pat-002\"}"));
            put(coffre, "patients/pat-002/" + "é".repeat(45) + ".txt", subject("pat-002"), new byte[0]);
            put(coffre, "reports/2026/Q1/summary.txt", PutOptions.builder(), text("default collection"));
            put(coffre, "imaging/ct/0001.dcm", PutOptions.builder().collection("imaging"), CoreVectors.counting(4096, 1));
            putLegacy(coffre, store, "patients/pat-001/legacy/2025-old.txt", "pat-001", text("before blinding"));
            coffre.rotateMasterKey(null);
            put(coffre, "patients/pat-003/Patient.json", subject("pat-003"), text("{\"id\":\"pat-003\"}"));
            put(coffre, "patients/pat-001/Patient.json", subject("pat-001"), text("{\"id\":\"pat-001\",\"v\":2}"));
            coffre.keyRegistry().renewPseudonymSecret();
            put(coffre, "patients/pat-004/notes/2026/a.txt", subject("pat-004"), text("under pseudonym version 2"));
            coffre.retireUnusedMasterKeyVersions();
        }
        try (KeyCustodian custody = KeystoreCustodian.builder().path(keystore()).password(PASSWORD).build();
             ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
             Coffre padded = open(custody, store, true)) {
            // size-padded objects (FORMAT.md §6.2): one whose length was not declared and ends in zero bytes
            // across segments, one declared
            byte[] endsInZeros = java.util.Arrays.copyOf(CoreVectors.counting(9_000, 3), 13_000);
            put(padded, "patients/pat-005/obs/padded.bin", subject("pat-005"), endsInZeros);
            byte[] declared = text("{\"id\":\"pat-005\",\"padded\":true}");
            put(padded, "patients/pat-005/Patient.json", subject("pat-005").plaintextLengthBytes(declared.length),
                    declared);
        }
        Map<String, byte[]> entries = keystoreEntries();
        assertEquals(Set.of("coffre-master#1", "coffre-master#2", "coffre.key-table"), entries.keySet(),
                "a retired version stays in the file; only destroyed ones are deleted");
        VaultReferenceDecoder decoder = decoder(Map.of("coffre-master#2", entries.get("coffre-master#2")));
        Map<String, byte[]> recovered = new TreeMap<>();
        for (String storeName : decoder.storeNames()) {
            VaultReferenceDecoder.Recovered r = decoder.recover(storeName);
            assertEquals(types.get(r.name()), r.contentType(), r.name());
            recovered.put(r.name(), r.content());
        }
        assertEquals(written.keySet(), recovered.keySet());
        written.forEach((name, content) -> assertArrayEquals(content, recovered.get(name), name));
        assertEquals(List.of(), decoder.foreign());
        assertTrue(dataKeyIds().stream().anyMatch(id -> id.startsWith("s2-")), "a data key under pseudonym v2");
    }

    private Set<String> dataKeyIds() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("registry/data-keys"))) {
            Set<String> ids = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(n -> ids.add(n.substring(0, n.length() - 5)));
            return ids;
        }
    }

    @Test
    void aShreddedSubjectsObjectsKeepTheirNamesButNotTheirContentEvenFromARestoredEntry() throws Exception {
        Path backup = work.resolve("backup.json");
        Path entry;
        try (KeyCustodian custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(keystore()).password(PASSWORD).build();
             ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
             Coffre coffre = open(custody, store)) {
            put(coffre, "patients/pat-009/Patient.json", subject("pat-009"), text("{\"id\":\"pat-009\"}"));
            put(coffre, "patients/pat-009/obs/1.json", subject("pat-009"), text("{\"value\":42}"));
            entry = work.resolve("registry/data-keys/" + dataKeyIds().iterator().next() + ".json");
            Files.copy(entry, backup);
            put(coffre, "patients/pat-010/Patient.json", subject("pat-010"), text("{\"id\":\"pat-010\"}"));
            coffre.shred("pat-009");
        }
        Set<String> shredded = Set.of("patients/pat-009/Patient.json", "patients/pat-009/obs/1.json");
        for (boolean restored : new boolean[] {false, true}) {
            if (restored) {
                Files.copy(backup, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            VaultReferenceDecoder decoder = decoder(keystoreEntries());
            Set<String> names = new TreeSet<>();
            for (String storeName : decoder.storeNames()) {
                String name = decoder.name(storeName);
                names.add(name);
                if (shredded.contains(name)) {
                    VaultReferenceDecoder.Unrecoverable e = assertThrows(VaultReferenceDecoder.Unrecoverable.class,
                            () -> decoder.recover(storeName));
                    assertEquals(VaultReferenceDecoder.Reason.SHREDDED, e.reason);
                } else {
                    assertArrayEquals(written.get(name), decoder.recover(storeName).content());
                }
            }
            assertEquals(written.keySet(), names);
        }
    }
}
