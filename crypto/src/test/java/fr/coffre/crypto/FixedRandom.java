package fr.coffre.crypto;

import java.security.SecureRandom;

/**
 * A deterministic {@link SecureRandom} for known-answer tests: serves the given bytes in order and fails when they run
 * out. Never use outside tests.
 */
public final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int next;

    public FixedRandom(byte[]... chunks) {
        int total = 0;
        for (byte[] c : chunks) {
            total += c.length;
        }
        bytes = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, bytes, at, c.length);
            at += c.length;
        }
    }

    @Override
    public void nextBytes(byte[] out) {
        if (out.length > bytes.length - next) {
            throw new IllegalStateException("FixedRandom: exhausted");
        }
        System.arraycopy(bytes, next, out, 0, out.length);
        next += out.length;
    }
}
