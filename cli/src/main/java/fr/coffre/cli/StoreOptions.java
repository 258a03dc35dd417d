package fr.coffre.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where objects and keys are: the options of every command that opens a store or a custody, accepted before or
 * after the command name. Values left out come from the environment, then {@code coffre.yaml}, then defaults
 * (see {@link Settings}).
 */
final class StoreOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "configuration file (default: COFFRE_CONFIG, else coffre.yaml in the working directory)")
    Path config;

    @Option(names = "--store", paramLabel = "URI|NAME", description = "where objects go: a store URI, or a store"
            + " named in the configuration file (default: file://./coffre-data/store)")
    String store;

    @Option(names = "--custody", paramLabel = "URI", description = "where the master key is (default:"
            + " COFFRE_CUSTODY, else the configuration file, else the development keystore"
            + " coffre-data/keys/keystore.bcfks)")
    String custody;

    @Option(names = "--keystore", paramLabel = "PATH", description = "short for --custody keystore:PATH")
    String keystore;

    @Option(names = "--registry", paramLabel = "DIR", description = "key registry (default: 'registry' beside the"
            + " keystore, or coffre-data/registry); back it up")
    Path registry;

    @Option(names = "--vault", paramLabel = "ID", description = "vault id (default 'default')")
    String vault;

    @Option(names = "--master-key", paramLabel = "ID", description = "master-key id in custody (default coffre-master)")
    String masterKey;

    @Option(names = "--allow-jurisdiction", paramLabel = "XX",
            description = "custody jurisdiction allowed by the policy (repeatable; default FR)")
    List<String> allowJurisdiction = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "PRESET", description = "sovereignty policy: fr-health (EEA stores and"
            + " providers, FR custody, TLS except loopback, unknown providers refused) or development (default: custody"
            + " jurisdiction only)")
    String policy;

    @Option(names = "--principal", paramLabel = "NAME", description = "who acts, recorded in the audit trail (default:"
            + " COFFRE_PRINCIPAL, else principal in the configuration file, else 'unspecified')")
    String principal;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (purpose of access), recorded in the audit"
            + " trail; required by the fr-health policy (default: COFFRE_REASON, else reason in the configuration"
            + " file); never a patient identifier")
    String reason;

    /** The options given before the command name, overridden by those given after it. */
    static StoreOptions merge(StoreOptions before, StoreOptions after) {
        StoreOptions m = new StoreOptions();
        m.config = after.config != null ? after.config : before.config;
        m.store = after.store != null ? after.store : before.store;
        m.custody = after.custody != null ? after.custody : before.custody;
        m.keystore = after.keystore != null ? after.keystore : before.keystore;
        m.registry = after.registry != null ? after.registry : before.registry;
        m.vault = after.vault != null ? after.vault : before.vault;
        m.masterKey = after.masterKey != null ? after.masterKey : before.masterKey;
        m.policy = after.policy != null ? after.policy : before.policy;
        m.principal = after.principal != null ? after.principal : before.principal;
        m.reason = after.reason != null ? after.reason : before.reason;
        m.allowJurisdiction.addAll(before.allowJurisdiction);
        m.allowJurisdiction.addAll(after.allowJurisdiction);
        return m;
    }
}
