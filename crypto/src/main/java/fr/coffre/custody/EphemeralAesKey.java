package fr.coffre.custody;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * An AES key fetched from a key server for one operation (KMIP fetch-then-wrap): unlike {@code SecretKeySpec} it can
 * be zeroed, which {@link #destroy()} does. Owns the array it is given.
 */
final class EphemeralAesKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private volatile boolean destroyed;

    EphemeralAesKey(byte[] owned) {
        this.key = owned;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key: destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "EphemeralAesKey[redacted]";
    }
}
