package fr.coffre.core.migration;

import fr.coffre.CoffreException;
import fr.coffre.crypto.Cof1;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digests the manifest keeps: SHA-256 of an object's COF1 header (which carries a fresh salt per write, so a
 * rewrite changes it; for a non-COF1 object, of its first {@link Cof1#MAX_HEADER_BYTES} bytes) and SHA-256 of its
 * whole ciphertext. No key is involved.
 */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Digest of the header found at the start of {@code prefix}. */
    static String header(byte[] prefix) {
        byte[] header;
        try {
            header = Cof1.readHeader(new ByteArrayInputStream(prefix)).encoded();
        } catch (CoffreException e) {
            header = prefix; // not COF1: still copied as is, compared by its first bytes
        }
        return hex(sha256().digest(header));
    }

    /** Header digest of a stored object, from a ranged read of its first bytes. */
    static String header(ObjectStore store, String name, long size) {
        int length = (int) Math.min(size, Cof1.MAX_HEADER_BYTES);
        try (InputStream in = store.get(name, 0, length)) {
            return header(in.readNBytes(length));
        } catch (IOException e) {
            throw new StoreUnavailableException("get: reading the header of " + name + " failed", e);
        }
    }

    /** Streams through, hashing everything and keeping the first {@link Cof1#MAX_HEADER_BYTES} bytes. */
    static final class Tee extends FilterInputStream {
        private final MessageDigest sha = sha256();
        private final byte[] prefix = new byte[Cof1.MAX_HEADER_BYTES];
        private int kept;

        Tee(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                int keep = Math.min(n, prefix.length - kept);
                System.arraycopy(b, off, prefix, kept, keep);
                kept += keep;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // every byte must pass through the digest
        }

        String headerDigest() {
            return header(Arrays.copyOf(prefix, kept));
        }

        String contentDigest() {
            return hex(sha.digest());
        }
    }
}
