package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jclouds.http.options.GetOptions;
import org.jclouds.openstack.swift.v1.domain.ObjectList;
import org.jclouds.openstack.swift.v1.domain.SwiftObject;
import org.jclouds.openstack.swift.v1.features.ObjectApi;
import org.jclouds.openstack.swift.v1.options.ListContainerOptions;

/**
 * The leftovers of {@link SwiftSloStore}: the segments, in {@code <container>_segments}, of uploads whose manifest
 * was never written (a killed writer) or no longer references them (a previous version the writer did not get to
 * delete). A segment is {@code <name>/<upload id>/<part number>}; one leftover is one upload's segments
 * ({@code <name>/<upload id>}), as old as its newest segment. Segments the current manifest of {@code <name>}
 * references are never leftovers.
 */
final class SwiftSegmentLeftovers {

    private static final Pattern MANIFEST_SEGMENT = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SEGMENT = Pattern.compile(".+/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/[0-9]{8}");

    private final Supplier<ObjectApi> segments;
    private final Supplier<ObjectApi> objects;

    SwiftSegmentLeftovers(Supplier<ObjectApi> segments, Supplier<ObjectApi> objects) {
        this.segments = segments;
        this.objects = objects;
    }

    List<Leftover> find(Duration olderThan, Instant now) {
        Map<String, long[]> groups = new LinkedHashMap<>(); // upload -> {bytes, newest epoch millis}
        forEachSegment("", o -> {
            if (SEGMENT.matcher(o.getName()).matches()) {
                long[] g = groups.computeIfAbsent(upload(o.getName()), k -> new long[] {0, Long.MIN_VALUE});
                g[0] += size(o);
                g[1] = Math.max(g[1], o.getLastModified() == null ? Long.MAX_VALUE : o.getLastModified().getTime());
            }
        });
        Map<String, Set<String>> referenced = new HashMap<>();
        List<Leftover> found = new ArrayList<>();
        groups.forEach((upload, g) -> {
            Duration age = g[1] == Long.MAX_VALUE ? Duration.ZERO : Leftover.age(Instant.ofEpochMilli(g[1]), now);
            String name = upload.substring(0, upload.lastIndexOf('/'));
            if (age.compareTo(olderThan) >= 0
                    && !referenced.computeIfAbsent(name, this::referencedUploads).contains(upload)) {
                found.add(new Leftover(Leftover.Kind.LARGE_OBJECT_SEGMENTS, upload, g[0], age));
            }
        });
        return found;
    }

    /** Deletes the segments of one upload, unless the object's manifest references them by now. */
    void remove(Leftover leftover) {
        String upload = leftover.id();
        if (leftover.kind() != Leftover.Kind.LARGE_OBJECT_SEGMENTS || !SEGMENT.matcher(upload + "/00000000")
                .matches()) {
            throw new InvalidInputException("leftover: not large-object segments of a Swift store");
        }
        if (referencedUploads(upload.substring(0, upload.lastIndexOf('/'))).contains(upload)) {
            return;
        }
        forEachSegment(upload + "/", o -> {
            segments.get().delete(o.getName());
        });
    }

    /** The uploads ({@code <name>/<upload id>}) the current manifest of {@code name} references. */
    private Set<String> referencedUploads(String name) {
        SwiftObject head = objects.get().getWithoutBody(name);
        Set<String> uploads = new HashSet<>();
        if (head == null || !isStaticLargeObject(head)) {
            return uploads; // absent, or a plain object: it references no segment
        }
        SwiftObject manifest = objects.get().get(name, new ManifestOptions());
        if (manifest == null) {
            return uploads; // deleted meanwhile
        }
        String json;
        try (InputStream in = manifest.getPayload().openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // [{"name": "/<container>_segments/<name>/<upload>/<part>", "hash": ..., "bytes": ...}, ...]
        Matcher m = MANIFEST_SEGMENT.matcher(json);
        while (m.find()) {
            String path = m.group(1).replace("\\/", "/");
            path = path.startsWith("/") ? path.substring(1) : path;
            String segment = path.substring(path.indexOf('/') + 1); // after "<container>_segments/"
            if (segment.lastIndexOf('/') > 0) {
                uploads.add(upload(segment));
            }
        }
        return uploads;
    }

    /**
     * {@code ?multipart-manifest=get}: the manifest itself (jclouds' {@code getManifest} reads a {@code path} field
     * Swift does not send).
     */
    private static final class ManifestOptions extends GetOptions {
        ManifestOptions() {
            queryParameters.put("multipart-manifest", "get");
        }
    }

    private static boolean isStaticLargeObject(SwiftObject head) {
        return head.getHeaders().entries().stream().anyMatch(e -> e.getKey().equalsIgnoreCase(
                "X-Static-Large-Object") && e.getValue().equalsIgnoreCase("true"));
    }

    private static String upload(String segment) {
        return segment.substring(0, segment.lastIndexOf('/'));
    }

    private static long size(SwiftObject o) {
        Long length = o.getPayload() == null ? null : o.getPayload().getContentMetadata().getContentLength();
        return length == null ? 0 : length;
    }

    private void forEachSegment(String prefix, Consumer<SwiftObject> action) {
        String marker = null;
        while (true) {
            ListContainerOptions options = ListContainerOptions.Builder.limit(1000);
            if (!prefix.isEmpty()) {
                options.prefix(prefix);
            }
            if (marker != null) {
                options.marker(marker);
            }
            ObjectList page = segments.get().list(options);
            if (page == null || page.isEmpty()) { // null: no segments container
                return;
            }
            for (SwiftObject o : page) {
                action.accept(o);
            }
            marker = page.get(page.size() - 1).getName();
        }
    }
}
