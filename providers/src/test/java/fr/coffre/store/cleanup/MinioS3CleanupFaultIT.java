package fr.coffre.store.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * S3 through the MinIO SDK driver: its SDK reads Swift's s3api list of incomplete uploads as empty, so the driver
 * refuses to list leftovers (a typed error naming the default driver) rather than report a store clean.
 */
class MinioS3CleanupFaultIT {

    @Test
    void leftoversAreRefusedNamingTheDefaultDriver() {
        FaultStores.S3_MINIO.require();
        String bucket = "cleanup-fault-" + UUID.randomUUID().toString().substring(0, 8);
        try (ObjectStore store = FaultStores.S3_MINIO.open(bucket)) {
            store.createContainerIfAbsent();
            StoreException e = assertThrows(StoreException.class, () -> store.cleanup(Duration.ZERO, true));
            assertEquals(StoreException.class, e.getClass());
            assertTrue(e.getMessage().contains("default S3 driver"), e.getMessage());
        }
    }
}
