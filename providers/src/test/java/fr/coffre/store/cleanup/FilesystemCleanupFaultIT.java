package fr.coffre.store.cleanup;

import fr.coffre.store.Leftover;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store: a killed writer leaves its temporary files (no shutdown hook runs on SIGKILL). */
class FilesystemCleanupFaultIT extends CleanupFaultContract {

    @TempDir
    static Path base;

    @Override
    protected FaultStores kind() {
        return FaultStores.FILE;
    }

    @Override
    protected String where() {
        return base.resolve(super.where()).toString();
    }

    @Override
    protected List<String> rawState() throws Exception {
        Path dir = Path.of(where);
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p) + (Files.isDirectory(p) ? "/" : " " + p.toFile().length()))
                    .sorted().toList();
        }
    }

    @Override
    protected List<Leftover.Kind> expectedLeftovers() {
        return List.of(Leftover.Kind.TEMPORARY_FILE, Leftover.Kind.TEMPORARY_FILE);
    }
}
