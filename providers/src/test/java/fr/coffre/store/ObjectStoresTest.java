package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoresTest {

    @TempDir
    Path tmp;

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Nested
    class Memory {
        @Test
        void memoryStoresAreIndependentAndReady() throws IOException {
            try (ObjectStore a = ObjectStores.memory(); ObjectStore b = ObjectStores.memory()) {
                a.put("x", new ByteArrayInputStream(new byte[] {1, 2}), 2);
                assertArrayEquals(new byte[] {1, 2}, read(a.get("x")));
                assertFalse(b.exists("x"), "a second memory store must not see the first one's objects");
                assertEquals("mem", a.descriptor().provider());
                assertEquals("coffre", a.descriptor().container());
            }
        }

        @Test
        void openMemUri() {
            try (ObjectStore s = ObjectStores.open(StoreUri.parse("mem:"))) {
                assertEquals(0, s.list("", null, 10).objects().size());
            }
        }
    }

    @Nested
    class Filesystem {
        @Test
        void objectsAreFilesUnderTheDirectory() throws IOException {
            Path dir = tmp.resolve("coffre-data");
            try (ObjectStore s = ObjectStores.filesystem(dir)) {
                s.createContainerIfAbsent();
                s.put("ab/cd", new ByteArrayInputStream(new byte[] {7}), 1);
                assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("ab/cd")));
                assertEquals("file", s.descriptor().provider());
                assertEquals(tmp.toString(), s.descriptor().endpoint());
                assertEquals("coffre-data", s.descriptor().container());
            }
        }

        @Test
        void fileUriOpensTheSameDirectory() throws IOException {
            Path dir = tmp.resolve("d1");
            try (ObjectStore s = ObjectStores.filesystem(dir)) {
                s.createContainerIfAbsent();
                s.put("k", new ByteArrayInputStream(new byte[] {1}), 1);
            }
            try (ObjectStore s = ObjectStores.open(StoreUri.parse(dir.toUri().toString()))) {
                assertArrayEquals(new byte[] {1}, read(s.get("k")));
            }
        }

        @Test
        void storesDoNotCreateTheirContainerByThemselves() {
            try (ObjectStore s = ObjectStores.filesystem(tmp.resolve("not-yet"))) {
                assertThrows(ContainerNotFoundException.class, () -> s.stat("x"));
                assertFalse(Files.exists(tmp.resolve("not-yet")));
            }
        }

        @Test
        void rootOrNullDirectoryIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> ObjectStores.filesystem(Path.of("/")));
            assertThrows(InvalidInputException.class, () -> ObjectStores.filesystem(null));
        }
    }

    @Nested
    class Remote {
        private final StoreConfig ovh = ProviderPresets.ovh("gra", "b-1");

        @Test
        void cloudPresetOpensTheDefaultS3DriverWithThePresetsLabels() {
            StoreCredentials c = StoreCredentials.s3("AKMARKER42",
                    SecretBytes.copyOf("sk".getBytes(StandardCharsets.UTF_8)));
            try (ObjectStore store = ObjectStores.open(ovh, c)) {
                StoreDescriptor d = store.descriptor();
                assertEquals("ovh", d.provider());
                assertEquals("b-1", d.container());
                assertEquals("FR", d.regionCountry());
                assertEquals("FR", d.providerJurisdiction());
                assertTrue(d.endpoint().contains("s3.gra.io.cloud.ovh.net"), d.endpoint());
                assertFalse(d.toString().contains("AKMARKER42"), "descriptor must not show the access key");
                assertFalse(store.toString().contains("AKMARKER42"), "store must not show the access key");
            }
        }

        @Test
        void credentialsTheDriverCannotUseAreInvalidInputNamingNoValue() {
            StoreCredentials c = StoreCredentials.s3("AKMARKER42", SecretBytes.copyOf(new byte[] {1}));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ObjectStores.open(ovh, c));
            assertFalse(e.getMessage().contains("\u0001"), e.getMessage());
            assertFalse(e.getMessage().contains("AKMARKER42"), e.getMessage());
            assertTrue(e.getMessage().startsWith("credentials: "), e.getMessage());
        }

        @Test
        void localStoresRefuseCredentials() {
            StoreCredentials c = StoreCredentials.s3("ak", SecretBytes.copyOf(new byte[] {1}));
            assertThrows(InvalidInputException.class, () -> ObjectStores.open(ProviderPresets.memory(), c));
        }

        @Test
        void destroyedOrMissingCredentialsAreInvalidInput() {
            StoreCredentials c = StoreCredentials.s3("ak", SecretBytes.copyOf(new byte[] {1}));
            c.destroy();
            assertThrows(InvalidInputException.class, () -> ObjectStores.open(ovh, c));
            assertThrows(InvalidInputException.class, () -> ObjectStores.open(ovh, null));
            assertThrows(InvalidInputException.class, () -> ObjectStores.open(null));
        }

        @Test
        void remoteConfigWithoutExplicitCredentialsReadsTheEnvironment() {
            StoreConfig s3 = ProviderPresets.s3(URI.create("http://127.0.0.1:1"), "us-east-1", "b-1");
            boolean inEnv = System.getenv("COFFRE_S3_ACCESS_KEY") != null
                    && System.getenv("COFFRE_S3_SECRET_KEY") != null;
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ObjectStores.open(s3));
            assertTrue(e.getMessage().contains(inEnv ? "no driver" : "COFFRE_S3_"), e.getMessage());
        }
    }
}
