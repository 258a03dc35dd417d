package fr.coffre.cli;

import fr.coffre.core.ObjectStat;
import fr.coffre.core.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put NAME FILE|-}, {@code put -r DIR PREFIX}: encrypt into the store. Local inputs are checked first. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Encrypt a file (or stdin, '-') into the object NAME.",
                "With -r: every regular file under DIR (symbolic links are not followed) into PREFIX/<relative path>,"
                        + " --jobs at a time."})
final class PutCommand extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "NAME|DIR", description = "object name (with -r: the local directory)")
    String first;

    @Parameters(index = "1", paramLabel = "FILE|PREFIX", description = "file, or '-' for stdin (with -r: the name"
            + " prefix)")
    String second;

    @Option(names = {"-r", "--recursive"}, description = "store a directory tree")
    boolean recursive;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "4", description = "parallel transfers with -r"
            + " (1 to 64, default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--subject", paramLabel = "S", description = "protect with the data key of subject S (a patient),"
            + " for shredding")
    String subject;

    @Option(names = "--collection", paramLabel = "C", description = "protect with the data key of collection C"
            + " (default 'default')")
    String collection;

    @Option(names = "--content-type", paramLabel = "T", defaultValue = "application/octet-stream",
            description = "sealed content type (default ${DEFAULT-VALUE})")
    String contentType;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "sealed metadata entry (repeatable)")
    Map<String, String> meta = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        Jobs.check(jobs);
        fr.coffre.crypto.Cof1.warmUp(); // overlaps the custody and registry opening (BENCHMARKS.md, Cold start)
        return recursive ? putTree(LocalFiles.inputDirectory(first), second) : putOne(first, second);
    }

    private PutOptions.Builder options() {
        PutOptions.Builder b = PutOptions.builder().contentType(contentType);
        if (subject != null) {
            b.subject(subject);
        }
        if (collection != null) {
            b.collection(collection);
        }
        meta.forEach(b::metadata);
        return b;
    }

    private int putOne(String name, String file) throws IOException {
        Path path = file.equals("-") ? null : LocalFiles.inputFile(file);
        Output out = output();
        try (Session s = session()) {
            ObjectStat stat = path == null ? putStream(s, name, io().in(), -1) : putFile(s, name, path);
            out.info("stored %d bytes as %s (%d bytes in the store, data key %s)", stat.plaintextLengthBytes(),
                    stat.storeName(), stat.storedSizeBytes(), stat.dataKey());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", name);
            doc.put("storeName", stat.storeName());
            doc.put("plaintextBytes", stat.plaintextLengthBytes());
            doc.put("storedBytes", stat.storedSizeBytes());
            doc.put("dataKey", String.valueOf(stat.dataKey()));
            out.document(doc);
            return ExitCodes.OK;
        }
    }

    private ObjectStat putFile(Session s, String name, Path path) throws IOException {
        try (InputStream data = Files.newInputStream(path)) {
            return putStream(s, name, data, Files.size(path));
        }
    }

    private ObjectStat putStream(Session s, String name, InputStream data, long size) {
        Progress progress = progress("put", size, 0);
        try {
            PutOptions.Builder b = options();
            return s.coffre.put(name, progress.counting(data), (size >= 0 ? b.plaintextLengthBytes(size) : b).build());
        } finally {
            progress.finish();
        }
    }

    private int putTree(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        Output out = output();
        try (Session s = session()) {
            Progress progress = progress("put -r", totalBytes, files.size());
            long bytes;
            try {
                bytes = TreeTransfer.run(files, jobs, f -> {
                    long size = Files.size(f);
                    try (InputStream data = progress.counting(Files.newInputStream(f))) {
                        s.coffre.put(TreePaths.name(prefix, dir, f), data, options().plaintextLengthBytes(size).build());
                    }
                    progress.fileDone();
                    return size;
                });
            } finally {
                progress.finish();
            }
            out.info("stored %d files (%d bytes) under '%s'", files.size(), bytes, TreePaths.directoryPrefix(prefix));
            out.document(Map.of("files", files.size(), "bytes", bytes, "prefix", TreePaths.directoryPrefix(prefix)));
            return ExitCodes.OK;
        }
    }
}
