package fr.coffre.crypto;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * An AES key derived for one object, zeroed by {@link #destroy()}. (Unlike {@code SecretKeySpec} on Java 17 it can
 * be destroyed; copies handed to the JDK provider by {@link #getEncoded()} are outside Coffre's control.)
 */
final class EphemeralKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes ownership of {@code owned}. */
    EphemeralKey(byte[] owned) {
        this.bytes = owned;
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
            throw new IllegalStateException("derived key: already destroyed");
        }
        return bytes.clone();
    }

    byte[] view() {
        return bytes;
    }

    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "EphemeralKey[redacted]";
    }
}
