package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The sovereignty policy of a deployment: where stores may be, under which law their providers operate, where
 * custody may be, and how stores are reached. Immutable; checked by {@link Coffre.Builder#build()} on the store's
 * and the custody's descriptors, before any byte or credential is sent to either, and available to callers that
 * want to check a {@link StoreConfig} before they even open the store ({@link #check(StoreConfig)}).
 *
 * <h2>Rules</h2> (the names appear in every {@link PolicyViolationException})
 * <ul>
 *   <li>{@value #STORE_COUNTRY}: the store's region country must be in {@link #storeCountries()} (empty: any).</li>
 *   <li>{@value #PROVIDER_JURISDICTION}: the provider's jurisdiction must be in {@link #providerJurisdictions()}
 *       (empty: any), or have a justified {@linkplain #exceptions() exception}.</li>
 *   <li>{@value #CUSTODY_JURISDICTION}: the custody's jurisdiction must be in {@link #custodyJurisdictions()}.</li>
 *   <li>{@value #TLS}: a remote store's endpoint (for Swift: the auth URL) must be {@code https}, except on a
 *       loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}). KMIP custody always uses TLS.</li>
 *   <li>{@value #UNKNOWN_PROVIDER}: a store whose descriptor has no region country or no provider jurisdiction
 *       is refused (this includes {@code mem:} and {@code file:} stores, which carry no location label).</li>
 * </ul>
 *
 * <h2>Presets</h2>
 * {@link #development()} (the default) checks only the custody jurisdiction ({@code FR}); {@link #frHealth()}
 * ({@value #FR_HEALTH}) applies every rule with the EEA for stores and providers, and sets {@link #requireReason()}.
 * See POLICY.md.
 */
public final class Policy {
    static final Set<String> DEFAULT_JURISDICTIONS = Set.of("FR");

    public static final String STORE_COUNTRY = "store-country";
    public static final String PROVIDER_JURISDICTION = "provider-jurisdiction";
    public static final String CUSTODY_JURISDICTION = "custody-jurisdiction";
    public static final String TLS = "tls";
    public static final String UNKNOWN_PROVIDER = "unknown-provider";
    /** Rule: every data access states a reason ({@link #requireReason()}). */
    public static final String ACCESS_REASON = "access-reason";
    public static final String DEVELOPMENT = "development";
    public static final String FR_HEALTH = "fr-health";
    /** The European Economic Area: the 27 EU member states, Iceland, Liechtenstein and Norway (ISO 3166-1). */
    public static final Set<String> EEA = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
            "IS", "LI", "NO");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_JUSTIFICATION_CHARS = 500;

    private final String name;
    private final Set<String> storeCountries;
    private final Set<String> providerJurisdictions;
    private final Set<String> custodyJurisdictions;
    private final boolean tlsRequired;
    private final boolean unknownProvidersRefused;
    private final boolean requireReason;
    private final List<JurisdictionExemption> exceptions;

    private Policy(Builder b) {
        name = b.name;
        storeCountries = Set.copyOf(b.storeCountries);
        providerJurisdictions = Set.copyOf(b.providerJurisdictions);
        custodyJurisdictions = Set.copyOf(b.custodyJurisdictions);
        tlsRequired = b.tlsRequired;
        unknownProvidersRefused = b.unknownProvidersRefused;
        requireReason = b.requireReason;
        exceptions = List.copyOf(b.exceptions.values());
    }

    /** Today's behaviour: custody in {@code FR}; stores, providers and transport unchecked. */
    public static Policy development() {
        return builder().name(DEVELOPMENT).build();
    }

    /**
     * French health data (HDS): stores in the EEA, providers under EEA law, custody in {@code FR}, TLS except on
     * loopback, unknown providers refused, access reasons required.
     */
    public static Policy frHealth() {
        return builder().name(FR_HEALTH).allowStoreCountries(EEA).allowProviderJurisdictions(EEA).requireTls(true)
                .refuseUnknownProviders(true).requireReason(true).build();
    }

    /** {@code development} or {@code fr-health}. */
    public static Policy preset(String presetName) {
        if (DEVELOPMENT.equals(presetName)) {
            return development();
        }
        if (FR_HEALTH.equals(presetName)) {
            return frHealth();
        }
        throw new InvalidInputException("policy: preset must be " + DEVELOPMENT + " or " + FR_HEALTH + ", was "
                + (presetName != null && NAME.matcher(presetName).matches() ? "'" + presetName + "'" : "invalid"));
    }

    /** A policy that allows everything but custody outside {@code FR}, named {@code custom}. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().name(name).allowStoreCountries(storeCountries)
                .allowProviderJurisdictions(providerJurisdictions).allowCustodyJurisdictions(custodyJurisdictions)
                .requireTls(tlsRequired).refuseUnknownProviders(unknownProvidersRefused).requireReason(requireReason);
        exceptions.forEach(e -> b.exceptions.put(e.jurisdiction(), e));
        return b;
    }

    public String name() {
        return name;
    }

    /** Countries where stores may hold data; empty: any. */
    public Set<String> storeCountries() {
        return storeCountries;
    }

    /** Jurisdictions stores' providers may be under (besides the {@link #exceptions()}); empty: any. */
    public Set<String> providerJurisdictions() {
        return providerJurisdictions;
    }

    public Set<String> custodyJurisdictions() {
        return custodyJurisdictions;
    }

    public boolean tlsRequired() {
        return tlsRequired;
    }

    public boolean unknownProvidersRefused() {
        return unknownProvidersRefused;
    }

    /**
     * Whether every access must state a reason (HDS). Enforced by {@link Coffre} (not by the checks of this class):
     * a data access without a reason raises {@link PolicyViolationException} (rule {@value #ACCESS_REASON}) before
     * any byte moves, and the refusal is recorded in the audit trail.
     */
    public boolean requireReason() {
        return requireReason;
    }

    /** The provider jurisdictions allowed by exception, each with its justification, in the order configured. */
    public List<JurisdictionExemption> exceptions() {
        return exceptions;
    }

    /**
     * Checks a store before it is contacted.
     *
     * @return how the store is allowed (by rule, or by exception with its justification)
     * @throws PolicyViolationException naming the rule and the offending setting
     */
    public Transfer check(StoreDescriptor store) {
        if (store == null) {
            throw new InvalidInputException("store: must be non-null");
        }
        return PolicyRules.check(this, store);
    }

    /** {@link #check(StoreDescriptor)} on the descriptor the store opened from {@code config} will report. */
    public Transfer check(StoreConfig config) {
        if (config == null) {
            throw new InvalidInputException("config: must be non-null");
        }
        return check(config.descriptor());
    }

    /** Checks every store and returns the map of transfers, in the order given. */
    public TransferMap transfers(Collection<StoreDescriptor> stores) {
        List<Transfer> out = new ArrayList<>();
        for (StoreDescriptor s : stores) {
            out.add(check(s));
        }
        return new TransferMap(name, out);
    }

    /** @throws PolicyViolationException if the custody's jurisdiction is not allowed */
    public void checkCustody(CustodyDescriptor custody) {
        checkCustody(custody, custodyJurisdictions, name);
    }

    /** @throws PolicyViolationException if the custody's jurisdiction is not allowed */
    static void checkCustody(CustodyDescriptor custody, Set<String> allowedJurisdictions) {
        checkCustody(custody, allowedJurisdictions, null);
    }

    private static void checkCustody(CustodyDescriptor custody, Set<String> allowed, String policy) {
        if (!allowed.contains(custody.jurisdiction())) {
            throw new PolicyViolationException(CUSTODY_JURISDICTION, "custody.jurisdiction", (policy == null ? ""
                    : "policy " + policy + ": ") + "rule " + CUSTODY_JURISDICTION + ": custody: jurisdiction "
                    + custody.jurisdiction() + " of " + custody.scheme() + " custody is not allowed; allowed: "
                    + new TreeSet<>(allowed));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Policy[" + name + ", storeCountries=" + sorted(storeCountries) + ", providerJurisdictions="
                + sorted(providerJurisdictions) + ", custodyJurisdictions=" + sorted(custodyJurisdictions)
                + ", tlsRequired=" + tlsRequired + ", unknownProvidersRefused=" + unknownProvidersRefused
                + ", requireReason=" + requireReason + ", exceptions=" + exceptions + "]";
    }

    private static String sorted(Set<String> s) {
        return s.isEmpty() ? "any" : new TreeSet<>(s).toString();
    }

    /** Builds a {@link Policy}; {@link #build()} names the field, the rule and the value it refuses. */
    public static final class Builder {
        private String name = "custom";
        private Set<String> storeCountries = Set.of();
        private Set<String> providerJurisdictions = Set.of();
        private Set<String> custodyJurisdictions = DEFAULT_JURISDICTIONS;
        private boolean tlsRequired;
        private boolean unknownProvidersRefused;
        private boolean requireReason;
        private final Map<String, JurisdictionExemption> exceptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code [a-z0-9][a-z0-9._-]{0,63}}; shown in messages, the map of transfers and reports. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** ISO 3166-1 alpha-2 countries where stores may hold data; empty: any. */
        public Builder allowStoreCountries(Set<String> value) {
            this.storeCountries = value;
            return this;
        }

        /** ISO 3166-1 alpha-2 jurisdictions stores' providers may be under; empty: any. */
        public Builder allowProviderJurisdictions(Set<String> value) {
            this.providerJurisdictions = value;
            return this;
        }

        /** ISO 3166-1 alpha-2 jurisdictions where custody may be; default {@code FR}; never empty. */
        public Builder allowCustodyJurisdictions(Set<String> value) {
            this.custodyJurisdictions = value;
            return this;
        }

        public Builder requireTls(boolean value) {
            this.tlsRequired = value;
            return this;
        }

        public Builder refuseUnknownProviders(boolean value) {
            this.unknownProvidersRefused = value;
            return this;
        }

        /** Sets the rule Coffre enforces (see {@link Policy#requireReason()}). */
        public Builder requireReason(boolean value) {
            this.requireReason = value;
            return this;
        }

        /**
         * Allows stores whose provider is under {@code jurisdiction}, which {@link #allowProviderJurisdictions}
         * refuses, for the reason given (recorded in {@link Policy#exceptions()} and the map of transfers).
         */
        public Builder allowJurisdiction(String jurisdiction, String justification) {
            JurisdictionExemption e = new JurisdictionExemption(jurisdiction, justification);
            if (exceptions.putIfAbsent(e.jurisdiction(), e) != null) {
                throw new InvalidInputException("exceptions: jurisdiction " + e.jurisdiction()
                        + " is given twice; give one exception per jurisdiction");
            }
            return this;
        }

        public Policy build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidInputException("name: must match " + NAME + ", was "
                        + (name == null ? "null" : name.length() <= 64 ? "'" + name + "'" : name.length() + " chars"));
            }
            storeCountries = countries("storeCountries", storeCountries);
            providerJurisdictions = countries("providerJurisdictions", providerJurisdictions);
            custodyJurisdictions = countries("custodyJurisdictions", custodyJurisdictions);
            if (custodyJurisdictions.isEmpty()) {
                throw new InvalidInputException("custodyJurisdictions: must name at least one country code");
            }
            for (JurisdictionExemption e : exceptions.values()) {
                if (providerJurisdictions.isEmpty() || providerJurisdictions.contains(e.jurisdiction())) {
                    throw new InvalidInputException("exceptions: jurisdiction " + e.jurisdiction() + " is already"
                            + " allowed by rule " + PROVIDER_JURISDICTION + " (allowed: "
                            + sorted(providerJurisdictions) + "); an exception applies only to what the rule refuses");
                }
            }
            return new Policy(this);
        }

        private static Set<String> countries(String field, Set<String> value) {
            if (value == null) {
                throw new InvalidInputException(field + ": must be non-null (empty means any)");
            }
            for (String c : value) {
                if (c == null || !COUNTRY.matcher(c).matches()) {
                    throw new InvalidInputException(field + ": must hold ISO 3166-1 alpha-2 codes in upper case such"
                            + " as FR, was " + (c == null ? "null" : c.length() <= 16 ? "'" + c + "'"
                            : c.length() + " characters"));
                }
            }
            return Set.copyOf(value);
        }
    }

    /** For messages: the name of a country set. */
    static String describe(Set<String> s) {
        return sorted(s);
    }

    static boolean validCountry(String c) {
        return c != null && COUNTRY.matcher(c).matches();
    }

    static int maxJustificationChars() {
        return MAX_JUSTIFICATION_CHARS;
    }
}
