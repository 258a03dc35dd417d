package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.migration.Migration;
import fr.coffre.core.migration.Sample;
import fr.coffre.core.migration.Verification;
import fr.coffre.core.migration.VerificationReport;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify --from A --to B} or {@code verify STORE}: inventory diff and content checks; exit 0, 8 or 4. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Compare two stores (missing on each side, differing, identical; like rclone check"
                + " --combined: '-' missing at destination, '+' missing at source, '*' differing, '!' tampered), or"
                + " authenticate every object of one store with custody. The run is recorded in the audit trail."
                + " Exit 0 clean, 8 differences, 4 tampered."})
final class VerifyCommand extends StoreSubcommand {
    @Parameters(arity = "0..1", paramLabel = "STORE", description = "verify this store alone (authenticated)")
    String alone;

    @Option(names = "--from", paramLabel = "URI|NAME", description = "the reference store")
    String from;

    @Option(names = "--to", paramLabel = "URI|NAME", description = "the store checked against it")
    String to;

    @Option(names = "--depth", paramLabel = "ciphertext|authenticated", description = "ciphertext (SHA-256 of both"
            + " sides, no key) or authenticated (each destination object opened with custody); default ciphertext")
    String depth;

    @Option(names = "--sample", paramLabel = "n/t", description = "only the slice n of t (deterministic by name)")
    String sample;

    @Option(names = "--jobs", paramLabel = "N", description = "checks at a time (default " + Migration.DEFAULT_JOBS
            + ")")
    int jobs = Migration.DEFAULT_JOBS;

    private String checkedProvider;

    @Override
    public Integer call() {
        if ((alone == null) == (from == null || to == null) || (alone != null && (from != null || to != null))) {
            throw new InvalidInputException("verify: give either STORE alone, or both --from and --to");
        }
        return RunRecords.recorded(settings(), io().err(), "verify", () -> checkedProvider, this::verify);
    }

    private int verify() {
        Verification.Depth d = alone != null ? Verification.Depth.AUTHENTICATED : depth();
        Settings target = alone != null ? settingsFor(alone, "STORE") : settingsFor(to, "--to");
        VerificationReport report;
        if (d == Verification.Depth.AUTHENTICATED) {
            try (Session s = new Session(target, target.vault(), io().err());
                 var src = from == null ? null : open(settingsFor(from, "--from"))) {
                checkedProvider = s.store.descriptor().provider();
                report = builder(d).source(src == null ? null : src.store()).destination(s.store).coffre(s.coffre)
                        .build().run();
            }
        } else {
            try (var src = open(settingsFor(from, "--from")); var dst = open(target)) {
                checkedProvider = dst.store().descriptor().provider();
                report = builder(d).source(src.store()).destination(dst.store()).build().run();
            }
        }
        Output out = output();
        out.data("%s", report.toText().stripTrailing());
        out.document(MigrateCommand.tree(report.toJson()));
        return switch (report.outcome()) {
            case CLEAN -> ExitCodes.OK;
            case DIFFERENCES -> ExitCodes.DIFFERENCES;
            case TAMPERED -> ExitCodes.TAMPERED;
        };
    }

    private Verification.Builder builder(Verification.Depth d) {
        return Verification.builder().depth(d).jobs(jobs).sample(sample == null ? Sample.ALL : Sample.parse(sample));
    }

    private Verification.Depth depth() {
        if (depth == null) {
            return Verification.Depth.CIPHERTEXT;
        }
        return switch (depth.toLowerCase(Locale.ROOT)) {
            case "ciphertext" -> Verification.Depth.CIPHERTEXT;
            case "authenticated" -> Verification.Depth.AUTHENTICATED;
            default -> throw new InvalidInputException("--depth: must be ciphertext or authenticated, was '"
                    + depth + "'");
        };
    }

    private static StoreLocator.Opened open(Settings s) {
        return StoreLocator.open(s.storeUri(), s.storeSource(), s.env());
    }
}
