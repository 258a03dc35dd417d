package fr.coffre.core.custody;

import fr.coffre.custody.CustodyUri;
import fr.coffre.custody.ItServers;
import java.util.Map;

/**
 * Custody URIs and credentials of the real test servers started by scripts/servers (SoftHSM2, PyKMIP), for the
 * integration tests of core and of the CLI (exported by the core test-jar). Tests FAIL, never skip, when a server
 * is missing. The credentials are test-only values written by the server scripts.
 */
public final class ItCustody {
    private ItCustody() {
    }

    /** {@code pkcs11:<SunPKCS11 config of the SoftHSM token>}; needs SOFTHSM2_CONF in the process environment. */
    public static String pkcs11Uri() {
        if (System.getenv("SOFTHSM2_CONF") == null) {
            throw new AssertionError("SOFTHSM2_CONF is not set: the core and cli poms set it for failsafe; export it"
                    + " as scripts/servers/softhsm.sh prints when running elsewhere");
        }
        return "pkcs11:" + ItServers.required("softhsm", "sunpkcs11.cfg");
    }

    /** The environment holding the token's user PIN. */
    public static Map<String, String> pkcs11Env() {
        return Map.of(CustodyUri.PKCS11_PIN_ENV, ItServers.read("softhsm", "user.pin"));
    }

    /** {@code kmip://127.0.0.1:5696?...} for the PyKMIP server, in {@code mode} ("server-side", "fetch-then-wrap"). */
    public static String kmipUri(String mode, String namespace) {
        return "kmip://127.0.0.1:5696?mode=" + mode + "&ca=" + ItServers.required("kmip", "ca.crt") + "&client="
                + ItServers.required("kmip", "client.p12") + "&namespace=" + namespace;
    }

    /** The environment holding the KMIP client key store password. */
    public static Map<String, String> kmipEnv() {
        return Map.of(CustodyUri.KMIP_CLIENT_PASSWORD_ENV, ItServers.read("kmip", "client.p12.pass"));
    }
}
