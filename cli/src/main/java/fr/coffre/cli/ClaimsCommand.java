package fr.coffre.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code claims}: which registries claim which master-key versions in custody; withdraws a vanished one's claim. */
@Command(name = "claims", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the key registries that claim versions of this registry's master key in custody (retire"
                + " keeps what they claim); --withdraw the claim of a registry that no longer exists.")
final class ClaimsCommand extends StoreSubcommand {
    @Option(names = "--withdraw", paramLabel = "REGISTRY_ID",
            description = "withdraw the claim of this registry (deleted, or a discarded copy): retire then no longer"
                    + " keeps versions for it; a registry still in use claims again only when next opened")
    String withdraw;

    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            var registry = s.coffre.keyRegistry();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("masterKeyId", registry.masterKeyId());
            doc.put("thisRegistry", registry.registryId());
            if (withdraw != null) {
                Set<Integer> versions = s.coffre.withdrawMasterKeyClaim(withdraw);
                out.info("withdrew the claim of registry %s on master key %s (versions %s): retire no longer keeps"
                        + " them for it", withdraw, registry.masterKeyId(), join(versions));
                doc.put("withdrawn", withdraw);
                doc.put("withdrawnVersions", List.copyOf(versions));
            }
            Map<String, Set<Integer>> claims = registry.masterKeyClaims();
            Map<String, List<Integer>> listed = new LinkedHashMap<>();
            claims.forEach((id, versions) -> {
                listed.put(id, versions.stream().sorted().toList());
                out.info("registry %s%s claims master key %s versions %s", id,
                        id.equals(registry.registryId()) ? " (this registry)" : "", registry.masterKeyId(),
                        join(versions));
            });
            if (claims.isEmpty()) {
                out.info("no registry claims versions of master key %s (this custody keeps no claims, or none was"
                        + " made yet)", registry.masterKeyId());
            }
            doc.put("claims", listed);
            out.document(doc);
            return ExitCodes.OK;
        }
    }

    private static String join(Set<Integer> versions) {
        return versions.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
