package fr.coffre.core;

import fr.coffre.KeyDestroyedException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One process of {@link RegistryMultiProcessTest}: {@code <role> <custody dir> <registry dir> <count>}. Roles:
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
             KeyRegistry registry = KeyRegistry.builder().custodian(custody).directory(Path.of(args[2]))
                     .cacheMaxEntries(0).build()) {
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
