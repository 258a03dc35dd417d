package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
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
 * {@link #leftovers} and {@link #remove} do the same on demand, for any age ({@code ObjectStore.cleanup}).
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
        for (Path f : temporaryFiles(olderThan)) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                continue;
            }
            removeEmptyParents(f);
        }
    }

    /** Temporary files last written at or before {@code writtenBefore}, except those of puts in flight here. */
    private List<Path> temporaryFiles(Instant writtenBefore) {
        if (!Files.isDirectory(containerDir)) {
            return List.of();
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(containerDir)) {
            files.filter(FilesystemUploads::isTemporary).filter(f -> !modifiedAfter(f, writtenBefore))
                    .filter(f -> !inFlight.containsKey(targetOf(f))).forEach(stale::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: what was not reached is swept at a later opening
        }
        return stale;
    }

    /**
     * The temporary files at least {@code olderThan} old that no put of this store is writing, as leftovers (ids:
     * their paths relative to the container directory).
     */
    synchronized List<Leftover> leftovers(Duration olderThan, Instant now) {
        List<Leftover> found = new ArrayList<>();
        for (Path f : temporaryFiles(now.minus(olderThan))) {
            try {
                Duration age = Leftover.age(Files.getLastModifiedTime(f).toInstant(), now);
                found.add(new Leftover(Leftover.Kind.TEMPORARY_FILE, containerDir.relativize(f).toString(),
                        Files.size(f), age));
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return found;
    }

    /** Deletes one leftover temporary file (gone: not an error), with the directories it leaves empty. */
    synchronized void remove(Leftover leftover) throws IOException {
        Path f = leftover.kind() == Leftover.Kind.TEMPORARY_FILE ? containerDir.resolve(leftover.id()).normalize()
                : null;
        if (f == null || !f.startsWith(containerDir) || f.equals(containerDir)
                || !ObjectNames.isReserved(f.getFileName().toString())) {
            throw new InvalidInputException("leftover: not a temporary file of this filesystem store");
        }
        if (inFlight.containsKey(targetOf(f)) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return; // a put of this store is writing it, or it is gone
        }
        Files.deleteIfExists(f);
        removeEmptyParents(f);
    }

    /** The object {@code <target>-<uuid>} is the temporary file of. */
    private static Path targetOf(Path temporary) {
        String file = temporary.getFileName().toString();
        return temporary.resolveSibling(file.substring(0, file.length() - 37));
    }

    private static boolean isTemporary(Path f) {
        return Files.isRegularFile(f) && ObjectNames.isReserved(f.getFileName().toString());
    }

    private static boolean modifiedAfter(Path f, Instant instant) {
        try {
            FileTime t = Files.getLastModifiedTime(f);
            return t.toInstant().isAfter(instant);
        } catch (IOException e) {
            return true; // gone, or unreadable: not swept
        }
    }
}
