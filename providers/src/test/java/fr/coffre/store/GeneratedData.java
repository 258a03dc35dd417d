package fr.coffre.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic pseudo-random test data that is generated on the fly, never materialised: byte {@code i} of the
 * stream with seed {@code s} is a pure function of {@code (s, i)}, so tests can stream gigabytes through a store and
 * check any range or the digest of the whole without holding it in memory.
 */
public final class GeneratedData {

    private GeneratedData() {
    }

    /** Byte {@code position} of the data with {@code seed}. */
    public static byte byteAt(long seed, long position) {
        long word = mix(seed * 0x9E3779B97F4A7C15L + (position >>> 3));
        return (byte) (word >>> ((position & 7) * 8));
    }

    /** {@code length} bytes of the data with {@code seed} starting at {@code offset}, as an array (keep it small). */
    public static byte[] bytes(long seed, long offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = byteAt(seed, offset + i);
        }
        return out;
    }

    /** A stream of the first {@code length} bytes of the data with {@code seed}. */
    public static InputStream stream(long seed, long length) {
        return failingStream(seed, length, -1);
    }

    /**
     * Like {@link #stream} but throws {@link InjectedFailure} when a read reaches position {@code failAtBytes}
     * ({@code -1}: never).
     */
    public static InputStream failingStream(long seed, long length, long failAtBytes) {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (failAtBytes >= 0 && position >= failAtBytes) {
                    throw new InjectedFailure(position);
                }
                if (position >= length) {
                    return -1;
                }
                long limit = failAtBytes >= 0 ? Math.min(length, failAtBytes) : length;
                int n = (int) Math.min(len, limit - position);
                fill(b, off, n);
                return n;
            }

            private void fill(byte[] b, int off, int n) {
                int i = 0;
                while (i < n && ((position + i) & 7) != 0) {
                    b[off + i] = byteAt(seed, position + i);
                    i++;
                }
                while (n - i >= 8) {
                    long word = mix(seed * 0x9E3779B97F4A7C15L + ((position + i) >>> 3));
                    for (int k = 0; k < 8; k++) {
                        b[off + i + k] = (byte) (word >>> (k * 8));
                    }
                    i += 8;
                }
                while (i < n) {
                    b[off + i] = byteAt(seed, position + i);
                    i++;
                }
                position += n;
            }
        };
    }

    /** SHA-256 of the first {@code length} bytes of the data with {@code seed}. */
    public static byte[] sha256(long seed, long length) {
        try (InputStream in = stream(seed, length)) {
            return sha256(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** SHA-256 of everything {@code in} yields, reading it in 64 KiB chunks; closes nothing. */
    public static byte[] sha256(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The failure a {@link #failingStream} throws. */
    public static final class InjectedFailure extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(long position) {
            super("injected failure of the caller's stream at byte " + position);
        }
    }
}
