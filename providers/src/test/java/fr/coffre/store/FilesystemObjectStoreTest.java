package fr.coffre.store;

import fr.coffre.store.jclouds.JcloudsStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on the filesystem store (jclouds {@code filesystem}) under a temporary directory. */
class FilesystemObjectStoreTest extends ObjectStoreContract {

    @TempDir
    static Path base;

    @Override
    protected ObjectStore openStore(String container) {
        return JcloudsStores.filesystem(base, container);
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.notApplicable("the filesystem store takes no credentials; access is governed by"
                + " the operating system's file permissions");
    }
}
