package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.PartSizing;
import fr.coffre.store.UploadSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;

/**
 * Uploads a stream through jclouds' multipart API with one bounded part buffer in memory: parts are read into a
 * byte array (a repeatable payload, as jclouds' SigV4 signer needs, and safe to retry), uploaded under the store's
 * retrier, and the upload is completed only after the last part; any failure aborts it, so no partial object ever
 * becomes visible. A stream that fits in the first part is sent as one ordinary (retryable) put instead.
 *
 * <p>Memory: one part, {@link PartSizing#partSizeFor} for a known length or the growing
 * {@link PartSizing#partSizeForPart} schedule for an unknown one; parts must fit an array (under 2 GiB).
 */
final class MultipartUploader {

    static final long MAX_BUFFERED_PART_BYTES = Integer.MAX_VALUE - 8;

    private final JcloudsObjectStore store;
    private final BlobStore blobs;
    private final PartSizing sizing;

    MultipartUploader(JcloudsObjectStore store, PartSizing sizing) {
        this.store = store;
        this.blobs = store.blobs;
        this.sizing = sizing;
    }

    void upload(String name, UploadSource source) {
        long known = source.declaredLengthBytes();
        long fixedPartBytes = known >= 0 ? sizing.partSizeFor(known) : -1;
        byte[] buffer = new byte[bufferSize(fixedPartBytes >= 0 ? fixedPartBytes : sizing.partSizeForPart(1))];
        int n = readFully(source, buffer, buffer.length);
        if (n < buffer.length || (known >= 0 && known == n)) {
            putSmall(name, buffer, n);
            return;
        }
        BlobMetadata metadata = blobs.blobBuilder(name).build().getMetadata();
        MultipartUpload mpu = store.idempotent("start multipart put", name,
                () -> blobs.initiateMultipartUpload(store.container, metadata, PutOptions.NONE));
        try {
            List<MultipartPart> parts = new ArrayList<>();
            int partNumber = 1;
            while (n > 0) {
                parts.add(uploadPart(name, mpu, partNumber, buffer, n));
                if (n < buffer.length) {
                    break;
                }
                partNumber++;
                if (partNumber > sizing.maxParts()) {
                    if (readFully(source, new byte[1], 1) == 0) {
                        break;
                    }
                    throw new InvalidInputException("data: longer than the " + sizing.maxParts() + " parts this"
                            + " store allows (" + sizing.maxUnknownSizeBytes() + " bytes for an unknown length);"
                            + " nothing was stored");
                }
                long next = fixedPartBytes >= 0 ? fixedPartBytes : sizing.partSizeForPart(partNumber);
                if (next != buffer.length) {
                    buffer = new byte[bufferSize(next)];
                }
                n = readFully(source, buffer, buffer.length);
            }
            blobs.completeMultipartUpload(mpu, parts);
        } catch (RuntimeException e) {
            abortQuietly(mpu, e);
            throw e;
        }
    }

    private void putSmall(String name, byte[] buffer, int length) {
        store.idempotent("put", name, () -> blobs.putBlob(store.container,
                blobs.blobBuilder(name).payload(payload(buffer, length)).build()));
    }

    private MultipartPart uploadPart(String name, MultipartUpload mpu, int partNumber, byte[] buffer, int length) {
        return store.idempotent("put part " + partNumber + " of", name,
                () -> blobs.uploadMultipartPart(mpu, partNumber, payload(buffer, length)));
    }

    /** A repeatable payload of the first {@code length} bytes (copied only for a short last part). */
    private static Payload payload(byte[] buffer, int length) {
        Payload payload = Payloads.newByteArrayPayload(length == buffer.length ? buffer
                : java.util.Arrays.copyOf(buffer, length));
        payload.getContentMetadata().setContentLength((long) length);
        return payload;
    }

    private void abortQuietly(MultipartUpload mpu, RuntimeException failure) {
        try {
            store.idempotent("abort multipart put of", mpu.blobName(), () -> {
                blobs.abortMultipartUpload(mpu);
                return null;
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // already typed and redacted by idempotent()
        }
    }

    private static int bufferSize(long partBytes) {
        if (partBytes > MAX_BUFFERED_PART_BYTES) {
            throw new InvalidInputException("data: needs parts of " + partBytes + " bytes, more than the "
                    + MAX_BUFFERED_PART_BYTES + " a bounded in-memory part buffer can hold; nothing was stored");
        }
        return (int) partBytes;
    }

    /** Reads until {@code length} bytes or the end of the stream; returns the count. */
    private static int readFully(UploadSource source, byte[] buffer, int length) {
        int total = 0;
        try {
            while (total < length) {
                int r = source.read(buffer, total, length - total);
                if (r == -1) {
                    break;
                }
                total += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // put() reports it as the caller's failure (source.failed())
        }
        return total;
    }
}
