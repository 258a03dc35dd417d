package fr.coffre.core.migration;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A deterministic slice {@code n/t} of a store, as {@code restic check --read-data-subset n/t}: the objects whose
 * name hashes (first 8 bytes of SHA-256, unsigned) to {@code n - 1} modulo {@code t}. The {@code t} slices of
 * {@code 1/t ... t/t} partition the store, so a large vault is verified in several runs.
 */
public record Sample(int n, int t) {
    /** Every object. */
    public static final Sample ALL = new Sample(1, 1);

    public Sample {
        if (t < 1 || n < 1 || n > t) {
            throw new InvalidInputException("sample: must be n/t with 1 <= n <= t, was " + n + "/" + t);
        }
    }

    /** Parses {@code "n/t"}, e.g. {@code "3/10"}. */
    public static Sample parse(String s) {
        if (s == null || !s.matches("[0-9]{1,9}/[0-9]{1,9}")) {
            throw new InvalidInputException("sample: must be n/t (e.g. 1/10), was "
                    + (s == null ? "null" : "'" + s + "'"));
        }
        int cut = s.indexOf('/');
        return new Sample(Integer.parseInt(s.substring(0, cut)), Integer.parseInt(s.substring(cut + 1)));
    }

    /** Whether the object named {@code storeName} belongs to this slice. */
    public boolean includes(String storeName) {
        if (t == 1) {
            return true;
        }
        byte[] h = Digests.sha256().digest(storeName.getBytes(StandardCharsets.US_ASCII));
        return Long.remainderUnsigned(ByteBuffer.wrap(h).getLong(), t) == n - 1;
    }

    @Override
    public String toString() {
        return n + "/" + t;
    }
}
