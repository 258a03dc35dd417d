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
            InputStream afterHeader = new ByteArrayInputStream(prefix, header.headerLengthBytes(),
                    prefix.length - header.headerLengthBytes());
            DecryptedObject opened = Cof1.open(header, afterHeader, key, identity);
            opened.close();
            long plain = header.plaintextLengthBytes(size);
            if (offsetBytes > plain) {
                throw new InvalidInputException("range: offsetBytes must be <= the plaintext length " + plain
                        + ", was " + offsetBytes);
            }
            RangePlan plan = header.planRange(offsetBytes, Math.min(lengthBytes, plain - offsetBytes), size);
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

    /** Store size and header, without any key: the plaintext length is derived, not yet authenticated. */
    ObjectStat stat(String storeName) {
        ObjectHead first = store.head(storeName, Cof1.MAX_HEADER_BYTES);
        ObjectInfo info = first.info();
        byte[] head = first.firstBytes();
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(head));
        return new ObjectStat(storeName, info.sizeBytes(), header.plaintextLengthBytes(info.sizeBytes()),
                Optional.ofNullable(info.lastModified()), registry.dataKeyRef(header));
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
