package fr.coffre.store.replicated;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreDescriptor;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The descriptor of a replicated store: provider {@value #PROVIDER}, the replicas' descriptors as endpoint (they
 * never hold credentials), and the container, country, jurisdiction and region the replicas share (null where they
 * differ; the container, which a descriptor requires, is then the replicas' containers joined with {@code +}).
 */
final class CompositeDescriptor {
    static final String PROVIDER = "replicated";

    private CompositeDescriptor() {
    }

    static StoreDescriptor of(List<ObjectStore> replicas) {
        List<StoreDescriptor> ds = replicas.stream().map(ObjectStore::descriptor).toList();
        String endpoint = ds.stream().map(StoreDescriptor::toString).collect(Collectors.joining(",", "[", "]"));
        String container = shared(ds, StoreDescriptor::container);
        if (container == null) {
            container = ds.stream().map(StoreDescriptor::container).collect(Collectors.joining("+"));
        }
        return new StoreDescriptor(PROVIDER, endpoint, container, shared(ds, StoreDescriptor::regionCountry),
                shared(ds, StoreDescriptor::providerJurisdiction), shared(ds, StoreDescriptor::region));
    }

    private static String shared(List<StoreDescriptor> ds, Function<StoreDescriptor, String> field) {
        String first = field.apply(ds.get(0));
        return ds.stream().allMatch(d -> Objects.equals(field.apply(d), first)) ? first : null;
    }
}
