package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * One process of {@code KeyCustodianContract.ChangesFromSeveralProcesses}: opens the custody by its URI (secrets
 * from the environment), says {@code ready}, waits for the go file, then does what a starting fleet member and an
 * administrator do at once: create the key if missing (as {@code coffre init}), claim version 1, wrap a random data
 * key under the current version, rotate. Prints {@code wrapped <version> <wrapped hex> <data key hex>} (test keys
 * only) and {@code rotated <version>}.
 *
 * <p>Arguments: custody URI, key id, claimant, go file.
 */
public final class CustodyRaceWorker {
    private CustodyRaceWorker() {
    }

    public static void main(String[] args) throws Exception {
        String keyId = args[1];
        String claimant = args[2];
        Path go = Path.of(args[3]);
        try (KeyCustodian c = CustodyUri.parse(args[0]).open(System.getenv())) {
            System.out.println("ready");
            System.out.flush();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(go)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no go file");
                }
                Thread.sleep(2);
            }
            if (!c.exists(keyId)) {
                try {
                    c.createKey(keyId);
                } catch (InvalidInputException raced) {
                    if (!c.exists(keyId)) {
                        throw raced;
                    }
                }
            }
            c.claimVersions(keyId, claimant, Set.of(1));
            try (SecretBytes dek = SecretBytes.random(32, new SecureRandom())) {
                for (int attempt = 0; ; attempt++) {
                    KeyRef current = c.currentKey(keyId);
                    try {
                        byte[] wrapped = c.protect(current, dek, claimant.getBytes(StandardCharsets.UTF_8));
                        System.out.println("wrapped " + current.version() + " " + HexFormat.of().formatHex(wrapped)
                                + " " + dek.apply(k -> HexFormat.of().formatHex(k)));
                        break;
                    } catch (KeyUnavailableException superseded) {
                        if (attempt == 20) {
                            throw superseded;
                        }
                    }
                }
            }
            System.out.println("rotated " + c.rotate(keyId).version());
        }
    }
}
