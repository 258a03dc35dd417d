package fr.coffre.crypto;

import fr.coffre.SecretBytes;
import java.lang.reflect.Field;

/**
 * Reads the array a {@link SecretBytes} owns, live or zeroed, so tests can check that keys are really zeroed.
 * SecretBytes lives in the api module and exposes no such accessor (it would hand out the key).
 */
final class SecretProbe {
    private SecretProbe() {
    }

    static byte[] array(SecretBytes secret) {
        try {
            Field f = SecretBytes.class.getDeclaredField("bytes");
            f.setAccessible(true);
            return (byte[]) f.get(secret);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("SecretBytes no longer owns a 'bytes' array", e);
        }
    }
}
