package fr.coffre;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.SecretKey;
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

    /**
     * These bytes as an AES key for a JCA {@link javax.crypto.Cipher} (algorithm {@code AES}, format {@code RAW}),
     * without a {@code SecretKeySpec} copy that could not be zeroed. The view shares this secret's life:
     * {@code destroy()} on either destroys both, {@code getEncoded()} hands the provider a fresh copy (outside
     * Coffre's control once lent) and throws {@link IllegalStateException} once destroyed. The view is not
     * serializable and never printed. The length is not checked here: the cipher rejects a non-AES length.
     */
    public SecretKey asAesKey() {
        return new AesView(this);
    }

    /** The owned array itself, live or zeroed: for this package's key schedule tests, which check zeroing. */
    byte[] array() {
        return bytes;
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

    /** See {@link #asAesKey()}; holds no bytes of its own. */
    private static final class AesView implements SecretKey {
        private final SecretBytes owner;

        private AesView(SecretBytes owner) {
            this.owner = owner;
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
            return owner.copyBytes();
        }

        @Override
        public void destroy() {
            owner.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return owner.isDestroyed();
        }

        @Override
        public String toString() {
            return "SecretBytes.AesKey[redacted]";
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.NotSerializableException {
            throw new java.io.NotSerializableException("key material is never serialized");
        }
    }
}
