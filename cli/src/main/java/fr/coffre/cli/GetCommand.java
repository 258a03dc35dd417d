package fr.coffre.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get NAME [FILE]}, {@code get -r PREFIX DIR}: decrypt from the store; files are written atomically. */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Decrypt the object NAME to FILE (written atomically) or to stdout.",
                "With -r: every object under PREFIX into DIR/<rest of the name>, --jobs at a time; names that would"
                        + " lead outside DIR are refused before anything is written."})
final class GetCommand extends StoreSubcommand {
    @Parameters(index = "0", paramLabel = "NAME|PREFIX", description = "object name (with -r: the name prefix)")
    String first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE|DIR", description = "output file, '-' or absent for"
            + " stdout (with -r: the local directory, created if needed)")
    String second;

    @Option(names = {"-r", "--recursive"}, description = "fetch every object under a prefix")
    boolean recursive;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "4", description = "parallel transfers with -r"
            + " (1 to 64, default ${DEFAULT-VALUE})")
    int jobs;

    @Override
    public Integer call() throws IOException {
        Jobs.check(jobs);
        fr.coffre.crypto.Cof1.warmUp(); // overlaps the custody and registry opening (BENCHMARKS.md, Cold start)
        if (recursive) {
            if (second == null || second.equals("-")) {
                throw new UsageException("get -r: give the local directory: coffre get -r PREFIX DIR");
            }
            return getTree(first, Path.of(second));
        }
        boolean toStdout = second == null || second.equals("-");
        if (toStdout && output().json()) {
            throw new UsageException("get --json: give an output FILE (stdout carries the JSON document)");
        }
        return toStdout ? getToStdout(first) : getToFile(first, LocalFiles.outputFile(second));
    }

    private int getToStdout(String name) throws IOException {
        try (Session s = session(); var o = s.coffre.get(name)) {
            Progress progress = progress("get", o.metadata().plaintextLengthBytes().orElse(-1), 0);
            try {
                o.content().transferTo(progress.counting(io().out()));
            } finally {
                progress.finish();
            }
            io().out().flush();
            return ExitCodes.OK;
        }
    }

    private int getToFile(String name, Path target) throws IOException {
        Output out = output();
        try (Session s = session(); var o = s.coffre.get(name)) {
            Progress progress = progress("get", o.metadata().plaintextLengthBytes().orElse(-1), 0);
            long bytes;
            try {
                bytes = LocalFiles.writeAtomically(target, o.content(), progress);
            } finally {
                progress.finish();
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", name);
            doc.put("file", target.toString());
            doc.put("bytes", bytes);
            out.document(doc);
            return ExitCodes.OK;
        }
    }

    private int getTree(String prefix, Path dir) throws IOException {
        Output out = output();
        try (Session s = session()) {
            List<String> names = s.coffre.list(TreePaths.directoryPrefix(prefix)).toList();
            List<Path> targets = new ArrayList<>();
            for (String name : names) {
                targets.add(TreePaths.target(dir, prefix, name)); // every name checked before anything is written
            }
            Files.createDirectories(dir);
            List<Integer> indexes = java.util.stream.IntStream.range(0, names.size()).boxed().toList();
            Progress progress = progress("get -r", -1, names.size());
            long bytes;
            try {
                bytes = TreeTransfer.run(indexes, jobs, i -> {
                    Path target = targets.get(i);
                    TreePaths.createParents(dir, target);
                    try (var o = s.coffre.get(names.get(i)); InputStream content = o.content()) {
                        long n = LocalFiles.writeAtomically(target, content, progress);
                        progress.fileDone();
                        return n;
                    }
                });
            } finally {
                progress.finish();
            }
            out.info("fetched %d files (%d bytes) into %s", names.size(), bytes, dir);
            out.document(Map.of("files", names.size(), "bytes", bytes, "directory", dir.toAbsolutePath().toString()));
            return ExitCodes.OK;
        }
    }
}
