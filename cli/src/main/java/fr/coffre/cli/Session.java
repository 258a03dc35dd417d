package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.Coffre;
import fr.coffre.custody.CustodyUri;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.PolicyViolationException;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.store.ObjectStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeSet;

/**
 * The custody, key registry, store and Coffre one command works with; closes them in reverse order. The only
 * place, with {@link EmbeddedCustody}, where the command line handles custody URIs.
 */
final class Session implements AutoCloseable {
    static final String CUSTODY_ENV = "COFFRE_CUSTODY";
    static final String PKCS11_PIN_ENV = CustodyUri.PKCS11_PIN_ENV;
    static final String KEYSTORE_PASSWORD_ENV = CustodyUri.KEYSTORE_PASSWORD_ENV;
    static final String KMIP_CLIENT_PASSWORD_ENV = CustodyUri.KMIP_CLIENT_PASSWORD_ENV;
    static final String DEFAULT_REGISTRY = "./coffre-data/registry";

    final Settings settings;
    final Path registryDirectory;
    final KeyCustodian custody;
    final KeyRegistry registry;
    final ObjectStore store;
    final Coffre coffre;
    /** Whether the master key had to be created ({@code coffre init} only; false otherwise). */
    final boolean createdMasterKey;
    private final CustodyUri custodyUri;
    private final Deque<Runnable> toClose = new ArrayDeque<>();

    /** How much a command opens: custody alone (audit verify), custody and registry (audit export), or all. */
    enum Scope { CUSTODY, REGISTRY, ALL }

    Session(Settings settings, String vaultId, PrintStream err) {
        this(settings, vaultId, err, Scope.ALL);
    }

    /** Opens what {@code scope} names; what it does not name is {@code null}. Creates nothing. */
    Session(Settings settings, String vaultId, PrintStream err, Scope scope) {
        this(settings, vaultId, err, scope, false);
    }

    /**
     * Opens what {@code scope} names. With {@code create} (an explicit setup: {@code coffre init}, the demo), a
     * missing development keystore, key registry and master key are created; without it, a missing one is refused
     * ({@code KeystoreNotFoundException}, {@code RegistryNotFoundException}) and nothing is written.
     */
    Session(Settings settings, String vaultId, PrintStream err, Scope scope, boolean create) {
        this.settings = settings;
        if (scope == Scope.ALL) {
            settings.checkedStore();   // before any custody or store is contacted
        }
        this.custodyUri = custodyUri(settings);
        this.registryDirectory = registryDirectory(settings, custodyUri);
        if (!settings.allowedJurisdictions().contains(custodyUri.jurisdiction())) {
            // before any credential is presented to the custody; Coffre's policy checks the custodian again below
            throw new PolicyViolationException(fr.coffre.core.Policy.CUSTODY_JURISDICTION, "custody.jurisdiction",
                    "policy " + settings.policy().name() + ": rule " + fr.coffre.core.Policy.CUSTODY_JURISDICTION
                    + ": custody: jurisdiction " + custodyUri.jurisdiction() + " of " + custodyUri.scheme()
                    + " custody is not allowed; allowed: " + new TreeSet<>(settings.allowedJurisdictions())
                    + " (see --allow-jurisdiction)");
        }
        SecureRandom random = new SecureRandom();
        try {
            this.custody = keep(custodyUri.keystore().isPresent()
                    ? EmbeddedCustody.open(custodyUri, settings.env(), err, random, create)
                    : custodyUri.open(settings.env()));
            this.createdMasterKey = create && scope != Scope.CUSTODY && !custody.exists(settings.masterKeyId());
            this.registry = scope == Scope.CUSTODY ? null : keep(KeyRegistry.builder().custodian(custody)
                    .directory(registryDirectory).createIfMissing(create)
                    .masterKeyId(settings.masterKeyId()).allowedJurisdictions(settings.allowedJurisdictions())
                    .auditRetention(settings.auditRetention() == null ? java.time.Period.ofMonths(6)
                            : settings.auditRetention()).auditDurability(settings.auditDurability())
                    .secureRandom(random).build());
            this.store = scope != Scope.ALL ? null
                    : keep(StoreLocator.open(settings.storeUri(), settings.storeSource(), settings.env())).store();
            this.coffre = scope != Scope.ALL ? null : keep(Coffre.builder().store(store).keyRegistry(registry)
                    .vaultId(vaultId).sizePadding(settings.sizePadding())
                    .policy(settings.policy()).principal(settings.principal() == null ? "unspecified"
                            : settings.principal()).reason(settings.reason()).secureRandom(random).build());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The key registry's directory: {@code --registry}, else beside the keystore, else the default. */
    static Path registryDirectory(Settings settings) {
        return registryDirectory(settings, custodyUri(settings));
    }

    /** The development keystore's file, with {@code keystore:} custody; empty with an HSM or KMS. */
    static java.util.Optional<Path> keystore(Settings settings) {
        return custodyUri(settings).keystore();
    }

    private static Path registryDirectory(Settings settings, CustodyUri custodyUri) {
        return settings.registry() != null ? settings.registry()
                : custodyUri.keystore().map(k -> k.resolveSibling("registry"))
                        .orElse(Path.of(DEFAULT_REGISTRY).toAbsolutePath().normalize());
    }

    private static CustodyUri custodyUri(Settings settings) {
        try {
            return CustodyUri.parse(settings.custodyUri());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(settings.custodySource() + ": " + e.getMessage());
        }
    }

    /** The custody URI in its normal form (never a secret: those are refused in URIs). */
    String custodyDescription() {
        return custodyUri.toString();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        toClose.push(() -> {
            try {
                resource.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return resource;
    }

    /** Where the registry's audit trail is (its default place, {@code audit/} in the registry directory). */
    Path auditDirectory() {
        return registry != null ? registry.auditDirectory() : registryDirectory.resolve("audit");
    }

    /** The directory of a local store (to scan it), or {@code null}. */
    Path storeDirectory() {
        return StoreLocator.directory(settings.storeUri());
    }

    /** Closes what was opened, last first; every close runs even if an earlier one fails. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
