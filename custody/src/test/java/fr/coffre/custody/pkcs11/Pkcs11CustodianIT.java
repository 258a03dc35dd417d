package fr.coffre.custody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.ItServers;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyCustodianContract;
import fr.coffre.custody.PinRefusedException;
import fr.coffre.custody.Pkcs11Custodian;
import fr.coffre.custody.internal.CustodyBackend;
import fr.coffre.custody.internal.HostFileLock;
import fr.coffre.custody.internal.TableCustodian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.spec.InvalidKeySpecException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Against the SoftHSM2 token made by scripts/servers/softhsm.sh. */
class Pkcs11CustodianIT extends KeyCustodianContract {
    private final AtomicInteger pinRequests = new AtomicInteger();

    private static Path config() {
        if (System.getenv("SOFTHSM2_CONF") == null) {
            throw new AssertionError("SOFTHSM2_CONF is not set (the parent pom sets it for failsafe)");
        }
        return ItServers.required("softhsm", "sunpkcs11.cfg");
    }

    private static String pin() {
        return ItServers.read("softhsm", "user.pin");
    }

    private KeyCustodian open(Duration refresh) {
        String pin = pin();
        Supplier<char[]> supplier = () -> {
            pinRequests.incrementAndGet();
            return pin.toCharArray();
        };
        return Pkcs11Custodian.builder().configFile(config()).pin(supplier).refreshInterval(refresh).build();
    }

    @Override
    protected KeyCustodian openCustodian() {
        return open(Duration.ofSeconds(2));
    }

    @Override
    protected String expectedScheme() {
        return "pkcs11";
    }

    /**
     * None: SoftHSM's file store does not show the objects one live process creates to another that is also
     * running (seen here: processes started together kept listing an empty token for seconds while the others
     * committed), so live processes cannot share it; a real HSM gives every session one view. What this backend
     * does about a lagging view is tested by {@link LaggingView}.
     */
    @Override
    protected java.util.Optional<OtherProcess> otherProcess() {
        return java.util.Optional.empty();
    }

    @Override
    protected List<String> configurationSecrets() {
        return List.of(pin());
    }

    private Pkcs11Backend backend() {
        return (Pkcs11Backend) ((TableCustodian) custodian).backend();
    }

    private Provider provider() {
        return backend().provider();
    }

