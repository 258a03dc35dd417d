package fr.coffre.core;
import fr.coffre.crypto.DecryptedObject;

import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Common fixture of the Coffre conformance suites: a store from the subclass (empty, dedicated to the test), real
 * keystore custody and a key registry in temporary directories, and a Coffre on vault {@code vault-a} with 4 KiB
 * segments (so segment boundaries are cheap to reach).
 */
public abstract class CoffreFixture {
    protected static final int SEG = 4096;
    @TempDir
    protected Path scratch;
    protected ObjectStore store;
    protected TestCustody custody;
    protected KeyRegistry registry;
    protected Coffre coffre;

    /** An empty store dedicated to this test; {@code dir} is a fresh directory it may use. */
    protected abstract ObjectStore openStore(Path dir);

    @BeforeEach
    void openCoffre() {
        store = openStore(scratch.resolve("store"));
        store.createContainerIfAbsent();
        custody = TestCustody.keystore(scratch.resolve("custody"));
        registry = KeyRegistry.builder()
                .createIfMissing(true).custodian(custody).directory(scratch.resolve("registry")).build();
        coffre = coffre("vault-a", store);
    }

    @AfterEach
    void closeCoffre() {
        coffre.close();
        registry.close();
        custody.close();
        store.close();
    }

    protected Coffre coffre(String vaultId, ObjectStore on) {
        return Coffre.builder().store(on).keyRegistry(registry).vaultId(vaultId).segmentSizeBytes(SEG)
                .sizePadding(sizePadding()).build();
    }

    /** Whether this fixture's Coffre writes size-padded objects (COF1 suite 2); suites run both ways. */
    protected boolean sizePadding() {
        return false;
    }

    protected ObjectStat put(String name, byte[] data) {
        return coffre.put(name, new ByteArrayInputStream(data), PutOptions.defaults());
    }

    protected ObjectStat put(String name, byte[] data, PutOptions options) {
        return coffre.put(name, new ByteArrayInputStream(data), options);
    }

    protected static PutOptions subject(String subject) {
        return PutOptions.builder().subject(subject).build();
    }

    protected byte[] read(String name) throws IOException {
        try (DecryptedObject o = coffre.get(name)) {
            return o.readAllBytes();
        }
    }

    protected static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of {@code on}: store name → hex of its bytes (small test objects only). */
    protected static Map<String, String> snapshot(ObjectStore on) {
        Map<String, String> out = new TreeMap<>();
        String token = null;
        do {
            ListPage page = on.list("", token, 1000);
            for (ObjectInfo o : page.objects()) {
                out.put(o.name(), HexFormat.of().formatHex(readAll(on.get(o.name()))));
            }
            token = page.nextToken().orElse(null);
        } while (token != null);
        return out;
    }

    /** Copies the bytes of object {@code from} over object {@code to} in {@code on}. */
    protected static void copyBytes(ObjectStore on, String from, String to) {
        byte[] bytes = readAll(on.get(from));
        on.put(to, new ByteArrayInputStream(bytes), bytes.length);
    }
}
