package fr.coffre.custody;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Custodians on the real test servers of scripts/servers (exported by the custody test-jar so that other modules'
 * integration tests and benchmarks can run on PKCS#11 and KMIP custody). Each call opens a new custodian; tests
 * fail, not skip, when a server is missing.
 */
public final class TestCustodians {
    /** Test-only keystore password. */
    public static final String KEYSTORE_PASSWORD = "test-only-password-3f9c2b";

    private TestCustodians() {
    }

    /** A keystore custodian on {@code file} (created if absent). */
    public static KeyCustodian keystore(Path file) {
        return KeystoreCustodian.builder().path(file).password(KEYSTORE_PASSWORD.toCharArray())
                .createIfMissing(true).build();
    }

    /** A PKCS#11 custodian on the SoftHSM2 token made by scripts/servers/softhsm.sh (needs SOFTHSM2_CONF). */
    public static KeyCustodian softHsm() {
        if (System.getenv("SOFTHSM2_CONF") == null) {
            throw new AssertionError("SOFTHSM2_CONF is not set: export it as scripts/servers/softhsm.sh prints");
        }
        return Pkcs11Custodian.builder().configFile(ItServers.required("softhsm", "sunpkcs11.cfg"))
                .pin(() -> ItServers.read("softhsm", "user.pin").toCharArray()).build();
    }

    /** A builder for the PyKMIP server started by scripts/servers/kmip.sh, in {@code mode} and {@code namespace}. */
    public static KmipCustodian.Builder kmipBuilder(KmipCustodian.Mode mode, String namespace) {
        return KmipCustodian.builder().host("127.0.0.1").port(5696)
                .clientKeyStore(ItServers.required("kmip", "client.p12"), ItServers.read("kmip", "client.p12.pass").toCharArray())
                .trustedCa(ItServers.required("kmip", "ca.crt"))
                .mode(mode).namespace(namespace).readTimeout(Duration.ofSeconds(20));
    }

    /** A KMIP custodian on the PyKMIP server, objects named under {@code namespace}. */
    public static KeyCustodian kmip(KmipCustodian.Mode mode, String namespace) {
        return kmipBuilder(mode, namespace).build();
    }
}
