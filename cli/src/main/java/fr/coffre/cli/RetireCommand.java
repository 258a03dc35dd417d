package fr.coffre.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code retire}: retires the master-key versions no registry entry uses any more. */
@Command(name = "retire", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Retire the old master-key versions no registry entry uses any more (registry backups wrapped"
                + " under them become useless).")
final class RetireCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            List<String> retired = s.coffre.retireUnusedMasterKeyVersions().stream()
                    .map(String::valueOf).toList();
            for (String r : retired) {
                out.info("retired %s: it no longer unprotects (registry backups wrapped under it are now useless)", r);
            }
            out.info("%d master-key version(s) retired", retired.size());
            Map<fr.coffre.KeyRef, Integer> kept = s.coffre.keyRegistry().masterKeyVersionsClaimedElsewhere();
            kept.forEach((v, n) -> out.info("kept %s: %d other key registr%s sharing this master key still use%s it",
                    v, n, n == 1 ? "y" : "ies", n == 1 ? "s" : ""));
            out.document(Map.of("retired", retired, "count", retired.size(), "keptForOtherRegistries",
                    kept.keySet().stream().map(String::valueOf).toList()));
            return ExitCodes.OK;
        }
    }
}