    /** Runs OpenSC's pkcs11-tool on the test token; returns its output, after checking it succeeded. */
    private static String pkcs11Tool(String... args) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^library\\s*=\\s*(\\S+)").matcher(java.nio.file.Files.readString(config()));
        assertTrue(m.find());
        List<String> command = new java.util.ArrayList<>(List.of("pkcs11-tool", "--module", m.group(1)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Nested
    class MasterKeyExtraction {
        @Test
        void tokenKeyHasNoEncodingAndIsSensitiveAndUnextractable() throws Exception {
            KeyRef ref = newKey();
            KeyStore ks = KeyStore.getInstance("PKCS11", provider());
            ks.load(null, pin().toCharArray());
            Key k = ks.getKey(CustodyBackend.alias(ref), null);
            assertNotNull(k);
            assertNull(k.getEncoded());
            assertTrue(Pkcs11Backend.isSensitiveAndUnextractable(k), k.toString());
        }

        @Test
        void keyFactoryCannotExportIt() throws Exception {
            KeyRef ref = newKey();
            Key k = backend().key(ref);
            SecretKeyFactory f = SecretKeyFactory.getInstance("AES", provider());
            assertThrows(InvalidKeySpecException.class, () -> f.getKeySpec((javax.crypto.SecretKey) k, SecretKeySpec.class));
        }

        @Test
        void pkcs11ToolReportsItNeverExtractable() throws Exception {
            KeyRef ref = newKey();
            String out = pkcs11Tool("--login", "--pin", pin(), "--list-objects", "--type", "secrkey");
            String block = objectBlock(out, CustodyBackend.alias(ref));
            assertTrue(block.contains("never extractable"), block);
            assertTrue(block.contains("always sensitive"), block);
            assertTrue(block.contains("AES length 32") || block.contains("AES  length 32") || block.matches("(?s).*AES.*32.*"), block);
        }

        private String objectBlock(String listing, String label) {
            for (String block : listing.split("(?m)^(?=Secret Key Object)")) {
                if (block.contains("label:      " + label + "\n") || block.matches("(?s).*label:\\s+" + Pattern.quote(label) + "\\s*\n.*")) {
                    return block;
                }
            }
            throw new AssertionError("no object labelled " + label + " in:\n" + listing);
        }
    }

    @Nested
    class SessionRecovery {
        @Test
        void logoutBehindTheCustodiansBackIsRecoveredByLoggingInAgain() throws Exception {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(ref, dek, context("c"));
                int before = pinRequests.get();
                ((AuthProvider) provider()).logout();
                try (SecretBytes back = custodian.unprotect(ref, wrapped, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
                assertTrue(pinRequests.get() > before, "the custodian should have asked the PIN again");
            }
        }

        /**
         * The token's PIN changes while Coffre runs (an HSM officer's rotation) and the application still holds
         * the old one. SoftHSM keeps a process's token state from C_Initialize, so a PIN changed by another
         * process (pkcs11-tool --change-pin) is never seen by this JVM; the change is therefore made where this
         * process sees it: from now on the PIN the application gives is not the token's. The token then asks for
         * a login (logout, as after a token restart) and gets exactly one wrong PIN.
         */
        @Test
        void aPinChangedBehindTheCustodiansBackFailsOneLoginThenEveryCallSaysSo() throws Exception {
            KeyRef ref = newKey();
            AtomicBoolean changed = new AtomicBoolean();
            String pin = pin();
            Supplier<char[]> application = () -> {
                pinRequests.incrementAndGet();
                return (changed.get() ? "24681357" : pin).toCharArray();
            };
            try (SecretBytes dek = dek(); KeyCustodian other = Pkcs11Custodian.builder().configFile(config())
                    .pin(application).refreshInterval(Duration.ZERO).build()) {
                byte[] wrapped = other.protect(ref, dek, context("c"));
                changed.set(true);
                ((AuthProvider) provider()).logout();
                int before = pinRequests.get();
                PinRefusedException first = assertThrows(PinRefusedException.class,
                        () -> other.unprotect(ref, wrapped, context("c")));
                assertTrue(first.getMessage().contains("reopen"), first.getMessage());
                for (int i = 0; i < 3; i++) { // every call, and every refresh (interval zero), says so again
                    assertThrows(PinRefusedException.class, () -> other.unprotect(ref, wrapped, context("c")));
                    assertThrows(PinRefusedException.class, () -> other.protect(ref, dek, context("c")));
                    assertThrows(PinRefusedException.class, () -> other.currentKey(ref.keyId()));
                }
                assertEquals(1, pinRequests.get() - before, "exactly one failed login");
            }
        }

        @Test
        void aWrongPinIsKeyUnavailableAndNotRetried() throws Exception {
            ((AuthProvider) provider()).logout(); // login state is per process: log out so the PIN is checked
            Supplier<char[]> wrong = () -> {
                pinRequests.incrementAndGet();
                return "00000000".toCharArray();
            };
            int before = pinRequests.get();
            assertThrows(KeyUnavailableException.class,
                    () -> Pkcs11Custodian.builder().configFile(config()).pin(wrong).build());
            assertEquals(1, pinRequests.get() - before);
        }

        @Test
        void destructionByAnotherProcessIsSeenAsDestroyed() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek(); KeyCustodian other = open(Duration.ofSeconds(60))) {
                byte[] wrapped = other.protect(ref, dek, context("c")); // caches the handle and the table
                custodian.destroy(ref.keyId());
                assertThrows(KeyDestroyedException.class, () -> other.unprotect(ref, wrapped, context("c")));
            }
        }

        @Test
        void rotationByAnotherInstanceIsSeenAfterTheRefreshInterval() {
            KeyRef ref = newKey();
            try (KeyCustodian other = open(Duration.ZERO)) {
                assertEquals(ref, other.currentKey(ref.keyId()));
                KeyRef v2 = custodian.rotate(ref.keyId());
                assertEquals(v2, other.currentKey(ref.keyId()));
            }
        }
    }

    /**
     * The host lock's stamp says this host committed a later table generation than this process lists (SoftHSM
     * shows a live process's new objects to others late, if at all): the custodian waits for its view to catch up,
     * then refuses with KeyUnavailableException rather than act on a stale table (and, say, make a key twice).
     */
    @Nested
    class LaggingView {
        @Test
        void aListingBehindTheGenerationLastCommittedOnThisHostIsRefusedNotUsed() throws Exception {
            HostFileLock host = backend().hostLock();
            long committed;
            try (AutoCloseable held = host.acquire()) {
                committed = host.stamp();
                host.stamp(committed + 1000);
            }
            try {
                KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> open(Duration.ZERO));
                String chain = "";
                for (Throwable t = e; t != null; t = t.getCause()) {
                    chain += t.getMessage() + "\n";
                }
                assertTrue(chain.matches("(?s).*still lists key table generation (-1|" + committed + ") where this"
                        + " host last committed " + (committed + 1000) + " .*"), chain);
            } finally {
                try (AutoCloseable held = host.acquire()) {
                    host.stamp(committed);
                }
            }
            assertEquals(List.of(), custodian.versions(newKey().keyId()).stream().skip(1).toList(), "usable again");
        }
    }

    @Nested
    class Configuration {
        @Test
        void refusesBothOrNeitherConfiguration() {
            assertThrows(InvalidInputException.class, () -> Pkcs11Custodian.builder().pin(() -> pin().toCharArray()).build());
            assertThrows(InvalidInputException.class,
                    () -> Pkcs11Custodian.builder().config("name=x").configFile(config()).pin(() -> pin().toCharArray()).build());
        }

        @Test
        void aMissingLibraryIsKeyUnavailable() {
            assertThrows(KeyUnavailableException.class, () -> Pkcs11Custodian.builder()
                    .config("name = Nowhere\nlibrary = /nonexistent/libpkcs11.so\n").pin(() -> pin().toCharArray()).build());
        }

        @Test
        void descriptorNamesTheLibraryNotThePin() {
            assertTrue(custodian.descriptor().endpoint().contains("libsofthsm2.so"), custodian.descriptor().endpoint());
            assertFalse(custodian.descriptor().endpoint().contains(pin()));
        }
    }
}
