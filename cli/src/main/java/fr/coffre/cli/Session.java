package fr.coffre.cli;

import fr.coffre.core.Coffre;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.store.ObjectStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** The store, custody and Coffre one command works with; closes them in reverse order. */
final class Session implements AutoCloseable {
    static final String DEFAULT_KEYSTORE = "./coffre-data/keys/keystore.bcfks";
    static final String DEFAULT_VAULT = "default";

    final String storeUri;
    final Path keystore;
    final Path registryDirectory;
    final ObjectStore store;
    final KeyCustodian custody;
    final Coffre coffre;

    Session(Invocation inv, String vaultId, Map<String, String> env, PrintStream err) {
        this.storeUri = inv.option("--store", StoreLocator.DEFAULT_URI);
        this.keystore = Path.of(inv.option("--keystore", DEFAULT_KEYSTORE)).toAbsolutePath().normalize();
        this.registryDirectory = inv.flag("--registry") ? Path.of(inv.option("--registry", "")).toAbsolutePath()
                : keystore.resolveSibling("registry");
        SecureRandom random = new SecureRandom();
        this.custody = EmbeddedCustody.open(keystore, env, err, random);
        try {
            this.store = StoreLocator.open(storeUri);
            try {
                this.coffre = Coffre.builder().store(store).custodian(custody).registryDirectory(registryDirectory)
                        .vaultId(vaultId).secureRandom(random).build();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (RuntimeException e) {
            custody.close();
            throw e;
        }
    }

    /** The directory of a local store (to scan it), or {@code null}. */
    Path storeDirectory() {
        return StoreLocator.directory(storeUri);
    }

    @Override
    public void close() {
        try {
            coffre.close();
        } finally {
            try {
                store.close();
            } finally {
                custody.close();
            }
        }
    }
}
