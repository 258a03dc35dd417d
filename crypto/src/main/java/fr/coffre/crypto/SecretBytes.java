package fr.coffre.crypto;

import fr.coffre.InvalidInputException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * Key material held in memory. Zeroed by {@link #destroy()} / {@link #close()}, compared in constant
 * time, never printed ({@link #toString()} shows only the length).
 *
 * <p>Not thread-safe for concurrent destroy and use; callers own the lifetime.
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] owned) {
        this.bytes = owned;
    }

    /** Takes a copy of {@code source}; the caller should zero its own array. */
    public static SecretBytes copyOf(byte[] source) {
        if (source == null || source.length == 0) {
            throw new InvalidInputException("secret: must be non-empty, was " + (source == null ? "null" : "empty"));
        }
        return new SecretBytes(source.clone());
    }

    /** Takes ownership of {@code owned} without copying: the caller must not use or keep the array. */
    public static SecretBytes wrap(byte[] owned) {
        if (owned == null || owned.length == 0) {
            throw new InvalidInputException("secret: must be non-empty, was " + (owned == null ? "null" : "empty"));
        }
        return new SecretBytes(owned);
    }

    public static SecretBytes random(int lengthBytes, SecureRandom random) {
        if (lengthBytes < 16 || lengthBytes > 1024) {
            throw new InvalidInputException("lengthBytes: must be in [16, 1024], was " + lengthBytes);
        }
        byte[] b = new byte[lengthBytes];
        random.nextBytes(b);
        return new SecretBytes(b);
    }

    public int length() {
        return bytes.length;
    }

    /**
     * Lends the raw bytes to {@code use}. The function must not keep, modify or leak the array.
     *
     * @throws IllegalStateException if destroyed
     */
    public <T> T apply(Function<byte[], T> use) {
        checkLive();
        return use.apply(bytes);
    }

    /** A fresh copy of the raw bytes; the caller must zero it. */
    public byte[] copyBytes() {
        checkLive();
        return bytes.clone();
    }

    /** Constant-time comparison. */
    public boolean sameAs(SecretBytes other) {
        checkLive();
        other.checkLive();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("secret: already destroyed");
        }
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
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted" + (destroyed ? ", destroyed" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
