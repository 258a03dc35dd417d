package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a command works with, resolved once: the command line first, then the environment, then
 * {@code coffre.yaml}, then the defaults. Holds URIs as text (they are parsed where they are opened, with
 * {@link #storeSource} and {@link #custodySource} naming where they came from in error messages).
 */
record Settings(String storeUri, String storeSource, String custodyUri, String custodySource, Path registry,
        String masterKeyId, Set<String> allowedJurisdictions, String vault, Map<String, String> env,
        fr.coffre.core.Policy policy, String principal, String reason,
        java.time.temporal.TemporalAmount auditRetention, fr.coffre.core.audit.AuditDurability auditDurability,
        boolean sizePadding) {
    static final String PRINCIPAL_ENV = "COFFRE_PRINCIPAL";
    static final String REASON_ENV = "COFFRE_REASON";
    static final String DEFAULT_STORE = StoreLocator.DEFAULT_URI;
    static final String DEFAULT_VAULT = "default";
    static final String DEFAULT_MASTER_KEY = fr.coffre.core.KeyRegistry.DEFAULT_MASTER_KEY_ID;
    static final String DEFAULT_KEYSTORE = "./coffre-data/keys/keystore.bcfks";
    private static final int AUDIT_TEXT_CHARS = 256;
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final Pattern MASTER_KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static Settings resolve(StoreOptions o, Map<String, String> env) {
        ConfigFile.Loaded loaded = ConfigFile.locate(o.config, env);
        CoffreConfig c = loaded.config();
        String[] store = store(o.store, loaded);
        String[] custody = custody(o, env, loaded);
        Path registry = o.registry != null ? o.registry.toAbsolutePath()
                : c.registry() != null ? Path.of(c.registry()).toAbsolutePath() : null;
        String masterKey = masterKeyId(o.masterKey != null ? o.masterKey
                : c.masterKeyId() != null ? c.masterKeyId() : DEFAULT_MASTER_KEY);
        List<String> allowed = !o.allowJurisdiction.isEmpty() ? o.allowJurisdiction
                : c.policy() != null && c.policy().allowJurisdictions() != null ? c.policy().allowJurisdictions()
                : null;
        fr.coffre.core.Policy policy = PolicySettings.resolve(o.policy, loaded,
                allowed == null ? null : allowedJurisdictions(allowed));
        String vault = o.vault != null ? o.vault : c.vault() != null ? c.vault() : DEFAULT_VAULT;
        String principal = auditText("--principal", o.principal, env.get(PRINCIPAL_ENV), PRINCIPAL_ENV,
                c.principal(), loaded.where() + ": principal");
        String reason = auditText("--reason", o.reason, env.get(REASON_ENV), REASON_ENV, c.reason(),
                loaded.where() + ": reason");
        return new Settings(store[0], store[1], custody[0], custody[1], registry, masterKey,
                policy.custodyJurisdictions(), vault, withSecretFiles(env, loaded), policy, principal, reason,
                auditRetention(c.auditRetention(), loaded.where() + ": auditRetention"),
                c.auditDurability() == null ? fr.coffre.core.audit.AuditDurability.DEFAULT
                        : fr.coffre.core.audit.AuditDurability.parse(loaded.where() + ": auditDurability",
                                c.auditDurability()), Boolean.TRUE.equals(c.sizePadding()));
    }

    /** An ISO-8601 period ({@code P6M}, {@code P3Y}) or duration ({@code PT720H}), 1 day to 100 years; or null. */
    private static java.time.temporal.TemporalAmount auditRetention(String text, String source) {
        if (text == null) {
            return null;
        }
        try {
            java.time.temporal.TemporalAmount r = text.toUpperCase(java.util.Locale.ROOT).contains("T")
                    ? java.time.Duration.parse(text) : java.time.Period.parse(text);
            fr.coffre.core.audit.DirectoryAuditSink.checkRetention(source, r);
            return r;
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(source + ": must be an ISO-8601 period such as P6M or P3Y (or a duration"
                    + " such as PT720H), was " + (text.length() <= 32 ? "'" + text + "'" : text.length()
                    + " characters"));
        }
    }

    /** The option, else the environment variable (if not blank), else the file; checked as the audit trail does. */
    private static String auditText(String option, String given, String fromEnv, String envName, String fromFile,
            String fileSource) {
        String[] v = given != null ? new String[] {given, option}
                : fromEnv != null && !fromEnv.isBlank() ? new String[] {fromEnv, envName}
                : fromFile != null ? new String[] {fromFile, fileSource} : null;
        if (v == null) {
            return null;
        }
        if (v[0].isBlank() || v[0].length() > AUDIT_TEXT_CHARS || v[0].chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(v[1] + ": must have 1 to " + AUDIT_TEXT_CHARS
                    + " characters, not blank, no control characters (was " + v[0].length() + " characters)");
        }
        return v[0];
    }

    /** The store's configuration, checked by the policy before anything opens it (exit code 6 if refused). */
    fr.coffre.store.StoreConfig checkedStore() {
        fr.coffre.store.StoreConfig config = StoreLocator.parse(storeUri, storeSource);
        policy.check(config);
        return config;
    }

    /** {@code --store} (a URI, or a name configured under {@code stores}), else the file's {@code store}. */
    private static String[] store(String option, ConfigFile.Loaded loaded) {
        CoffreConfig c = loaded.config();
        String name = option != null ? option : c.store();
        if (name == null) {
            return new String[] {DEFAULT_STORE, "default store"};
        }
        String source = option != null ? "--store" : loaded.where() + ": store";
        CoffreConfig.Store configured = c.stores().get(name);
        if (configured != null) {
            if (configured.uri() == null) {
                throw new InvalidInputException(loaded.where() + ": stores." + name + ".uri: must be set");
            }
            return new String[] {configured.uri(), loaded.where() + ": stores." + name + ".uri"};
        }
        if (!name.contains(":")) {
            throw new InvalidInputException(source + ": '" + (STORE_NAME.matcher(name).matches() ? name : "...")
                    + "' is neither a store URI nor a store named in the configuration (" + loaded.where()
                    + "; configured: " + new TreeSet<>(c.stores().keySet()) + ")");
        }
        return new String[] {name, source};
    }

    /** {@code --custody}, else {@code --keystore PATH}, else COFFRE_CUSTODY, else the file, else the default. */
    private static String[] custody(StoreOptions o, Map<String, String> env, ConfigFile.Loaded loaded) {
        if (o.custody != null && o.keystore != null) {
            throw new UsageException("--custody, --keystore: give only one of them (--keystore PATH means"
                    + " --custody keystore:PATH)");
        }
        if (o.custody != null) {
            return new String[] {o.custody, "--custody"};
        }
        if (o.keystore != null) {
            return new String[] {"keystore:" + o.keystore, "--keystore"};
        }
        String fromEnv = env.get(Session.CUSTODY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new String[] {fromEnv, Session.CUSTODY_ENV};
        }
        CoffreConfig.Custody c = loaded.config().custody();
        if (c != null && c.uri() != null) {
            return new String[] {c.uri(), loaded.where() + ": custody.uri"};
        }
        return new String[] {"keystore:" + DEFAULT_KEYSTORE, "default custody"};
    }

    /** The environment, plus the secrets of the files the configuration points to (the environment wins). */
    private static Map<String, String> withSecretFiles(Map<String, String> env, ConfigFile.Loaded loaded) {
        CoffreConfig.Custody c = loaded.config().custody();
        if (c == null) {
            return env;
        }
        Map<String, String> out = new HashMap<>(env);
        secret(out, Session.PKCS11_PIN_ENV, c.pinFile(), loaded.where() + ": custody.pinFile");
        secret(out, Session.KEYSTORE_PASSWORD_ENV, c.passwordFile(), loaded.where() + ": custody.passwordFile");
        secret(out, Session.KMIP_CLIENT_PASSWORD_ENV, c.clientPasswordFile(),
                loaded.where() + ": custody.clientPasswordFile");
        return Map.copyOf(out);
    }

    private static void secret(Map<String, String> env, String variable, String file, String what) {
        if (file != null && (env.get(variable) == null || env.get(variable).isEmpty())) {
            env.put(variable, SecretFiles.read(what, Path.of(file)));
        }
    }

    static Set<String> allowedJurisdictions(List<String> given) {
        for (String j : given) {
            if (j == null || !JURISDICTION.matcher(j).matches()) {
                throw new InvalidInputException("--allow-jurisdiction: must be an ISO 3166-1 alpha-2 code in upper"
                        + " case such as FR, was " + (j == null ? "empty" : j.length() <= 16 ? "'" + j + "'"
                        : j.length() + " characters"));
            }
        }
        return Set.copyOf(given);
    }

    private static String masterKeyId(String id) {
        if (!MASTER_KEY.matcher(id).matches()) {
            throw new InvalidInputException("--master-key: must match " + MASTER_KEY + ", was "
                    + (id.length() <= 128 ? "'" + id + "'" : id.length() + " characters"));
        }
        return id;
    }

    @Override
    public String toString() {
        return "Settings[store from " + storeSource + ", custody from " + custodySource + ", registry " + registry
                + ", vault " + vault + "]";
    }
}
