package fr.coffre.core;

import fr.coffre.store.StoreDescriptor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** The store rules of a {@link Policy}, evaluated on a descriptor only (no network, no name resolution). */
final class PolicyRules {
    private static final Set<String> LOCAL_PROVIDERS = Set.of("mem", "file");

    private PolicyRules() {
    }

    static Transfer check(Policy p, StoreDescriptor s) {
        boolean local = LOCAL_PROVIDERS.contains(s.provider());
        URI endpoint = local ? null : endpoint(p, s);
        String host = endpoint == null ? null : endpoint.getHost();
        String where = "store " + s.provider() + (host == null ? "" : " at " + host);
        if (p.unknownProvidersRefused()) {
            if (s.regionCountry() == null) {
                throw violation(p, Policy.UNKNOWN_PROVIDER, "store.regionCountry", where + " has no region country"
                        + " label (where the data rests is unknown); label it (e.g. country=FR) or use a preset"
                        + " provider");
            }
            if (s.providerJurisdiction() == null) {
                throw violation(p, Policy.UNKNOWN_PROVIDER, "store.providerJurisdiction", where + " has no provider"
                        + " jurisdiction label; label it (e.g. jurisdiction=FR) or use a preset provider");
            }
        }
        if (!p.storeCountries().isEmpty() && !p.storeCountries().contains(s.regionCountry())) {
            throw violation(p, Policy.STORE_COUNTRY, "store.regionCountry", where + (s.region() == null ? ""
                    : " (region " + s.region() + ")") + " holds data in " + known(s.regionCountry())
                    + ", which is not allowed; allowed: " + Policy.describe(p.storeCountries()));
        }
        Transfer.Basis basis = Transfer.Basis.RULE;
        String justification = null;
        if (!p.providerJurisdictions().isEmpty() && !p.providerJurisdictions().contains(s.providerJurisdiction())) {
            JurisdictionExemption e = p.exceptions().stream()
                    .filter(x -> x.jurisdiction().equals(s.providerJurisdiction())).findFirst()
                    .orElseThrow(() -> violation(p, Policy.PROVIDER_JURISDICTION, "store.providerJurisdiction",
                            where + " is operated under jurisdiction " + known(s.providerJurisdiction())
                            + ", which is not allowed; allowed: " + Policy.describe(p.providerJurisdictions())
                            + " (an exception needs an explicit justification: allowJurisdiction)"));
            basis = Transfer.Basis.EXCEPTION;
            justification = e.justification();
        }
        if (p.tlsRequired() && endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())
                && !("http".equalsIgnoreCase(endpoint.getScheme()) && loopback(host))) {
            throw violation(p, Policy.TLS, "store.endpoint", where + " is reached over "
                    + known(endpoint.getScheme()) + ", not https; plain http is allowed only on a loopback host");
        }
        return new Transfer(s.provider(), host, s.region(), s.regionCountry(), s.providerJurisdiction(), basis,
                justification);
    }

    private static URI endpoint(Policy p, StoreDescriptor s) {
        URI u = null;
        try {
            u = new URI(s.endpoint());
        } catch (URISyntaxException e) {
            // no host to show; refused below when TLS is required
        }
        if (u != null && u.getHost() != null) {
            return u;
        }
        if (p.tlsRequired()) {
            throw violation(p, Policy.TLS, "store.endpoint", "store " + s.provider() + " has no endpoint host that"
                    + " the " + Policy.TLS + " rule can check");
        }
        return null;
    }

    /** Literal loopback names only: a name that would need resolving is not trusted to stay on this machine. */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    }

    private static String known(String v) {
        return v == null ? "an unknown country" : v;
    }

    private static PolicyViolationException violation(Policy p, String rule, String setting, String detail) {
        return new PolicyViolationException(rule, setting, "policy " + p.name() + ": rule " + rule + ": " + setting
                + ": " + detail);
    }
}
