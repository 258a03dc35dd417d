package fr.coffre.store.jclouds;

import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.Leftover;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.openstack.swift.v1.SwiftApi;
import org.jclouds.openstack.swift.v1.domain.ObjectList;
import org.jclouds.openstack.swift.v1.domain.Segment;
import org.jclouds.openstack.swift.v1.domain.SwiftObject;
import org.jclouds.openstack.swift.v1.features.ObjectApi;
import org.jclouds.openstack.swift.v1.options.ListContainerOptions;

/**
 * OpenStack Swift through jclouds {@code openstack-swift} (tempauth or Keystone), one container.
 *
 * <p>Every put goes through {@link ParallelPartUploader}: an object that fits one part is one PUT from a buffer; a
 * larger one of known length, up to the single-object limit (5 GiB), is one PUT streamed from the caller's stream
 * with that {@code Content-Length} (Swift authenticates with a token, so the body need not be read twice; a body that
 * ends early or fails never completes the request, and Swift stores nothing); an unknown-length or larger one is a
 * Static Large Object whose segments live in the separate container {@code <container>_segments} (the python-swiftclient convention) under
 * {@code <name>/<upload id>/<part number>}, so segments never appear in this store's listings. The manifest is
 * written only after every segment succeeded (Swift checks each segment's ETag and size); a failure deletes the
 * segments already sent. After a put, segments of the object's previous versions are deleted; a delete removes the
 * manifest and its segments ({@code multipart-manifest=delete}). A killed writer leaves segments no manifest
 * references: they are this store's leftovers ({@link SwiftSegmentLeftovers}).
 */
final class SwiftSloStore extends RemoteJcloudsStore {

    static final String SEGMENTS_SUFFIX = "_segments";

    private final SwiftApi api;
    private final String segments;
    private final String configuredRegion;
    private volatile String region;
    private final SwiftSegmentLeftovers leftovers;

    /** @param region the catalogue region to use, or null when the catalogue has only one */
    SwiftSloStore(BlobStoreContext context, String region, StoreDescriptor descriptor, CloudTuning tuning,
            ExecutorService partExecutor) {
        super(context, descriptor, tuning, partExecutor);
        this.configuredRegion = region;
        this.api = context.unwrapApi(SwiftApi.class);
        this.segments = container + SEGMENTS_SUFFIX;
        this.leftovers = new SwiftSegmentLeftovers(() -> objects(segments), () -> objects(container));
    }

    @Override
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) {
        return leftovers.find(olderThan, now);
    }

    @Override
    protected void removeLeftover(Leftover leftover) {
        leftovers.remove(leftover);
    }

    /** The region, known after the first authentication (which happens on first use, not on opening). */
    private String region() {
        String r = region;
        if (r == null) {
            r = SwiftRegions.choose(api.getConfiguredRegions(), configuredRegion);
            region = r;
        }
        return r;
    }

    @Override
    protected ParallelPartUploader.Target target(String name) {
        return new Slo(name);
    }

    @Override
    protected void afterPut(String name, ParallelPartUploader.Target target) {
        String uploadId = ((Slo) target).uploadId;
        deleteSegments(name, "", uploadId == null ? null : name + "/" + uploadId + "/");
    }

    /** Swift's primitives for one object: plain PUT (buffered or streamed), or segments + SLO manifest. */
    private final class Slo implements ParallelPartUploader.StreamingTarget {
        private final String name;
        private volatile String uploadId;

        Slo(String name) {
            this.name = name;
        }

        @Override
        public void putWhole(byte[] data, int length) {
            call("put", name, () -> objects(container).put(name, JcloudsPayloads.of(data, length)));
        }

        @Override
        public void putStreamed(InputStream data, long length) {
            call("put", name, () -> objects(container).put(name, JcloudsPayloads.once(data, length)));
        }

        @Override
        public String start() {
            call("put (create segments container)", name, () -> api.getContainerApi(region()).create(segments));
            uploadId = UUID.randomUUID().toString();
            return uploadId;
        }

        @Override
        public String putPart(String id, int partNumber, byte[] data, int length) {
            String etag = call("put segment " + partNumber + " of", name,
                    () -> objects(segments).put(segmentName(name, id, partNumber), JcloudsPayloads.of(data, length)));
            return etag + " " + length;
        }

        @Override
        public void complete(String id, List<String> parts) {
            List<Segment> list = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                String[] etagAndSize = parts.get(i).split(" ");
                list.add(Segment.builder().path(segments + "/" + segmentName(name, id, i + 1)).etag(etagAndSize[0])
                        .sizeBytes(Long.parseLong(etagAndSize[1])).build());
            }
            call("put (write large-object manifest)", name, () -> api.getStaticLargeObjectApi(region(), container)
                    .replaceManifest(name, list, Map.of()));
        }

        @Override
        public void abort(String id) {
            deleteSegments(name, id + "/", null);
        }
    }

    private ObjectApi objects(String inContainer) {
        return api.getObjectApi(region(), inContainer);
    }

    private static String segmentName(String name, String uploadId, int partNumber) {
        return String.format(Locale.ROOT, "%s/%s/%08d", name, uploadId, partNumber);
    }

    /** Deletes the segments under {@code name/subPrefix}, except those under {@code keepPrefix}. */
    private void deleteSegments(String name, String subPrefix, String keepPrefix) {
        String prefix = name + "/" + subPrefix;
        idempotent("delete segments of", name, () -> {
            String marker = null;
            while (true) {
                ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).limit(1000);
                if (marker != null) {
                    options.marker(marker);
                }
                ObjectList page = objects(segments).list(options);
                if (page == null || page.isEmpty()) { // null: no segments container yet
                    return null;
                }
                for (SwiftObject o : page) {
                    if (keepPrefix == null || !o.getName().startsWith(keepPrefix)) {
                        objects(segments).delete(o.getName());
                    }
                }
                marker = page.get(page.size() - 1).getName();
            }
        });
    }
}
