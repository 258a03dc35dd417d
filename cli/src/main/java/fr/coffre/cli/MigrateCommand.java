package fr.coffre.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.core.migration.Migration;
import fr.coffre.core.migration.MigrationReport;
import fr.coffre.core.migration.VerifiedMigrationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate --from A --to B}: copies a store's ciphertext to another, resumable (no custody opened). */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Copy every object of a store to another as ciphertext under the same opaque names (no key"
                + " is needed or given to either store). Resumable: a checkpoint manifest (custody side) records"
                + " what is done; run it again after an interruption. The run is recorded in the audit trail"
                + " (custody access needed for that record only). See MIGRATION.md."})
final class MigrateCommand extends StoreSubcommand {
    @Option(names = "--from", required = true, paramLabel = "URI|NAME", description = "the store to copy from")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URI|NAME", description = "the store to copy to (its"
            + " container must exist: coffre mb --store ...)")
    String to;

    @Option(names = "--jobs", paramLabel = "N", description = "transfers at a time (default "
            + Migration.DEFAULT_JOBS + ")")
    int jobs = Migration.DEFAULT_JOBS;

    @Option(names = "--manifest", paramLabel = "PATH", description = "checkpoint manifest (default:"
            + " migrations/<from-to digest>.manifest beside the key registry)")
    Path manifest;

    @Option(names = "--delta", description = "also compare the COF1 header digest of objects whose size is unchanged")
    boolean delta;

    @Option(names = "--delete", description = "remove at the destination what was deleted at the source")
    boolean delete;

    @Option(names = "--dry-run", description = "change nothing; report what would be copied and removed")
    boolean dryRun;

    @Option(names = "--max-rate", paramLabel = "RATE", description = "bandwidth cap in bytes/s, e.g. 50M")
    String maxRate;

    @Option(names = "--verify", description = "prove the result in the same pass (ciphertext depth): read back every"
            + " object copied and compare its SHA-256 with the bytes read at the source; compare what an earlier run"
            + " copied at both sides. Exit 8 if the destination differs from the source")
    boolean verify;

    private String destinationProvider;

    @Override
    public Integer call() {
        long rate = maxRate == null ? 0 : ByteRate.parse(maxRate);
        return RunRecords.recorded(settings(), io().err(), "migrate", () -> destinationProvider, () -> migrate(rate));
    }

    private int migrate(long bytesPerSecond) {
        Settings source = settingsFor(from, "--from");
        Settings destination = settingsFor(to, "--to");
        Path path = manifest != null ? manifest : defaultManifest(source, destination);
        Output out = output();
        try (var src = StoreLocator.open(source.storeUri(), source.storeSource(), source.env());
             var dst = StoreLocator.open(destination.storeUri(), destination.storeSource(), destination.env())) {
            destinationProvider = dst.store().descriptor().provider();
            Migration migration = Migration.builder().source(src.store()).destination(dst.store()).manifest(path)
                    .jobs(jobs).delta(delta).delete(delete).dryRun(dryRun)
                    .maxBytesPerSecond(bytesPerSecond).build();
            if (verify) {
                VerifiedMigrationReport report = migration.runVerified();
                out.data("%s", report.toText().stripTrailing());
                out.document(tree(report.toJson()));
                if (!report.migration().complete()) {
                    return ExitCodes.MIGRATION_INCOMPLETE;
                }
                return report.proven() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
            }
            MigrationReport report = migration.run();
            out.data("%s", report.toText().stripTrailing());
            out.document(tree(report.toJson()));
            return report.complete() ? ExitCodes.OK : ExitCodes.MIGRATION_INCOMPLETE;
        }
    }

    static Object tree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path defaultManifest(Settings source, Settings destination) {
        Path dir = Session.registryDirectory(source).resolveSibling("migrations");
        try {
            Files.createDirectories(dir);
            byte[] pair = (source.storeUri() + " -> " + destination.storeUri()).getBytes(StandardCharsets.UTF_8);
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pair)).substring(0, 16);
            return dir.resolve(id + ".manifest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
