package fr.coffre.core;

import fr.coffre.store.TestServers;

/** Coffre end to end ({@link BackendCoffreContract}) on S3 (the local Swift's s3api) through the AWS SDK v2 driver, the default. */
class S3AwsSdkCoffreIT extends BackendCoffreContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.S3_AWS_SDK;
    }
}
