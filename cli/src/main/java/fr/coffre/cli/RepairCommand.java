package fr.coffre.cli;

import fr.coffre.core.migration.Migration;
import fr.coffre.core.migration.Repair;
import fr.coffre.core.migration.RepairReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repair --from HEALTHY --to LAGGING}: copies what a replica misses, then verifies; exit 0, 8 or 9. */
@Command(name = "repair", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bring a lagging or new replica back in line with a healthy one: copy (as ciphertext, no key)"
                + " only what it misses or holds in an older version, then verify both at ciphertext depth."
                + " Resumable like migrate; recorded in the audit trail. Exit 0 in line, 8 differences remain, 9 copies"
                + " failed. See MIGRATION.md."})
final class RepairCommand extends StoreSubcommand {
    @Option(names = "--from", required = true, paramLabel = "URI|NAME", description = "the healthy replica")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URI|NAME", description = "the replica to repair (its"
            + " container must exist: coffre mb --store ...)")
    String to;

    @Option(names = "--jobs", paramLabel = "N", description = "transfers and checks at a time (default "
            + Migration.DEFAULT_JOBS + ")")
    int jobs = Migration.DEFAULT_JOBS;

    @Option(names = "--manifest", paramLabel = "PATH", description = "checkpoint manifest (default: the one"
            + " migrate uses for this pair, beside the key registry)")
    Path manifest;

    @Option(names = "--delete", description = "remove from the repaired replica what the healthy one no longer holds")
    boolean delete;

    private String laggingProvider;

    @Override
    public Integer call() {
        return RunRecords.recorded(settings(), io().err(), "repair", () -> laggingProvider, this::repair);
    }

    private int repair() {
        Settings healthy = settingsFor(from, "--from");
        Settings lagging = settingsFor(to, "--to");
        Path path = manifest != null ? manifest : MigrateCommand.defaultManifest(healthy, lagging);
        try (var src = StoreLocator.open(healthy.storeUri(), healthy.storeSource(), healthy.env());
             var dst = StoreLocator.open(lagging.storeUri(), lagging.storeSource(), lagging.env())) {
            laggingProvider = dst.store().descriptor().provider();
            RepairReport report = Repair.builder().healthy(src.store()).lagging(dst.store()).manifest(path)
                    .jobs(jobs).delete(delete).build().run();
            Output out = output();
            out.data("%s", report.toText().stripTrailing());
            out.document(MigrateCommand.tree(report.toJson()));
            if (report.repaired()) {
                return ExitCodes.OK;
            }
            return report.copy().complete() ? ExitCodes.DIFFERENCES : ExitCodes.MIGRATION_INCOMPLETE;
        }
    }
}
