package fr.coffre.core.migration;

import fr.coffre.InvalidInputException;
import fr.coffre.store.StoreException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The checkpoint manifest of one source/destination pair, on the custody side. A text file:
 * <pre>
 * # coffre-migration-manifest/1
 * # source: swift:http://127.0.0.1:8080/auth/v1.0/records
 * # destination: azure:http://127.0.0.1:10000/devstoreaccount1/records
 * C 4711 &lt;header sha256&gt; &lt;content sha256&gt; &lt;store name&gt; &lt;crc32&gt;
 * D 0 - - &lt;store name&gt; &lt;crc32&gt;
 * </pre>
 * Each run starts by <em>compacting</em> it: an external merge sort (chunks of {@code chunkEntries} lines sorted in
 * memory, spilled to run files, merged) keeps the last line of every name and drops deleted names and torn lines,
 * into a sorted file that atomically replaces the manifest. The run then streams that sorted section alongside the
 * listings, and appends its own lines (in completion order) after it. Memory stays bounded by the chunk size
 * whatever the number of objects.
 */
final class Manifest {
    static final String MAGIC = "# coffre-migration-manifest/1";
    private static final Comparator<ManifestEntry> BY_NAME = Comparator.comparing(ManifestEntry::name);

    private final Path view;
    private final long sortedEntries;
    private final long droppedLines;

    private Manifest(Path view, long sortedEntries, long droppedLines) {
        this.view = view;
        this.sortedEntries = sortedEntries;
        this.droppedLines = droppedLines;
    }

