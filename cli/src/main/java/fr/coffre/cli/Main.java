package fr.coffre.cli;

import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.core.PolicyViolationException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.crypto.UnsupportedFormatException;
import fr.coffre.store.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.LogManager;

/**
 * The {@code coffre} command line. Exit codes: 0 ok, 2 usage or invalid input, 3 not found, 4 tampered or not a
 * Coffre object, 5 key unavailable or destroyed, 6 policy violation (custody outside the allowed jurisdictions),
 * 1 anything else. Errors print the typed exception's message (which
 * never holds a key, plaintext or patient name); {@code --debug} adds the stack trace.
 */
public final class Main {
    static final String HELP = """
            coffre: client-side-encrypted health records in object stores, keys in French custody

            usage: coffre <command> [args] [options]

            commands:
              demo                  synthetic FHIR records in and out of the store, scan, shred (vault 'demo')
              put <name> <file|->   encrypt a file (or stdin) into the object <name>
              get <name> [file]     decrypt the object <name> to a file (written atomically) or stdout
              ls [prefix]           list logical names (decrypted), optionally under a prefix
              rm <name>             delete an object
              rotate                new master-key version; re-protect every data key (no object rewritten)
              retire                retire the old master-key versions no registry entry uses any more
              shred <subject>       destroy a subject's data key: all their objects become unreadable
              info                  custody, store and key-registry descriptors
              help                  this text

            options:
              --store URI           where objects go (default file://./coffre-data/store); also mem:,
                                    file:///abs/path, s3://, ovh://, scaleway://, outscale://, swift://,
                                    azure:// (credentials from COFFRE_* environment variables, never the URI)
              --custody URI         where the master key is (default: COFFRE_CUSTODY, else
                                    keystore:./coffre-data/keys/keystore.bcfks):
                                      keystore:PATH             local BCFKS keystore (development only)
                                      pkcs11:CONFIG_FILE        HSM through a SunPKCS11 configuration file
                                      kmip://HOST[:PORT]?ca=CA.pem&client=CLIENT.p12[&mode=server-side
                                        |fetch-then-wrap][&namespace=NS]   KMIP key manager, mutual TLS
                                    each takes ?jurisdiction=XX (where the custody is operated; default FR);
                                    PINs and passwords come from the environment, never the URI
              --keystore PATH       short for --custody keystore:PATH
              --master-key ID       master-key id in custody (default coffre-master)
              --allow-jurisdiction XX  custody jurisdiction allowed by the policy (repeatable; default FR)
              --registry DIR        key registry (default: 'registry' beside the keystore, or
                                    ./coffre-data/registry with pkcs11/kmip custody); back it up
              --vault ID            vault id (default 'default')
              --subject S           put: protect with the data key of subject S (a patient), for shredding
              --collection C        put: protect with the data key of collection C (default 'default')
              --content-type T      put: sealed content type
              --meta KEY=VALUE      put: sealed metadata entry (repeatable)
              --debug               stack traces and library logs on errors

            environment:
              COFFRE_CUSTODY               custody URI when --custody and --keystore are absent
              COFFRE_KEYSTORE_PASSWORD     keystore password; without it a generated one is saved beside the
                                           keystore (0600): development only
              COFFRE_PKCS11_PIN            user PIN of the PKCS#11 token (read at each login)
              COFFRE_KMIP_CLIENT_PASSWORD  password of the KMIP client PKCS#12 file
              SOFTHSM2_CONF                (SoftHSM only) read by the PKCS#11 library itself

            exit codes: 0 ok, 1 error, 2 usage or invalid input, 3 not found, 4 tampered,
                        5 key unavailable or destroyed, 6 policy violation (custody jurisdiction not allowed)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, System.err, System.getenv());
        out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        boolean debug = false;
        for (String a : args) {
            debug |= a.equals("--debug");
        }
        if (!debug) {
            LogManager.getLogManager().reset();
        }
        try {
            Invocation inv = Invocation.parse(args);
            return new Commands(inv, in, out, err, env).run();
        } catch (RuntimeException | IOException e) {
            int code = exitCode(e);
            err.println("coffre: error: " + describe(e) + (code == 2 && e instanceof Invocation.UsageException ? ""
                    : code == 2 ? " (see: coffre help)" : ""));
            if (debug) {
                e.printStackTrace(err);
            }
            return code;
        }
    }

    static int exitCode(Throwable e) {
        if (e instanceof InvalidInputException) {
            return 2;
        }
        if (e instanceof ObjectNotFoundException) {
            return 3;
        }
        if (e instanceof TamperedObjectException || e instanceof UnsupportedFormatException) {
            return 4;
        }
        if (e instanceof KeyUnavailableException) {
            return 5;
        }
        if (e instanceof PolicyViolationException) {
            return 6;
        }
        return 1;
    }

    private static String describe(Throwable e) {
        if (e instanceof CoffreException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return "I/O failure: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
