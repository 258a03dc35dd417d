package fr.coffre.hadoop;

import fr.coffre.core.Coffre;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.Policy;
import fr.coffre.core.PolicyViolationException;
import fr.coffre.custody.CustodyUri;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreUri;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one file system instance opens, in this order so that nothing reaches a server the policy forbids: the store
 * (no request yet), the policy checked on its descriptor, the custody URI's jurisdiction checked before any
 * credential is presented, then custody (credentials from the environment), the key registry and the Coffre.
 * Closed last first.
 */
final class VaultSession implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private Coffre coffre;

    private VaultSession() {
    }

    static VaultSession open(FsSettings s, Map<String, String> env) {
        VaultSession session = new VaultSession();
        try {
            session.openAll(s, env);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void openAll(FsSettings s, Map<String, String> env) {
        ObjectStore store = keep(ObjectStores.open(StoreUri.parse(s.storeUri)));
        Set<String> jurisdictions = s.allowedJurisdictions != null ? s.allowedJurisdictions
                : s.policy.custodyJurisdictions();
        Policy policy = s.policy.toBuilder().allowCustodyJurisdictions(jurisdictions).build();
        policy.transfers(List.of(store.descriptor()));
        CustodyUri custodyUri = CustodyUri.parse(s.custodyUri);
        if (!jurisdictions.contains(custodyUri.jurisdiction())) {
            throw new PolicyViolationException(Policy.CUSTODY_JURISDICTION, FsSettings.PREFIX + FsSettings.CUSTODY_URI,
                    "policy " + policy.name() + ": rule " + Policy.CUSTODY_JURISDICTION + ": custody: jurisdiction "
                    + custodyUri.jurisdiction() + " of " + custodyUri.scheme() + " custody is not allowed; allowed: "
                    + new TreeSet<>(jurisdictions) + " (see " + FsSettings.PREFIX + FsSettings.ALLOW_JURISDICTIONS
                    + ")");
        }
        KeyCustodian custody = keep(custodyUri.open(env, s.createRegistry));
        KeyRegistry registry = keep(KeyRegistry.builder().custodian(custody).directory(s.registryDirectory)
                .createIfMissing(s.createRegistry)
                .auditDirectory(s.auditBase.resolve(trailName()))
                .masterKeyId(s.masterKeyId).allowedJurisdictions(jurisdictions).cacheMaxEntries(s.cacheMaxEntries)
                .cacheTimeToLive(s.cacheTimeToLive).build());
        if (s.createContainer) {
            store.createContainerIfAbsent();
        }
        Coffre.Builder b = Coffre.builder().store(store).keyRegistry(registry).vaultId(s.vault).policy(policy)
                .segmentSizeBytes(s.segmentSizeBytes).sizePadding(s.sizePadding).principal(s.principal);
        if (s.reason != null) {
            b.reason(s.reason);
        }
        this.coffre = keep(b.build());
    }

    /**
     * A trail directory of this file system instance alone: the audit sink allows one writer per directory, and a
     * cluster runs one instance per vault in every executor, all sharing the registry.
     */
    private static String trailName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return "hadoop-" + host + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
    }

    Coffre coffre() {
        return coffre;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (first == null) {
                    first = r;
                } else {
                    first.addSuppressed(r);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
