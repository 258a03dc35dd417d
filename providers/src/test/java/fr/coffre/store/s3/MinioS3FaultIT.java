package fr.coffre.store.s3;

import fr.coffre.store.StoreFaultContract;
import fr.coffre.store.TestServers;

/** Network and server faults ({@link StoreFaultContract}) on S3 (Swift's s3api) through the MinIO SDK driver. */
class MinioS3FaultIT extends StoreFaultContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.S3_MINIO;
    }
}
