package fr.coffre.core;

import fr.coffre.CoffreException;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.SecretBytes;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Optional;

/** Streams plaintext through COF1 into a store in one put, with bounded memory. */
final class ObjectWriter {
    private final ObjectStore store;
    private final KeyRegistry registry;
    private final int segmentSizeBytes;
    private final boolean sizePadding;
    private final SecureRandom random;

    ObjectWriter(ObjectStore store, KeyRegistry registry, int segmentSizeBytes, boolean sizePadding,
            SecureRandom random) {
        this.store = store;
        this.sizePadding = sizePadding;
        this.registry = registry;
        this.segmentSizeBytes = segmentSizeBytes;
        this.random = random;
    }

    ObjectStat put(String storeName, byte[] identity, InputStream data, PutOptions options) {
        if (data == null) {
            throw new fr.coffre.InvalidInputException("data: must be non-null");
        }
        KeyRegistry.Lease lease = options.subject().isPresent()
                ? registry.keyForWrite(true, options.subject().get())
                : registry.keyForWrite(false, options.collection().orElse(PutOptions.DEFAULT_COLLECTION));
        EncryptingSource source;
        long cipherLength;
        try (SecretBytes key = lease.key()) {
            EncryptionSpec spec = EncryptionSpec.builder()
                    .keyRef(KeyRefBlinding.TEMPLATE, registry.headerBinding(lease.ref())).logicalIdentity(identity)
                    .segmentSizeBytes(segmentSizeBytes).metadata(options.sealedMetadata()).sizePadding(sizePadding)
                    .build();
            cipherLength = options.plaintextLengthBytes().isPresent()
                    ? Cof1.encryptedLengthBytes(spec, options.plaintextLengthBytes().getAsLong()) : -1;
            source = new EncryptingSource(data, sink -> Cof1.encrypt(sink, spec, key, random),
                    options.plaintextLengthBytes().orElse(-1), cipherLength);
        }
        ObjectInfo info;
        try (source) {
            info = store.put(storeName, source, cipherLength);
        } catch (RuntimeException e) {
            if (source.failure() != null) {
                source.failure().addSuppressed(e);
                throw source.failure();
            }
            throw e;
        }
        if (source.failure() != null) {
            throw source.failure();
        }
        if (!source.finished()) {
            throw new CoffreException("put: the store stopped reading object " + storeName
                    + " before its end; the stored object lacks its final segment and will be rejected by readers");
        }
        return new ObjectStat(storeName, info.sizeBytes(), source.plaintextBytes(),
                Optional.ofNullable(info.lastModified()), lease.ref());
    }
}
