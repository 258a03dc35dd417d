package fr.coffre.core;

import fr.coffre.store.TestServers;

/** Coffre end to end ({@link BackendCoffreContract}) on S3 (the local Swift's s3api) through the jclouds s3 driver. */
class S3JcloudsCoffreIT extends BackendCoffreContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.S3_JCLOUDS;
    }
}
