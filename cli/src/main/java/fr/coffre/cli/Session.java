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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The custody, key registry, store and Coffre one command works with; closes them in reverse order. */
final class Session implements AutoCloseable {
    static final String CUSTODY_ENV = "COFFRE_CUSTODY";
    static final String DEFAULT_KEYSTORE = "./coffre-data/keys/keystore.bcfks";
    static final String DEFAULT_REGISTRY = "./coffre-data/registry";
    static final String DEFAULT_VAULT = "default";
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final Pattern MASTER_KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    final String storeUri;
    final CustodyUri custodyUri;
    final Set<String> allowedJurisdictions;
    final Path registryDirectory;
    final KeyCustodian custody;
    final KeyRegistry registry;
    final ObjectStore store;
    final Coffre coffre;
    private final Deque<Runnable> toClose = new ArrayDeque<>();

    Session(Invocation inv, String vaultId, Map<String, String> env, PrintStream err) {
        this.storeUri = inv.option("--store", StoreLocator.DEFAULT_URI);
        this.custodyUri = custodyUri(inv, env);
        this.allowedJurisdictions = allowedJurisdictions(inv);
        String masterKey = masterKeyId(inv);
        this.registryDirectory = inv.flag("--registry") ? Path.of(inv.option("--registry", "")).toAbsolutePath()
                : custodyUri.keystore().map(k -> k.resolveSibling("registry"))
                        .orElse(Path.of(DEFAULT_REGISTRY).toAbsolutePath().normalize());
        if (!allowedJurisdictions.contains(custodyUri.jurisdiction())) {
            // before any credential is presented to the custody; Coffre's policy checks the custodian again below
            throw new PolicyViolationException("custody: jurisdiction " + custodyUri.jurisdiction() + " of "
                    + custodyUri.scheme() + " custody is not allowed; allowed: " + new TreeSet<>(allowedJurisdictions)
                    + " (see --allow-jurisdiction)");
        }
        SecureRandom random = new SecureRandom();
        try {
            this.custody = keep(custodyUri.keystore().isPresent() ? EmbeddedCustody.open(custodyUri, env, err, random)
                    : custodyUri.open(env));
            this.registry = keep(KeyRegistry.builder().custodian(custody).directory(registryDirectory)
                    .masterKeyId(masterKey).allowedJurisdictions(allowedJurisdictions).secureRandom(random).build());
            this.store = keep(StoreLocator.open(storeUri));
            this.coffre = keep(Coffre.builder().store(store).keyRegistry(registry).vaultId(vaultId)
                    .allowedJurisdictions(allowedJurisdictions).secureRandom(random).build());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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

    /** {@code --custody}, else {@code --keystore PATH} (short for keystore:PATH), else COFFRE_CUSTODY, else the default. */
    static CustodyUri custodyUri(Invocation inv, Map<String, String> env) {
        String option = inv.option("--custody", null);
        if (option != null && inv.flag("--keystore")) {
            throw new Invocation.UsageException("--custody, --keystore: give only one of them (--keystore PATH means"
                    + " --custody keystore:PATH)");
        }
        String fromEnv = env.get(CUSTODY_ENV);
        String source = option != null ? "--custody" : inv.flag("--keystore") ? "--keystore"
                : fromEnv != null && !fromEnv.isBlank() ? CUSTODY_ENV : null;
        String uri = source == null ? "keystore:" + DEFAULT_KEYSTORE : switch (source) {
            case "--custody" -> option;
            case "--keystore" -> "keystore:" + inv.option("--keystore", "");
            default -> fromEnv;
        };
        try {
            return CustodyUri.parse(uri);
        } catch (InvalidInputException e) {
            throw new InvalidInputException((source == null ? "default custody" : source) + ": " + e.getMessage());
        }
    }

    static Set<String> allowedJurisdictions(Invocation inv) {
        List<String> given = inv.all("--allow-jurisdiction");
        for (String j : given) {
            if (!JURISDICTION.matcher(j).matches()) {
                throw new InvalidInputException("--allow-jurisdiction: must be an ISO 3166-1 alpha-2 code in upper"
                        + " case such as FR, was " + (j.length() <= 16 ? "'" + j + "'" : j.length() + " characters"));
            }
        }
        return given.isEmpty() ? Set.of("FR") : Set.copyOf(given);
    }

    private static String masterKeyId(Invocation inv) {
        String id = inv.option("--master-key", KeyRegistry.DEFAULT_MASTER_KEY_ID);
        if (!MASTER_KEY.matcher(id).matches()) {
            throw new InvalidInputException("--master-key: must match " + MASTER_KEY + ", was "
                    + (id.length() <= 128 ? "'" + id + "'" : id.length() + " characters"));
        }
        return id;
    }

    /** The directory of a local store (to scan it), or {@code null}. */
    Path storeDirectory() {
        return StoreLocator.directory(storeUri);
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
