package fr.coffre.core;

import fr.coffre.KeyDestroyedException;
import fr.coffre.core.registry.RegistryStorage;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * One process of {@link RegistryMultiProcessTest}: {@code <role> <custody dir> <registry> <count>} (registry: see
 * {@link #registry}). Roles:
 * {@code write} (keys for live and doomed subjects, printing {@code LIVE|DOOMED <key id> <sha-256 of key>}),
 * {@code shred} (the doomed subjects), {@code rotate} (master-key rotations), {@code renew} (pseudonym renewals).
 */
final class RegistryWorker {
    private RegistryWorker() {
    }

    public static void main(String[] args) throws Exception {
        String role = args[0];
        int count = Integer.parseInt(args[3]);
        try (TestCustody custody = TestCustody.keystore(Path.of(args[1]));
             KeyRegistry registry = registry(args[2], Path.of(args[1])).custodian(custody).cacheMaxEntries(0).build()) {
            for (int i = 0; i < count; i++) {
                switch (role) {
                    case "write" -> {
                        write(registry, "LIVE", RegistryMultiProcessTest.live(args[4], i));
                        write(registry, "DOOMED", RegistryMultiProcessTest.doomed(i));
                    }
                    case "shred" -> registry.shred(RegistryMultiProcessTest.doomed(i));
                    case "rotate" -> registry.rotateMasterKey((done, total) -> { });
                    case "renew" -> registry.renewPseudonymSecret();
                    default -> throw new IllegalArgumentException("role " + role);
                }
            }
        }
        System.out.println("DONE " + role);
    }

    /**
     * A registry directory ({@code <path>}), or {@code storage=<class>:<argument>}: a public class with a no-argument
     * constructor turning the argument into a {@link RegistryStorage} (another backend's test fixture); its audit
     * trail goes to {@code audit/} beside the custody.
     */
    @SuppressWarnings("unchecked")
    static KeyRegistry.Builder registry(String spec, Path custodyDir) throws Exception {
        if (!spec.startsWith("storage=")) {
            return KeyRegistry.builder().createIfMissing(true).directory(Path.of(spec));
        }
        String[] f = spec.substring("storage=".length()).split(":", 2);
        Function<String, RegistryStorage> factory = (Function<String, RegistryStorage>) Class.forName(f[0])
                .getConstructor().newInstance();
        return KeyRegistry.builder()
                .createIfMissing(true).storage(factory.apply(f[1])).auditDirectory(custodyDir.resolve("audit"));
    }

    private static void write(KeyRegistry registry, String label, String subject) throws Exception {
        try {
            KeyRegistry.Lease lease = registry.keyForWrite(true, subject);
            try (var key = lease.key()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.copyBytes());
                System.out.println(label + " " + lease.ref().keyId() + " " + HexFormat.of().formatHex(hash));
            }
        } catch (KeyDestroyedException refused) {
            System.out.println("REFUSED " + label);
        }
    }
}
