package fr.coffre.core;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.file.Path;

/** The Coffre security suite on the filesystem store. */
class FilesystemCoffreSecurityTest extends CoffreSecurityContract {
    @Override
    protected ObjectStore openStore(Path dir) {
        return ObjectStores.filesystem(dir);
    }
}
