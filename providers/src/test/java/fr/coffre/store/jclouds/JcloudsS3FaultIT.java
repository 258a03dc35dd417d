package fr.coffre.store.jclouds;

import fr.coffre.store.StoreFaultContract;
import fr.coffre.store.TestServers;

/** Network and server faults ({@link StoreFaultContract}) on S3 (Swift's s3api) through the jclouds s3 driver. */
class JcloudsS3FaultIT extends StoreFaultContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.S3_JCLOUDS;
    }
}
