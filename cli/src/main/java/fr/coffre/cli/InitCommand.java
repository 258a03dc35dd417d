package fr.coffre.cli;

import fr.coffre.core.Coffre;
import fr.coffre.core.RegistryMismatchException;
import fr.coffre.store.ContainerNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code init}: the explicit setup of a vault. Creates what is missing, in this order: the development keystore
 * (with {@code keystore:} custody; an HSM or KMS is never created here), the key registry, the master key in custody,
 * the store's container, and the store's vault marker (so that the store refuses any other registry). Idempotent:
 * run again, it creates nothing and reports what exists. Every other command refuses a missing keystore or registry
 * (exit 11) instead of starting an empty vault.
 */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Set the vault up: create the development keystore, key registry, master key, container and"
                + " store marker if missing; idempotent (reports what already existed).")
final class InitCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Settings s = settings();
        Output out = output();
        s.checkedStore();   // before any custody or store is contacted
        Path registryDir = Session.registryDirectory(s);
        boolean registryExisted = Files.isRegularFile(registryDir.resolve("registry.json"));
        Path keystore = Session.keystore(s).orElse(null);
        boolean keystoreExisted = keystore == null || Files.exists(keystore);
        if (!registryExisted) {
            refuseAStoreOfAnotherRegistry(s, registryDir);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        try (Session session = new Session(s, s.vault(), io().err(), Session.Scope.ALL, true)) {
            if (keystore != null) {
                report(out, doc, "keystore", keystoreExisted, keystore.toString());
            }
            report(out, doc, "registry", registryExisted, registryDir.toString());
            report(out, doc, "masterKey", !session.createdMasterKey, "'" + s.masterKeyId() + "' in "
                    + session.custody.descriptor().scheme() + " custody");
            session.store.createContainerIfAbsent();
            boolean marked = session.coffre.markStore();
            report(out, doc, "storeMarker", !marked, Coffre.VAULT_MARKER + " on " + session.store.descriptor());
        }
        out.info("vault '%s' ready", s.vault());
        out.document(doc);
        return ExitCodes.OK;
    }

    /**
     * A new registry can never match a store that already has a vault marker: refused before anything is created
     * (the store belongs to a registry that was moved, mistyped or not restored).
     */
    private static void refuseAStoreOfAnotherRegistry(Settings s, Path registryDir) {
        try (var opened = StoreLocator.openOnly(s.storeUri(), s.storeSource(), s.env())) {
            boolean marked;
            try {
                marked = opened.store().exists(Coffre.VAULT_MARKER);
            } catch (ContainerNotFoundException absent) {
                marked = false;
            }
            if (marked) {
                throw new RegistryMismatchException("store " + opened.store().descriptor() + " already belongs to a"
                        + " key registry (it holds a vault marker), and there is no registry at " + registryDir
                        + "; nothing was created. Give that store's registry with --registry (or restore it from its"
                        + " backup), or use another store for a new vault");
            }
        }
    }

    private static void report(Output out, Map<String, Object> doc, String what, boolean existed, String where) {
        out.info("%s: %s %s", what, existed ? "exists," : "created,", where);
        doc.put(what, Map.of("state", existed ? "exists" : "created", "where", where));
    }
}
