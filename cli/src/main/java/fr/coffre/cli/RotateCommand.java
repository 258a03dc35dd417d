package fr.coffre.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code rotate}: a new master-key version; every registry entry re-protected, no object rewritten. */
@Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "New master-key version; re-protect every data key (no object rewritten).")
final class RotateCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            EntryProgress progress = new EntryProgress(io(), out);
            var r = s.coffre.rotateMasterKey(progress::update);
            progress.finish();
            out.info("master key now %s: %d registry entries visited, %d re-protected in %d ms; no object rewritten",
                    r.masterKey(), r.entriesVisited(), r.entriesRewrapped(), r.elapsed().toMillis());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("masterKey", String.valueOf(r.masterKey()));
            doc.put("entriesVisited", r.entriesVisited());
            doc.put("entriesReprotected", r.entriesRewrapped());
            doc.put("elapsedMillis", r.elapsed().toMillis());
            out.document(doc);
            return ExitCodes.OK;
        }
    }

    /** Registry entries visited so far, on a terminal only; the report above gives the final counts once. */
    private static final class EntryProgress {
        private final Io io;
        private final boolean draw;
        private boolean drawn;

        EntryProgress(Io io, Output out) {
            this.io = io;
            this.draw = io.terminal() && !out.quiet() && !out.json();
        }

        void update(int done, int total) {
            if (draw && (done == total || done % 100 == 0)) {
                io.err().printf("\rrotate  %d/%d registry entries visited", done, total);
                drawn = true;
            }
        }

        void finish() {
            if (drawn) {
                io.err().println();
            }
        }
    }
}
