package fr.coffre.core;

import fr.coffre.SecretBytes;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads one stored object through COF1 end to end, hashing its ciphertext and discarding its plaintext. */
final class ObjectAuthenticator {
    private final ObjectStore store;
    private final KeyRegistry registry;

    ObjectAuthenticator(ObjectStore store, KeyRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    AuthenticatedObject authenticate(String storeName, byte[] identity) {
        try (HashingStream in = new HashingStream(store.get(storeName))) {
            Cof1Header header = Cof1.readHeader(in);
            long plain;
            try (SecretBytes key = registry.keyForRead(header);
                 DecryptedObject opened = Cof1.open(header, in, key, identity)) {
                plain = opened.content().transferTo(OutputStream.nullOutputStream());
            }
            return new AuthenticatedObject(storeName, in.count, plain, HexFormat.of().formatHex(in.sha.digest()));
        } catch (UncheckedIOException e) {
            throw new StoreUnavailableException("authenticate: reading object " + storeName + " failed",
                    e.getCause());
        } catch (IOException e) {
            throw new StoreUnavailableException("authenticate: reading object " + storeName + " failed", e);
        }
    }

    /** Counts and hashes what passes; closing it does not lose the digest. */
    private static final class HashingStream extends FilterInputStream {
        final MessageDigest sha = sha256();
        long count;

        HashingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                sha.update(buf, off, n);
                count += n;
            }
            return n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