    /**
     * Opens (creating if absent) and compacts the manifest of {@code source} to {@code destination}. With
     * {@code readOnly} (dry runs) the manifest file is left untouched and the sorted view is a temporary file.
     *
     * @throws InvalidInputException if the file is not a manifest or belongs to another pair of stores
     */
    static Manifest open(Path path, String source, String destination, boolean readOnly, int chunkEntries) {
        List<String> header = List.of(MAGIC, "# source: " + source, "# destination: " + destination);
        try {
            Path view = readOnly ? Files.createTempFile(path.toAbsolutePath().getParent(), ".manifest-", ".view")
                    : path.resolveSibling(path.getFileName() + ".compacting");
            long[] counts = {0, 0};
            if (!Files.exists(path)) {
                writeView(view, header, List.<ManifestEntry>of().iterator(), counts);
            } else {
                try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.US_ASCII)) {
                    checkHeader(path, in, header);
                    writeView(view, header, sorted(in, view, chunkEntries, counts), counts);
                }
            }
            if (!readOnly) {
                Files.move(view, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(path.toAbsolutePath().getParent());
                view = path;
            }
            return new Manifest(view, counts[0], counts[1]);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("manifest: cannot read or compact " + path, e);
        }
    }

    private static void checkHeader(Path path, BufferedReader in, List<String> expected) throws IOException {
        for (String want : expected) {
            String got = in.readLine();
            if (got == null || !got.equals(want)) {
                throw new InvalidInputException("manifest " + path + ": " + (want.equals(MAGIC)
                        ? "is not a coffre migration manifest" : "was written for another pair of stores (expected '"
                        + want + "', found '" + got + "'); choose another manifest path"));
            }
        }
    }

    private static void writeView(Path view, List<String> header, Iterator<ManifestEntry> entries, long[] counts)
            throws IOException {
        try (FileChannel ch = FileChannel.open(view, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             BufferedWriter out = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.US_ASCII), 1 << 16)) {
            for (String h : header) {
                out.write(h);
                out.write('\n');
            }
            while (entries.hasNext()) {
                out.write(entries.next().encode());
                out.write('\n');
                counts[0]++;
            }
            out.flush();
            ch.force(false);
        }
    }

    /** The last entry of every name, sorted by name, deleted names left out. */
    private static Iterator<ManifestEntry> sorted(BufferedReader in, Path view, int chunkEntries, long[] counts)
            throws IOException {
        List<Path> runs = new ArrayList<>();
        List<ManifestEntry> chunk = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            ManifestEntry e = ManifestEntry.decode(line);
            if (e == null) {
                counts[1]++;
                continue;
            }
            chunk.add(e);
            if (chunk.size() >= chunkEntries) {
                runs.add(spill(chunk, view, runs.size()));
                chunk.clear();
            }
        }
        chunk.sort(BY_NAME); // stable: later lines of a name stay after earlier ones
        if (runs.isEmpty()) {
            return lastOfEachName(chunk.iterator());
        }
        runs.add(spill(chunk, view, runs.size()));
        return lastOfEachName(merge(runs));
    }

    private static Path spill(List<ManifestEntry> chunk, Path view, int index) throws IOException {
        chunk.sort(BY_NAME);
        Path run = view.resolveSibling(view.getFileName() + ".run" + index);
        try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.US_ASCII)) {
            for (ManifestEntry e : chunk) {
                out.write(e.encode());
                out.write('\n');
            }
        }
        run.toFile().deleteOnExit();
        return run;
    }

    /** K-way merge of sorted runs; equal names come in run order, so the last one is the latest. */
    private static Iterator<ManifestEntry> merge(List<Path> runs) throws IOException {
        record Head(ManifestEntry entry, int run, Iterator<ManifestEntry> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.entry().name())
                .thenComparingInt(Head::run));
        for (int i = 0; i < runs.size(); i++) {
            Iterator<ManifestEntry> it = read(runs.get(i), 0);
            if (it.hasNext()) {
                heads.add(new Head(it.next(), i, it));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (heads.isEmpty()) {
                    runs.forEach(r -> r.toFile().delete());
                }
                return !heads.isEmpty();
            }

            @Override
            public ManifestEntry next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head(h.rest().next(), h.run(), h.rest()));
                }
                return h.entry();
            }
        };
    }

    private static Iterator<ManifestEntry> lastOfEachName(Iterator<ManifestEntry> byName) {
        return Lookahead.of(new Supplier<>() {
            private ManifestEntry held = byName.hasNext() ? byName.next() : null;

            @Override
            public ManifestEntry get() {
                while (held != null) {
                    ManifestEntry last = held;
                    held = null;
                    while (byName.hasNext()) {
                        ManifestEntry e = byName.next();
                        if (!e.name().equals(last.name())) {
                            held = e;
                            break;
                        }
                        last = e;
                    }
                    if (last.copied()) {
                        return last;
                    }
                }
                return null;
            }
        });
    }

    /** Streams the valid entries of a file, skipping {@code headerLines}. */
    static Iterator<ManifestEntry> read(Path file, int headerLines) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.US_ASCII), 1 << 16);
        for (int i = 0; i < headerLines; i++) {
            in.readLine();
        }
        return Lookahead.of(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    ManifestEntry e = ManifestEntry.decode(line);
                    if (e != null) {
                        return e;
                    }
                }
                in.close();
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The compacted entries, sorted by name: exactly the first {@link #sortedEntries()} entries of the view (lines
     * appended by this run come after them and are not read back).
     */
    Iterator<ManifestEntry> sortedEntries() {
        Iterator<ManifestEntry> all;
        try {
            all = read(view, 3);
        } catch (IOException e) {
            throw new StoreException("manifest: cannot read " + view, e);
        }
        return new Iterator<>() {
            private long left = sortedEntries;

            @Override
            public boolean hasNext() {
                return left > 0 && all.hasNext();
            }

            @Override
            public ManifestEntry next() {
                left--;
                return all.next();
            }
        };
    }

    Path path() {
        return view;
    }

    long sortedEntryCount() {
        return sortedEntries;
    }

    /** Deletes the temporary view of a read-only (dry-run) open; a no-op otherwise. */
    void discardView(boolean readOnly) {
        if (readOnly) {
            view.toFile().delete();
        }
    }

    long droppedLines() {
        return droppedLines;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some platforms cannot open a directory; the rename itself is atomic
        }
    }
}
