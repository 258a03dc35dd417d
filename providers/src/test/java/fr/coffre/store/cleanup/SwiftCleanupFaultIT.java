package fr.coffre.store.cleanup;

import fr.coffre.store.Leftover;
import java.util.List;

/** Swift (native API, tempauth): a killed writer leaves SLO segments no manifest references. */
class SwiftCleanupFaultIT extends CleanupFaultContract {

    @Override
    protected FaultStores kind() {
        return FaultStores.SWIFT;
    }

    @Override
    protected List<String> rawState() throws Exception {
        return SwiftRaw.list(where, where + "_segments");
    }

    @Override
    protected List<Leftover.Kind> expectedLeftovers() {
        return List.of(Leftover.Kind.LARGE_OBJECT_SEGMENTS, Leftover.Kind.LARGE_OBJECT_SEGMENTS);
    }
}
