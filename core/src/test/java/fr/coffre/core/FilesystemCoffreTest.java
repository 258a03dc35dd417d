package fr.coffre.core;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.file.Path;

/** The Coffre conformance suite on the filesystem store. */
class FilesystemCoffreTest extends CoffreContract {
    @Override
    protected ObjectStore openStore(Path dir) {
        return ObjectStores.filesystem(dir);
    }
}
