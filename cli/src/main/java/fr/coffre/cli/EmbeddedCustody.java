package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.custody.CustodyUri;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default custody ({@code keystore:PATH}): a local BCFKS keystore, created only by an explicit setup
 * ({@code coffre init}, the demo); every other command refuses a missing one, writing nothing. Its password comes
 * from {@value #PASSWORD_ENV}, or from a password file beside the keystore ({@code <keystore>.password}, mode
 * 0600), generated when the keystore is created. FOR DEVELOPMENT ONLY, which it says on stderr when it creates them
 * (once): anyone who can read both files holds the master key. Production custody is an HSM (PKCS#11) or a KMIP
 * key manager.
 */
final class EmbeddedCustody {
    static final String PASSWORD_ENV = CustodyUri.KEYSTORE_PASSWORD_ENV;

    private EmbeddedCustody() {
    }

    /**
     * Opens a {@code keystore:} custody, with the password from the environment or the password file; with
     * {@code create}, a missing keystore (and its password file) is created.
     *
     * @throws KeystoreNotFoundException if the keystore does not exist and {@code create} is false (nothing written)
     */
    static KeyCustodian open(CustodyUri keystoreUri, Map<String, String> env, PrintStream err, SecureRandom random,
            boolean create) {
        Path keystore = keystoreUri.keystore().orElseThrow();
        if (!create && !Files.exists(keystore)) {
            throw new KeystoreNotFoundException("keystore " + keystore + ": no such file; nothing was created. Check"
                    + " --keystore / --custody, or run coffre init to create the vault's keystore, registry and"
                    + " master key");
        }
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return keystoreUri.open(env, create);
        }
        Map<String, String> withPassword = new HashMap<>(env);
        withPassword.put(PASSWORD_ENV, password(keystore, err, random));
        return keystoreUri.open(withPassword, create);
    }

    static Path passwordFile(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + ".password");
    }

    private static String password(Path keystore, PrintStream err, SecureRandom random) {
        Path file = passwordFile(keystore);
        try {
            if (Files.exists(file)) {
                // warned once, when the keystore and its password file were created: not on every command
                return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
            }
            if (Files.exists(keystore)) {
                throw new InvalidInputException("keystore: " + keystore + " exists but no password was given: set "
                        + PASSWORD_ENV + " or restore " + file);
            }
            Files.createDirectories(keystore.toAbsolutePath().getParent());
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Arrays.fill(raw, (byte) 0);
            createOwnerOnly(file, generated);
            err.println("coffre: WARNING: created a DEVELOPMENT keystore at " + keystore + " with a generated password"
                    + " saved in " + file + " (mode 0600). Anyone who reads both files holds the master key: for"
                    + " development only. Set " + PASSWORD_ENV + " to choose the password; use PKCS#11 or KMIP custody"
                    + " in production.");
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("keystore password file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static void createOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    }
}
