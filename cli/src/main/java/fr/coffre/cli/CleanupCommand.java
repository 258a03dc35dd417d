package fr.coffre.cli;

import fr.coffre.store.CleanupReport;
import fr.coffre.store.Leftover;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cleanup}: finds and removes what killed or failed writers left in the store (incomplete multipart uploads,
 * unreferenced Swift segments, uncommitted Azure blocks, stale temporary files), older than {@code --older-than};
 * no custody needed, nothing decrypted, objects never touched.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Remove what killed or failed uploads left in the store (incomplete multipart uploads,",
                "orphaned large-object segments, uncommitted blocks, temporary files), older than --older-than.",
                "Objects are never touched."})
final class CleanupCommand extends StoreSubcommand {
    @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "1h", converter = Age.class,
            description = "only leftovers at least this old: 30s, 10m, 1h, 2d, or 0 for all (also uploads that may"
                    + " still be running elsewhere); default ${DEFAULT-VALUE}")
    Duration olderThan;

    @Option(names = "--dry-run", description = "report what would be removed, remove nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        Settings s = settings();
        Output out = output();
        try (var opened = StoreLocator.openOnly(s.storeUri(), s.storeSource(), s.env())) {
            var store = opened.store();
            CleanupReport report = store.cleanup(olderThan, dryRun);
            Map<Leftover.Kind, CleanupReport.Tally> kinds = report.byKind();
            kinds.forEach((kind, t) -> out.data("%-22s %6d  %d bytes", kind.name().toLowerCase(Locale.ROOT),
                    t.count(), t.bytes()));
            out.info("%s %d leftover%s older than %s (%d bytes) on %s", dryRun ? "would remove" : "removed",
                    report.leftovers().size(), report.leftovers().size() == 1 ? "" : "s", olderThan,
                    report.totalBytes(), store.descriptor());
            out.document(document(store.descriptor().toString(), report));
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> document(String store, CleanupReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("store", store);
        doc.put("olderThanSeconds", report.olderThan().toSeconds());
        doc.put("dryRun", report.dryRun());
        doc.put("count", report.leftovers().size());
        doc.put("bytes", report.totalBytes());
        Map<String, Object> kinds = new LinkedHashMap<>();
        report.byKind().forEach((k, t) -> kinds.put(k.name(), Map.of("count", t.count(), "bytes", t.bytes())));
        doc.put("kinds", kinds);
        List<Map<String, Object>> leftovers = new ArrayList<>();
        for (Leftover l : report.leftovers()) {
            leftovers.add(Map.of("kind", l.kind().name(), "id", l.id(), "bytes", l.sizeBytes(),
                    "ageSeconds", l.age().toSeconds()));
        }
        doc.put("leftovers", leftovers);
        return doc;
    }

    /** {@code 0}, or a whole number with {@code s}, {@code m}, {@code h} or {@code d}. */
    static final class Age implements ITypeConverter<Duration> {
        private static final Pattern AGE = Pattern.compile("([0-9]{1,9})([smhd]?)");

        @Override
        public Duration convert(String value) {
            Matcher m = AGE.matcher(value == null ? "" : value.trim());
            if (!m.matches() || (m.group(2).isEmpty() && !m.group(1).matches("0+"))) {
                throw new TypeConversionException("'" + value + "' is not an age: give 0 or a whole number with"
                        + " s, m, h or d (e.g. 30m, 1h, 2d)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ZERO;
            };
        }
    }
}
