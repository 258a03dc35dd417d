package fr.coffre.store.cleanup;

/** {@link S3CleanupFaultIT} through the jclouds s3 driver. */
class JcloudsS3CleanupFaultIT extends S3CleanupFaultIT {

    @Override
    protected FaultStores kind() {
        return FaultStores.S3_JCLOUDS;
    }
}
