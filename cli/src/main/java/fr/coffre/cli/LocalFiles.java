package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks on local files given on the command line (before any store is opened), and atomic writes. */
final class LocalFiles {
    private LocalFiles() {
    }

    /** A regular, readable file to upload; {@code recursive} names the option to use for a directory. */
    static Path inputFile(String file) {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new InvalidInputException("put: " + path + " is a directory (to store a tree: coffre put -r DIR"
                    + " PREFIX)");
        }
        if (!Files.exists(path)) {
            throw new InvalidInputException("no such file: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidInputException("put: " + path + " is not a readable regular file");
        }
        return path;
    }

    /** An existing directory to upload as a tree. */
    static Path inputDirectory(String dir) {
        Path path = Path.of(dir);
        if (!Files.exists(path)) {
            throw new InvalidInputException("no such directory: " + path);
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException("put -r: " + path + " is not a directory (for one file: coffre put NAME"
                    + " FILE)");
        }
        return path;
    }

    /** A file to write, whose directory exists; refused if it is a directory. */
    static Path outputFile(String file) {
        Path target = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new InvalidInputException("get: " + target + " is a directory (to fetch a tree: coffre get -r PREFIX"
                    + " DIR)");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new InvalidInputException("no such directory: " + target.getParent());
        }
        return target;
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file beside it, renamed atomically. The temporary
     * file is removed on failure, and by a shutdown hook if the process is interrupted (Ctrl-C) meanwhile.
     */
    static long writeAtomically(Path target, InputStream content, Progress progress) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        InFlight.FILES.add(tmp);
        try {
            long n;
            try (OutputStream os = progress.counting(Files.newOutputStream(tmp))) {
                n = content.transferTo(os);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
            InFlight.FILES.remove(tmp);
        }
    }

    /** Temporary files being written, deleted if the JVM exits before they are renamed. */
    private static final class InFlight {
        static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FILES.forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }), "coffre-temporary-files"));
        }
    }
}
