package fr.coffre.store.jclouds;

/**
 * The Swift conformance suite with every put of known length sent as one streamed PUT (from 0 bytes), so that the
 * streamed path meets every case of the suite: empty and small objects, short and long streams, the caller's stream
 * failing at the first byte or midway, a missing container, bad credentials, overwrites of segmented objects.
 */
class SwiftJcloudsStreamedPutIT extends SwiftJcloudsStoreIT {

    @Override
    protected CloudTuning tuning() {
        return CloudTuning.swiftDefaults().withStreamedPuts(0, 5L * 1024 * 1024 * 1024);
    }
}
