package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.internal.CustodyArgs;
import fr.coffre.custody.pkcs11.Pkcs11Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Builds a custody on a PKCS#11 token (HSM) through the JDK's own SunPKCS11 provider: no native code of Coffre's.
 *
 * <h2>Security properties</h2>
 * <ul>
 *   <li>Master keys are generated <em>in</em> the token as AES-256, {@code CKA_SENSITIVE=true},
 *       {@code CKA_EXTRACTABLE=false} private token objects labelled {@code <keyId>#<version>}. Coffre appends
 *       this generate template to the SunPKCS11 configuration and checks every new key; key bytes never enter the
 *       JVM.</li>
 *   <li>Data keys are protected by the token with {@code AES/GCM/NoPadding} (random 96-bit IV, associated data
 *       binding the key reference and the caller's context): the same wrapped format as the keystore custody.</li>
 *   <li>Key states live on the token in a non-sensitive generic-secret object ({@code coffre.key-table.<n>}),
 *       readable and writable only after login. Coffre appends an import template that makes such objects
 *       readable ({@code CKA_SENSITIVE=false}, {@code CKA_EXTRACTABLE=true}); it holds no secret.</li>
 *   <li>{@link KeyCustodian#destroy} deletes the token objects ({@code C_DestroyObject}): effective on the
 *       token and on every token backup made afterwards; earlier token backups still hold them.</li>
 *   <li>The PIN is asked from the supplier at login and at each re-login; the array it returns is zeroed after
 *       use. It never appears in messages.</li>
 *   <li>Token or session failures are retried {@link Builder#maxAttempts} times with jittered backoff after
 *       logging in again. Life-cycle changes (create, rotate, retire, destroy) must come from one process at a
 *       time (an administrator's tool); protect/unprotect may run from any number of threads and processes.
 *       Changes made by another process are seen within {@link Builder#refreshInterval}.</li>
 * </ul>
 */
public final class Pkcs11Custodian {
    /** The {@link CustodyDescriptor#scheme()} and {@link fr.coffre.KeyRef#scheme()} of this custody. */
    public static final String SCHEME = "pkcs11";

    /** Appended to every configuration: the master-key and key-table templates this custody relies on. */
    private static final String TEMPLATES = "\n"
            + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
            + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n  CKA_ENCRYPT = true\n  CKA_DECRYPT = true\n}\n"
            + "attributes(import, CKO_SECRET_KEY, CKK_GENERIC_SECRET) = {\n"
            + "  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n}\n";

    private Pkcs11Custodian() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: a configuration ({@link #configFile} or {@link #config}) and a {@link #pin} are required. */
    public static final class Builder extends CustodianBuilder.Remote<Builder> {
        private Path configFile;
        private String config;
        private Supplier<char[]> pin;
        private String endpoint;

        private Builder() {
            super(Duration.ofMillis(50));
        }

        /** A SunPKCS11 configuration file ({@code name}, {@code library}, {@code slot} or {@code slotListIndex}...). */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** The SunPKCS11 configuration as text, instead of a file. */
        public Builder config(String config) {
            this.config = config;
            return this;
        }

        /** Supplies the user PIN (called at each login; the returned array is zeroed after use). */
        public Builder pin(Supplier<char[]> pin) {
            this.pin = pin;
            return this;
        }

        /** Reads the user PIN from environment variable {@code name} at each login. */
        public Builder pinFromEnvironment(String name) {
            this.pin = () -> {
                String v = System.getenv(name);
                if (v == null || v.isEmpty()) {
                    throw new KeyUnavailableException("PKCS#11 PIN: environment variable " + name + " is not set");
                }
                return v.toCharArray();
            };
            return this;
        }

        /** A human-readable name of the token for the descriptor; default the provider name and library. */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Configures a SunPKCS11 provider instance of its own (not registered globally), logs in, and loads key
         * states from the token.
         *
         * @throws InvalidInputException naming the field if the configuration is invalid
         * @throws KeyUnavailableException if the token cannot be reached or the PIN is refused
         */
        public KeyCustodian build() {
            if ((configFile == null) == (config == null)) {
                throw new InvalidInputException("configFile/config: exactly one must be set, was "
                        + (configFile == null ? "neither" : "both"));
            }
            if (pin == null) {
                throw new InvalidInputException("pin: must be non-null");
            }
            CustodyArgs.tuning(refreshInterval, maxAttempts, retryBackoff, clock);
            CustodyArgs.jurisdiction(jurisdiction);
            String text = configText();
            Provider provider = configure(text);
            String where = endpoint != null ? endpoint : provider.getName() + " " + library(provider);
            return open(new Pkcs11Backend(provider, text, pin, randomOrDefault()), SCHEME, where);
        }

        private String configText() {
            String text = config;
            if (configFile != null) {
                try {
                    text = Files.readString(configFile, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InvalidInputException("configFile: must be a readable SunPKCS11 configuration, was '"
                            + configFile + "' (" + e.getClass().getSimpleName() + ")");
                }
            }
            if (text.isBlank()) {
                throw new InvalidInputException("config: must be a non-empty SunPKCS11 configuration");
            }
            return text + TEMPLATES;
        }

        private static Provider configure(String text) {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new KeyUnavailableException("PKCS#11: this JDK has no SunPKCS11 provider");
            }
            try {
                return base.configure("--" + text);
            } catch (IllegalArgumentException | ProviderException e) {
                throw new KeyUnavailableException("PKCS#11: SunPKCS11 refused the configuration or the library"
                        + " (check library path, slot and SOFTHSM2_CONF)", e);
            }
        }

        private static String library(Provider p) {
            String info = p.getInfo();
            int i = info.indexOf("using library ");
            return i < 0 ? "" : info.substring(i + "using library ".length());
        }
    }
}
