package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.custody.internal.CustodyArgs;
import fr.coffre.custody.keystore.KeystoreBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Builds the local, file-based custody: a BCFKS keystore (BouncyCastle) holding versioned AES-256 master keys.
 * For development, demos and small single-host deployments; production custody is an HSM
 * ({@code Pkcs11Custodian}) or a key manager ({@code KmipCustodian}).
 *
 * <h2>Security properties</h2>
 * <ul>
 *   <li>The file is encrypted (AES-256-CCM) and integrity-protected (HMAC-SHA-512) under keys derived from the
 *       password with PBKDF2-HMAC-SHA-512 (51,200 iterations: ≈0.1 s per load, far cheaper to attack than scrypt,
 *       so the password must be long and random); each key entry is also encrypted under the password. A wrong
 *       password and a tampered file are indistinguishable and both fail with
 *       {@link fr.coffre.KeyUnavailableException}.</li>
 *   <li>Master keys are AES-256 entries aliased {@code <keyId>#<version>}; their states (see {@link KeyState}) are
 *       kept in an entry of the same file, so keys and states are covered by the same MAC and change atomically.</li>
 *   <li>Every change is written to a temporary file (mode 0600), fsynced, and atomically moved over the keystore;
 *       changes by several threads or processes are serialised by a lock file ({@code <keystore>.lock}).</li>
 *   <li>Master keys are in this JVM's memory while the custodian is open (unlike PKCS#11/KMIP custody).</li>
 *   <li>{@link KeyCustodian#destroy} deletes entries from the current file only: copies of the keystore file
 *       (backups) still hold the destroyed keys. See KEY-MANAGEMENT.md.</li>
 * </ul>
 * Wrapped keys use AES-256-GCM (JDK provider) with a random 96-bit IV; the associated data binds the key
 * reference and the caller's context. The password is copied; the caller should zero its own array.
 */
public final class KeystoreCustodian {
    /** The {@link CustodyDescriptor#scheme()} and {@link fr.coffre.KeyRef#scheme()} of this custody. */
    public static final String SCHEME = "keystore";

    private KeystoreCustodian() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #path} and {@link #password} are required. */
    public static final class Builder extends CustodianBuilder<Builder> {
        private Path path;
        private char[] password;
        private boolean createIfMissing;

        private Builder() {
            super(Duration.ofSeconds(1), 2, Duration.ofMillis(10)); // a local file: short lock retries only
        }

        /** The BCFKS file (its directory also receives the lock file and temporary files). */
        public Builder path(Path path) {
            this.path = path;
            return this;
        }

        /** The keystore password; copied (zero your array afterwards), zeroed by {@link KeyCustodian#close()}. */
        public Builder password(char[] password) {
            if (this.password != null) {
                Arrays.fill(this.password, '\0');
            }
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * Create an empty keystore if the file does not exist (default false: a missing file is a
         * {@link KeystoreNotFoundException}, so a mistyped path never starts a new, empty custody).
         */
        public Builder createIfMissing(boolean createIfMissing) {
            this.createIfMissing = createIfMissing;
            return this;
        }

        /**
         * Opens (or, with {@link #createIfMissing}, creates) the keystore and loads it (≈0.1 s).
         *
         * @throws KeystoreNotFoundException if the file does not exist and {@link #createIfMissing} is false
         * @throws InvalidInputException naming the field if the configuration is invalid
         * @throws fr.coffre.KeyUnavailableException if the file cannot be read, or the password is wrong,
         *     or the file was tampered with
         */
        public KeyCustodian build() {
            if (path == null) {
                throw new InvalidInputException("path: must be non-null");
            }
            if (path.getFileName() == null) {
                throw new InvalidInputException("path: must name a file, was '" + path + "'");
            }
            if (password == null || password.length == 0) {
                throw new InvalidInputException("password: must be non-empty, was " + (password == null ? "null" : "empty"));
            }
            if (clock == null) {
                throw new InvalidInputException("clock: must be non-null");
            }
            CustodyArgs.jurisdiction(jurisdiction);
            KeystoreBackend backend = KeystoreBackend.forFile(path, password, createIfMissing, randomOrDefault());
            return open(backend, SCHEME, backend.path().toString());
        }
    }
}
