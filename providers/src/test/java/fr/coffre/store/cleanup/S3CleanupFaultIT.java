package fr.coffre.store.cleanup;

import fr.coffre.store.Leftover;
import java.util.List;

/**
 * S3 (Swift's s3api, default AWS SDK driver): a killed writer leaves incomplete multipart uploads, which s3api keeps
 * with their parts in the {@code <bucket>+segments} container.
 */
class S3CleanupFaultIT extends CleanupFaultContract {

    @Override
    protected FaultStores kind() {
        return FaultStores.S3;
    }

    @Override
    protected List<String> rawState() throws Exception {
        return SwiftRaw.list(where, where + "+segments");
    }

    @Override
    protected List<Leftover.Kind> expectedLeftovers() {
        return List.of(Leftover.Kind.MULTIPART_UPLOAD, Leftover.Kind.MULTIPART_UPLOAD);
    }
}
