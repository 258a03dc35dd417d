package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreCustodianTest extends KeyCustodianContract {
    private static final String PASSWORD = "test-only-password-3f9c2b";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("custody").resolve("coffre.bcfks");
    }

    @Override
    protected KeyCustodian openCustodian() {
        return open(PASSWORD);
    }

    private KeyCustodian open(String password) {
        return KeystoreCustodian.builder().path(file()).password(password.toCharArray()).createIfMissing(true).build();
    }

    @Override
    protected String expectedScheme() {
        return "keystore";
    }

    @Override
    protected Optional<OtherProcess> otherProcess() {
        return Optional.of(new OtherProcess("keystore:" + file(), Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, PASSWORD)));
    }

    @Override
    protected List<String> configurationSecrets() {
        return List.of(PASSWORD);
    }

    @Nested
    class Builder {
        @Test
        void refusesMissingPathAndPassword() {
            assertThrows(InvalidInputException.class, () -> KeystoreCustodian.builder().password("p".toCharArray()).build());
            assertThrows(InvalidInputException.class, () -> KeystoreCustodian.builder().path(file()).build());
            assertThrows(InvalidInputException.class, () -> KeystoreCustodian.builder().path(file()).password(new char[0]).build());
        }

        @Test
        void refusesABadJurisdiction() {
            for (String j : new String[] {null, "fr", "FRA", ""}) {
                assertThrows(InvalidInputException.class,
                        () -> KeystoreCustodian.builder().path(file()).password("p".toCharArray()).jurisdiction(j).build(), j);
            }
        }

        @Test
        void reportsTheFileAndTheJurisdiction() {
            try (KeyCustodian c = KeystoreCustodian.builder().path(dir.resolve("b.bcfks")).password("p".toCharArray()).jurisdiction("DE")
                    .createIfMissing(true).build()) {
                assertEquals("DE", c.descriptor().jurisdiction());
                assertEquals(dir.resolve("b.bcfks").toAbsolutePath().toString(), c.descriptor().endpoint());
            }
        }

        @Test
        void missingFileFailsWhenCreationIsOff() {
            assertThrows(KeystoreNotFoundException.class,
                    () -> KeystoreCustodian.builder().path(dir.resolve("none.bcfks")).password("p".toCharArray()).createIfMissing(false).build());
            assertFalse(Files.exists(dir.resolve("none.bcfks")));
        }

        @Test
        void missingFileIsRefusedByDefaultNamingThePathAndTheRemedyNeverThePassword() throws IOException {
            Path missing = dir.resolve("typo").resolve("keys.bcfks");
            List<Path> before;
            try (Stream<Path> files = Files.walk(dir)) {
                before = files.toList();
            }
            KeystoreNotFoundException e = assertThrows(KeystoreNotFoundException.class,
                    () -> KeystoreCustodian.builder().path(missing).password("s3cret-pw".toCharArray()).build());
            assertEquals("keystore " + missing.toAbsolutePath().normalize() + ": no such file; nothing was created."
                    + " Check the path, or create the keystore explicitly (coffre init, or"
                    + " KeystoreCustodian.Builder.createIfMissing(true))", e.getMessage());
            assertFalse(e.getMessage().contains("s3cret-pw"));
            assertFalse(Files.exists(missing.getParent()), "nothing written, not even the directory");
            try (Stream<Path> files = Files.walk(dir)) {
                assertEquals(before, files.toList());
            }
        }
    }

    @Nested
    class File {
        @Test
        void wrongPasswordIsRefused() {
            newKey();
            assertThrows(KeyUnavailableException.class, () -> open("not-the-password"));
        }

        @Test
        void tamperedFileIsRefused() throws IOException {
            newKey();
            byte[] b = Files.readAllBytes(file());
            for (int i : new int[] {0, b.length / 3, b.length / 2, b.length - 1}) {
                byte[] t = b.clone();
                t[i] ^= 0x20;
                Files.write(file(), t);
                assertThrows(KeyUnavailableException.class, () -> open(PASSWORD), "byte " + i);
            }
            Files.write(file(), b);
            open(PASSWORD).close();
        }

        @Test
        void isOwnerOnlyAndRevealsNoKeyIdInClear() throws IOException {
            KeyRef ref = newKey();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
            String text = new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(ref.keyId()));
            assertFalse(text.contains("ACTIVE"));
        }

        @Test
        void leavesNoTemporaryFile() throws IOException {
            KeyRef ref = newKey();
            custodian.rotate(ref.keyId());
            try (Stream<Path> s = Files.list(file().getParent())) {
                assertEquals(List.of("coffre.bcfks", "coffre.bcfks.lock"), s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Nested
    class SharedFile {
        @Test
        void anotherInstanceSeesRotationAndDestruction() {
            KeyRef v1 = newKey();
            try (KeyCustodian other = openCustodian(); SecretBytes dek = dek()) {
                byte[] wrapped = other.protect(v1, dek, context("c"));
                KeyRef v2 = custodian.rotate(v1.keyId());
                assertEquals(v2, other.currentKey(v1.keyId()));
                assertThrows(KeyUnavailableException.class, () -> other.protect(v1, dek, context("c")));
                custodian.destroy(v1.keyId());
                assertThrows(fr.coffre.KeyDestroyedException.class, () -> other.unprotect(v1, wrapped, context("c")));
            }
        }

        @Test
        void concurrentChangesFromTwoInstancesAreAllKept() throws Exception {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(newKeyId());
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (KeyCustodian other = openCustodian()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    KeyCustodian c = i % 2 == 0 ? custodian : other;
                    String id = ids.get(i);
                    fs.add(pool.submit(() -> c.createKey(id)));
                }
                for (Future<?> f : fs) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            try (KeyCustodian fresh = openCustodian()) {
                for (String id : ids) {
                    assertTrue(fresh.exists(id), id);
                }
            }
        }

        @Test
        void aKeyWrappedByOneInstanceOpensInAnother() {
            KeyRef v1 = newKey();
            try (KeyCustodian other = openCustodian(); SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                try (SecretBytes back = other.unprotect(v1, wrapped, context("c"))) {
                    assertArrayEquals(dek.copyBytes(), back.copyBytes());
                }
            }
        }
    }

    @Nested
    class Closed {
        @Test
        void closedCustodianRefusesWork() {
            KeyRef v1 = newKey();
            custodian.close();
            assertThrows(KeyUnavailableException.class, () -> custodian.currentKey(v1.keyId()));
            custodian.close();
            custodian = openCustodian();
        }
    }
}
