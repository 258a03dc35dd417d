package fr.coffre.core;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The Coffre conformance and security suites on the in-memory store, every object size-padded (COF1 suite 2). */
class PaddedMemoryCoffreTest {
    @Nested
    class Conformance extends CoffreContract {
        @Override
        protected ObjectStore openStore(Path dir) {
            return ObjectStores.memory();
        }

        @Override
        protected boolean sizePadding() {
            return true;
        }
    }

    @Nested
    class Security extends CoffreSecurityContract {
        @Override
        protected ObjectStore openStore(Path dir) {
            return ObjectStores.memory();
        }

        @Override
        protected boolean sizePadding() {
            return true;
        }
    }
}
