package fr.coffre.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/**
 * {@code info}: vault, store, custody, policy, master key and registry. The store's region is the one of its URI
 * (the signature region); the country where the data rests is a separate label, unknown for a generic
 * {@code s3://} endpoint.
 */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the custody, store and key-registry descriptors (never a PIN, password or key).")
final class InfoCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            var st = s.coffre.keyRegistry().status();
            var d = s.coffre.storeDescriptor();
            String region = StoreLocator.parse(s.settings.storeUri(), s.settings.storeSource()).region();
            TreeSet<String> allowed = new TreeSet<>(s.settings.allowedJurisdictions());
            out.data("vault:     %s", s.coffre.vaultId());
            out.data("store:     %s (provider %s, region %s, data in %s, provider jurisdiction %s)", d, d.provider(),
                    region == null ? "none" : region, known(d.regionCountry()), known(d.providerJurisdiction()));
            out.data("custody:   %s at %s, jurisdiction %s", st.custody().scheme(), st.custody().endpoint(),
                    st.custody().jurisdiction());
            out.data("           from %s", s.custodyDescription());
            out.data("policy:    custody jurisdictions allowed %s", allowed);
            out.data("master:    %s", st.currentMasterKey());
            out.data("registry:  %s (%d live data keys, %d shredded, pseudonym secret v%d)", st.location(),
                    st.liveDataKeys(), st.destroyedDataKeys(), st.pseudonymSecretVersion());
            PolicyReport.print(out, s.coffre.policy(), s.coffre.transfers());

            Map<String, Object> store = new LinkedHashMap<>();
            store.put("descriptor", d.toString());
            store.put("provider", d.provider());
            store.put("endpoint", d.endpoint());
            store.put("container", d.container());
            store.put("region", region);
            store.put("regionCountry", d.regionCountry());
            store.put("providerJurisdiction", d.providerJurisdiction());
            Map<String, Object> custody = new LinkedHashMap<>();
            custody.put("scheme", st.custody().scheme());
            custody.put("endpoint", String.valueOf(st.custody().endpoint()));
            custody.put("jurisdiction", st.custody().jurisdiction());
            custody.put("uri", s.custodyDescription());
            Map<String, Object> registry = new LinkedHashMap<>();
            registry.put("directory", st.location());
            registry.put("liveDataKeys", st.liveDataKeys());
            registry.put("shreddedDataKeys", st.destroyedDataKeys());
            registry.put("pseudonymSecretVersion", st.pseudonymSecretVersion());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("vault", s.coffre.vaultId());
            doc.put("store", store);
            doc.put("custody", custody);
            doc.put("policy", PolicyReport.document(s.coffre.policy(), allowed));
            doc.put("transfers", PolicyReport.transfers(s.coffre.transfers()));
            doc.put("masterKey", String.valueOf(st.currentMasterKey()));
            doc.put("registry", registry);
            out.document(doc);
            return ExitCodes.OK;
        }
    }

    private static String known(String label) {
        return label == null ? "unknown" : label;
    }
}
