package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.RangePlan;
import fr.coffre.crypto.SealedMetadata;
import fr.coffre.SecretBytes;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.store.ObjectHead;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/** Reads COF1 objects from a store: whole, ranged (fetching only the needed segments), or just their header. */
final class ObjectReader {
    /** First fetch of a ranged read: enough for the header and typical sealed metadata. */
    private static final int FIRST_FETCH_BYTES = 4096;
    private final ObjectStore store;
    private final KeyRegistry registry;

    ObjectReader(ObjectStore store, KeyRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    DecryptedObject get(String storeName, byte[] identity) {
        InputStream in = store.get(storeName);
        try {
            Cof1Header header = Cof1.readHeader(in);
            try (SecretBytes key = registry.keyForRead(header)) {
                return Cof1.open(header, in, key, identity);
            }
        } catch (UncheckedIOException e) {
            closeQuietly(in);
            throw new StoreUnavailableException("get: reading object " + storeName + " failed", e.getCause());
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Plaintext {@code [offset, offset+length)}, clipped to the end of the object. */
    DecryptedObject get(String storeName, byte[] identity, long offsetBytes, long lengthBytes) {
        if (offsetBytes < 0 || lengthBytes < 0) {
            throw new InvalidInputException("range: offsetBytes and lengthBytes must be >= 0, were " + offsetBytes
                    + " and " + lengthBytes);
        }
        ObjectHead head = store.head(storeName, FIRST_FETCH_BYTES);   // size and first bytes: one request on S3
        long size = head.info().sizeBytes();
        byte[] prefix = readPrefix(storeName, size, head.firstBytes());
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(prefix));
        try (SecretBytes key = registry.keyForRead(header)) {
            DecryptedObject opened = Cof1.open(header, afterHeader(prefix, header), key, identity);
            opened.close();
            long plain = plaintextLength(storeName, size, header, opened.metadata(), key, identity);
            if (offsetBytes > plain) {
                throw new InvalidInputException("range: offsetBytes must be <= the plaintext length " + plain
                        + ", was " + offsetBytes);
            }
            RangePlan plan = header.planRange(offsetBytes, Math.min(lengthBytes, plain - offsetBytes), size, plain);
            InputStream cipher = plan.plaintextLengthBytes() == 0 ? InputStream.nullInputStream()
                    : store.get(storeName, plan.cipherOffsetBytes(), plan.cipherLengthBytes());
            try {
                return Cof1.openRange(opened, header, cipher, plan, key, identity);
            } catch (RuntimeException e) {
                closeQuietly(cipher);
                throw e;
            }
        }
    }

    /**
     * Store size and header, without any key: the plaintext length is derived, not yet authenticated. A size-padded
     * object's length is sealed: it is read, authenticated, from its metadata or its final segment, with its key
     * (-1 if that key was destroyed).
     */
    ObjectStat stat(String storeName, byte[] identity) {
        ObjectHead first = store.head(storeName, FIRST_FETCH_BYTES);
        ObjectInfo info = first.info();
        long size = info.sizeBytes();
        byte[] head = first.firstBytes();
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(head));
        long plain;
        if (!header.sizePadded()) {
            plain = header.plaintextLengthBytes(size);
        } else {
            byte[] prefix = readPrefix(storeName, size, head);
            try (SecretBytes key = registry.keyForRead(header);
                    DecryptedObject opened = Cof1.open(header, afterHeader(prefix, header), key, identity)) {
                plain = plaintextLength(storeName, size, header, opened.metadata(), key, identity);
            } catch (fr.coffre.KeyDestroyedException e) {
                plain = -1;   // shredded: the object is still there, its length gone with its key
            }
        }
        return new ObjectStat(storeName, size, plain, Optional.ofNullable(info.lastModified()),
                registry.dataKeyRef(header));
    }

    /**
     * The plaintext length: from the object's length (suite 1), else its sealed metadata if it declares it, else
     * its length trailer (one more ranged read, of its final segment).
     */
    private long plaintextLength(String storeName, long size, Cof1Header header, SealedMetadata metadata,
            SecretBytes key, byte[] identity) {
        if (!header.sizePadded()) {
            return header.plaintextLengthBytes(size);
        }
        if (metadata.plaintextLengthBytes().isPresent()) {
            long declared = metadata.plaintextLengthBytes().getAsLong();
            header.planRange(0, 0, size, declared);   // the object's length must match it: else tampered
            return declared;
        }
        RangePlan plan = header.lengthTrailerRange(size);
        InputStream trailer = store.get(storeName, plan.cipherOffsetBytes(), plan.cipherLengthBytes());
        try {
            return Cof1.openLengthTrailer(header, trailer, plan, key, identity);
        } catch (UncheckedIOException e) {
            throw new StoreUnavailableException("get: reading object " + storeName + " failed", e.getCause());
        } finally {
            closeQuietly(trailer);
        }
    }

    private static InputStream afterHeader(byte[] prefix, Cof1Header header) {
        return new ByteArrayInputStream(prefix, header.headerLengthBytes(), prefix.length - header.headerLengthBytes());
    }

    /** The header and sealed metadata, from the object's first bytes ({@code head}) and more if they are longer. */
    private byte[] readPrefix(String storeName, long size, byte[] head) {
        if (head.length < Math.min(size, FIRST_FETCH_BYTES)) {
            throw shorterThanItsSize(storeName);
        }
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(head));
        int prefixLength = header.prefixLengthBytes();
        if (prefixLength > size) {
            throw new TamperedObjectException("object " + storeName + " is shorter than its COF1 header and metadata");
        }
        if (prefixLength <= head.length) {
            return head;
        }
        byte[] rest = readRange(storeName, head.length, prefixLength - head.length);
        byte[] all = Arrays.copyOf(head, prefixLength);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    private byte[] readRange(String storeName, long offset, int length) {
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = store.get(storeName, offset, length)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw shorterThanItsSize(storeName);
            }
            return bytes;
        } catch (IOException e) {
            throw new StoreUnavailableException("get: reading object " + storeName + " failed", e);
        }
    }

    private static TamperedObjectException shorterThanItsSize(String storeName) {
        return new TamperedObjectException("object " + storeName + " is shorter than its stored size says"
                + " (truncated or replaced while reading)");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
