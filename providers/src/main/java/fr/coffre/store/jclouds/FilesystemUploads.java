package fr.coffre.store.jclouds;

import fr.coffre.store.internal.ObjectNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The housekeeping of uploads into one filesystem container. jclouds streams each put to a temporary file
 * {@code <name>-<uuid>} beside the target (a reserved name, never listed) and renames it over the target; it deletes
 * that file when the put fails, but not the directories it created for the name, and nothing runs when the JVM is
 * stopped mid-upload. So:
 * <ul>
 *   <li>after a failed put, the directories it left empty are removed, unless a put in flight in this store needs
 *       them ({@link #begin}/{@link #failed} under one lock, so a concurrent put never loses its directory);</li>
 *   <li>when the JVM shuts down (Ctrl-C, SIGTERM) during a put, the temporary files of that name are deleted;</li>
 *   <li>when the store opens, temporary files older than {@link #STALE_AFTER} (a killed JVM, a power cut) are
 *       deleted, with the directories they leave empty; younger ones may belong to a put in flight in another
 *       process and are kept.</li>
 * </ul>
 * Best effort: a file that cannot be deleted stays (it is never listed). Thread-safe.
 */
final class FilesystemUploads {

    /** Age from which a temporary upload file is presumed abandoned and swept when the store opens. */
    static final Duration STALE_AFTER = Duration.ofHours(1);

    private final Path containerDir;
    private final Map<Path, Integer> inFlight = new HashMap<>();
    private final Thread shutdownHook;

    FilesystemUploads(Path containerDir) {
        this.containerDir = containerDir;
        sweepStale(Instant.now().minus(STALE_AFTER));
        this.shutdownHook = new Thread(this::deleteInFlightTemporaryFiles, "coffre-filesystem-upload-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Registers a put of {@code target} before jclouds creates its directories. */
    synchronized void begin(Path target) {
        inFlight.merge(target, 1, Integer::sum);
    }

    /** A put of {@code target} succeeded. */
    synchronized void succeeded(Path target) {
        end(target);
    }

    /**
     * A put of {@code target} failed (jclouds has deleted its temporary file): removes the directories it left empty
     * that no put in flight needs.
     */
    synchronized void failed(Path target) {
        end(target);
        removeEmptyParents(target);
    }

    void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void end(Path target) {
        inFlight.computeIfPresent(target, (t, n) -> n == 1 ? null : n - 1);
    }

    private synchronized void deleteInFlightTemporaryFiles() {
        List<Path> interrupted = List.copyOf(inFlight.keySet());
        inFlight.clear(); // the JVM is going down: those puts will never complete
        for (Path target : interrupted) {
            deleteTemporaryFilesOf(target);
            removeEmptyParents(target);
        }
    }

    /** Deletes the {@code <target>-<uuid>} files. */
    private void deleteTemporaryFilesOf(Path target) {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String prefix = target.getFileName() + "-";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> isTemporary(f)
                && f.getFileName().toString().startsWith(prefix)
                && f.getFileName().toString().length() == prefix.length() + 36)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // best effort: a leftover temporary file is never listed, and swept when it is stale
        }
    }

    /** Removes empty directories from {@code path}'s parent up to (excluding) the container directory. */
    private void removeEmptyParents(Path path) {
        for (Path d = path.getParent(); d != null && d.startsWith(containerDir) && !d.equals(containerDir);
                d = d.getParent()) {
            if (neededInFlight(d) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                return; // never an object (a put below an existing object fails before writing)
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty (or gone): nothing more to remove above it
            }
        }
    }

    private boolean neededInFlight(Path dir) {
        for (Path target : inFlight.keySet()) {
            if (target.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void sweepStale(Instant olderThan) {
        if (!Files.isDirectory(containerDir)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(containerDir)) {
            files.filter(FilesystemUploads::isTemporary).filter(f -> modifiedBefore(f, olderThan)).forEach(stale::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: what was not reached is swept at a later opening
        }
        for (Path f : stale) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                continue;
            }
            removeEmptyParents(f);
        }
    }

    private static boolean isTemporary(Path f) {
        return Files.isRegularFile(f) && ObjectNames.isReserved(f.getFileName().toString());
    }

    private static boolean modifiedBefore(Path f, Instant instant) {
        try {
            FileTime t = Files.getLastModifiedTime(f);
            return t.toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }
}
