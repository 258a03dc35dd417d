package fr.coffre.core;

import fr.coffre.store.TestServers;

/** Coffre end to end ({@link BackendCoffreContract}) on S3 (the local Swift's s3api) through the MinIO SDK driver. */
class S3MinioCoffreIT extends BackendCoffreContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.S3_MINIO;
    }
}
