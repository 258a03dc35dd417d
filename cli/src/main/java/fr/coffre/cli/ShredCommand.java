package fr.coffre.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shred SUBJECT}: destroys a subject's data key; all their objects become unreadable. */
@Command(name = "shred", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Destroy a subject's data key: all their objects, on every store, become unreadable.")
final class ShredCommand extends StoreSubcommand {
    @Parameters(paramLabel = "SUBJECT", description = "the subject (patient) given to put --subject")
    String subject;

    static final String NOTHING_DESTROYED = "no data key destroyed: this registry never held one for that subject,"
            + " or it was already shredded; a tombstone now refuses every future put for it (this cannot be undone)"
            + " and the destruction certificate records an empty key list";

    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            int destroyed = s.coffre.shred(subject);
            if (destroyed == 0) {
                out.info("%s", NOTHING_DESTROYED);
            } else {
                out.info("subject shredded: %d data key version(s) destroyed; its objects on every store now raise"
                        + " KeyDestroyedException", destroyed);
            }
            out.document(destroyed == 0 ? Map.of("destroyedKeyVersions", 0, "note", NOTHING_DESTROYED)
                    : Map.of("destroyedKeyVersions", destroyed));
            return ExitCodes.OK;
        }
    }
}
