package fr.coffre.store.azure;

/**
 * The Azure conformance suite with every put of known length sent as one streamed {@code Put Blob} (from 0 bytes),
 * so that the streamed path meets every case of the suite: empty and small objects, short and long streams, the
 * caller's stream failing at the first byte or midway, a missing container, bad credentials, overwrites.
 */
class AzureBlobStreamedPutIT extends AzureBlobStoreIT {

    @Override
    protected long streamedPutMinBytes() {
        return 0;
    }
}
