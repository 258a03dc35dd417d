package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.core.ObjectStat;
import fr.coffre.core.PutOptions;
import fr.coffre.core.RegistryStatus;
import fr.coffre.core.RotationReport;
import fr.coffre.KeyRef;
import fr.coffre.examples.HealthRecordsDemo;
import fr.coffre.store.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The subcommands. Each returns the process exit code; failures are thrown as typed exceptions. */
final class Commands {
    private final Invocation inv;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Commands(Invocation inv, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.inv = inv;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run() throws IOException {
        switch (inv.command()) {
            case "help":
                out.print(Main.HELP);
                return 0;
            case "demo":
                inv.expect(0, 0, "demo");
                return demo();
            case "put":
                inv.expect(2, 2, "put <name> <file|->");
                return put(inv.args().get(0), inv.args().get(1));
            case "get":
                inv.expect(1, 2, "get <name> [file]");
                return get(inv.args().get(0), inv.args().size() > 1 ? inv.args().get(1) : null);
            case "ls":
                inv.expect(0, 1, "ls [prefix]");
                return ls(inv.args().isEmpty() ? "" : inv.args().get(0));
            case "rm":
                inv.expect(1, 1, "rm <name>");
                return rm(inv.args().get(0));
            case "rotate":
                inv.expect(0, 0, "rotate");
                return rotate();
            case "retire":
                inv.expect(0, 0, "retire");
                return retire();
            case "shred":
                inv.expect(1, 1, "shred <subject>");
                return shred(inv.args().get(0));
            case "info":
                inv.expect(0, 0, "info");
                return info();
            default:
                throw new Invocation.UsageException("unknown command '" + inv.command() + "' (see: coffre help)");
        }
    }

    private Session session() {
        return new Session(inv, inv.option("--vault", Session.DEFAULT_VAULT), env, err);
    }

    private int demo() {
        try (Session s = new Session(inv, HealthRecordsDemo.VAULT_ID, env, err)) {
            String runTag = "run-" + Long.toString(Instant.now().toEpochMilli(), 36);
            return new HealthRecordsDemo(s.coffre, s.store, s.storeDirectory(), out, runTag).run().ok() ? 0 : 1;
        }
    }

    private int put(String name, String file) throws IOException {
        PutOptions.Builder options = PutOptions.builder()
                .contentType(inv.option("--content-type", "application/octet-stream"));
        if (inv.flag("--subject")) {
            options.subject(inv.option("--subject", null));
        }
        if (inv.flag("--collection")) {
            options.collection(inv.option("--collection", null));
        }
        for (String kv : inv.all("--meta")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("--meta: must be KEY=VALUE");
            }
            options.metadata(kv.substring(0, eq), kv.substring(eq + 1));
        }
        try (Session s = session()) {
            ObjectStat stat;
            if (file.equals("-")) {
                stat = s.coffre.put(name, in, options.build());
            } else {
                Path path = Path.of(file);
                try (InputStream data = Files.newInputStream(path)) {
                    stat = s.coffre.put(name, data, options.plaintextLengthBytes(Files.size(path)).build());
                }
            }
            out.printf("stored %d bytes as %s (%d bytes in the store, data key %s)%n", stat.plaintextLengthBytes(),
                    stat.storeName(), stat.storedSizeBytes(), stat.dataKey());
            return 0;
        }
    }

    private int get(String name, String file) throws IOException {
        try (Session s = session(); DecryptedObject o = s.coffre.get(name)) {
            if (file == null || file.equals("-")) {
                o.content().transferTo(out);
                out.flush();
                return 0;
            }
            Path target = Path.of(file).toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    o.content().transferTo(os);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return 0;
        }
    }

    private int ls(String prefix) {
        try (Session s = session()) {
            s.coffre.list(prefix).forEach(out::println);
            return 0;
        }
    }

    private int rm(String name) {
        try (Session s = session()) {
            if (!s.coffre.exists(name)) {
                throw new ObjectNotFoundException("rm: no such object (store name " + s.coffre.storeName(name) + ")");
            }
            s.coffre.delete(name);
            return 0;
        }
    }

    private int rotate() {
        try (Session s = session()) {
            RotationReport r = s.coffre.rotateMasterKey((done, total) -> {
                if (done == total || done % 100 == 0) {
                    err.printf("coffre: re-protected %d/%d registry entries%n", done, total);
                }
            });
            out.printf("master key now %s: %d registry entries visited, %d re-protected in %d ms; no object rewritten%n",
                    r.masterKey(), r.entriesVisited(), r.entriesRewrapped(), r.elapsed().toMillis());
            return 0;
        }
    }

    private int retire() {
        try (Session s = session()) {
            List<KeyRef> retired = s.coffre.keyRegistry().retireUnusedMasterKeyVersions();
            for (KeyRef r : retired) {
                out.printf("retired %s: it no longer unprotects (registry backups wrapped under it are now useless)%n", r);
            }
            out.printf("%d master-key version(s) retired%n", retired.size());
            return 0;
        }
    }

    private int shred(String subject) {
        try (Session s = session()) {
            int destroyed = s.coffre.shred(subject);
            out.printf("subject shredded: %d data key version(s) destroyed; its objects on every store now raise"
                    + " KeyDestroyedException%n", destroyed);
            return 0;
        }
    }

    private int info() {
        try (Session s = session()) {
            RegistryStatus st = s.coffre.keyRegistry().status();
            out.printf("vault:     %s%n", s.coffre.vaultId());
            out.printf("store:     %s (provider %s, region %s, provider jurisdiction %s)%n", s.coffre.storeDescriptor(),
                    s.coffre.storeDescriptor().provider(), s.coffre.storeDescriptor().regionCountry(),
                    s.coffre.storeDescriptor().providerJurisdiction());
            out.printf("custody:   %s at %s, jurisdiction %s%n", st.custody().scheme(), st.custody().endpoint(),
                    st.custody().jurisdiction());
            out.printf("           from %s%n", s.custodyUri);
            out.printf("policy:    custody jurisdictions allowed %s%n", new TreeSet<>(s.allowedJurisdictions));
            out.printf("master:    %s%n", st.currentMasterKey());
            out.printf("registry:  %s (%d live data keys, %d shredded, pseudonym secret v%d)%n", st.directory(),
                    st.liveDataKeys(), st.destroyedDataKeys(), st.pseudonymSecretVersion());
            return 0;
        }
    }
}
