package fr.coffre.examples;

// README:imports:begin
import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
// README:imports:end

/**
 * The library snippet of README.md, compiled and run by the build ({@code EmbeddingExampleTest} runs it and checks
 * that README.md shows exactly the code between the {@code README:} markers). Development custody (a local
 * keystore) and a local filesystem store: swap them for {@code Pkcs11Custodian}/{@code KmipCustodian} and
 * {@code ObjectStores.open(StoreUri.parse("ovh://gra/bucket").config())} in production.
 *
 * <p>Usage: {@code EmbeddingExample WORK_DIR} (the keystore password comes from {@code COFFRE_KEYSTORE_PASSWORD}).
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EmbeddingExample WORK_DIR   (COFFRE_KEYSTORE_PASSWORD in the environment)");
            System.exit(2);
        }
        String password = System.getenv("COFFRE_KEYSTORE_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("EmbeddingExample: set COFFRE_KEYSTORE_PASSWORD");
            System.exit(2);
        }
        System.out.println(run(Path.of(args[0]), password.toCharArray()));
    }

    /** Runs the snippet under {@code work}; returns what it read back, for the test. */
    static String run(Path work, char[] password) throws IOException {
        // README:snippet:begin
        Path keystore = work.resolve("keys/keystore.bcfks");
        byte[] json = "{\"resourceType\":\"Patient\",\"id\":\"pat-001\"}".getBytes(StandardCharsets.UTF_8);
        // createIfMissing: this example sets its vault up on first run; without it, a missing keystore or
        // registry is refused (KeystoreNotFoundException, RegistryNotFoundException) instead of starting empty
        try (KeyCustodian custody = KeystoreCustodian.builder().path(keystore).password(password)
                     .createIfMissing(true).build();
             ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
             Coffre coffre = Coffre.builder().store(store).custodian(custody).registryDirectory(work.resolve("registry"))
                     .createRegistryIfMissing(true).vaultId("hospital-a").build()) {
            store.createContainerIfAbsent();   // once per store: `coffre mb` on the command line
            coffre.put("patients/pat-001/Patient.json", new ByteArrayInputStream(json),
                    PutOptions.builder().subject("pat-001").contentType("application/fhir+json").build());
            String read;
            try (DecryptedObject o = coffre.get("patients/pat-001/Patient.json")) {
                // o.metadata(): authenticated sealed metadata; o.content(): plaintext, released segment by
                // authenticated segment
                read = new String(o.content().readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> names = coffre.list("patients/pat-001/").toList();   // decrypted names
            coffre.shred("pat-001");   // every copy of that patient's objects: KeyDestroyedException from now on
            return read + " " + names;
        }
        // README:snippet:end
    }
}
