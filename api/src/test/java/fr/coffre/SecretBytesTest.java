package fr.coffre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The AES key view every JCA cipher of Coffre uses for derived and fetched keys. */
class SecretBytesTest {
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Nested
    class AsAesKey {
        @Test
        void encryptsLikeTheSameBytesInASecretKeySpec() throws Exception {
            try (SecretBytes secret = SecretBytes.copyOf(KEY)) {
                SecretKey view = secret.asAesKey();
                assertEquals("AES", view.getAlgorithm());
                assertEquals("RAW", view.getFormat());
                assertArrayEquals(ecb(new SecretKeySpec(KEY, "AES")), ecb(view));
            }
        }

        @Test
        void destroyingTheViewZeroesTheSecret() throws Exception {
            SecretBytes secret = SecretBytes.copyOf(KEY);
            SecretKey view = secret.asAesKey();
            view.destroy();
            assertTrue(secret.isDestroyed() && view.isDestroyed());
            assertArrayEquals(new byte[KEY.length], secret.array());
        }

        @Test
        void destroyingTheSecretDisablesTheView() {
            SecretBytes secret = SecretBytes.copyOf(KEY);
            SecretKey view = secret.asAesKey();
            assertFalse(view.isDestroyed());
            secret.destroy();
            assertTrue(view.isDestroyed());
            assertThrows(IllegalStateException.class, view::getEncoded);
        }

        @Test
        void getEncodedIsACopyTheCallerCannotUseToChangeTheKey() {
            try (SecretBytes secret = SecretBytes.copyOf(KEY)) {
                byte[] lent = secret.asAesKey().getEncoded();
                lent[0] ^= 1;
                assertArrayEquals(KEY, secret.copyBytes());
            }
        }

        @Test
        void keyMaterialExfiltrationBySerializationFails() throws Exception {
            try (SecretBytes secret = SecretBytes.copyOf(KEY);
                    ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                assertThrows(NotSerializableException.class, () -> out.writeObject(secret.asAesKey()));
            }
        }

        @Test
        void toStringShowsNoKeyByte() {
            try (SecretBytes secret = SecretBytes.copyOf(KEY)) {
                String printed = secret.asAesKey().toString() + secret;
                assertFalse(printed.contains("0001020304") || printed.contains("[0, 1, 2"), printed);
                assertTrue(printed.contains("redacted"), printed);
            }
        }
    }

    private static byte[] ecb(SecretKey key) throws Exception {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(new byte[16]);
    }
}
