package fr.coffre.cli;

import fr.coffre.store.ObjectNotFoundException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rm NAME}: deletes one object; a missing one is "not found" (exit 3). */
@Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Delete an object.")
final class RmCommand extends StoreSubcommand {
    @Parameters(paramLabel = "NAME", description = "object name")
    String name;

    @Override
    public Integer call() {
        try (Session s = session()) {
            if (!s.coffre.exists(name)) {
                throw new ObjectNotFoundException("rm: no such object (store name " + s.coffre.storeName(name) + ")");
            }
            s.coffre.delete(name);
            output().document(Map.of("removed", name));
            return ExitCodes.OK;
        }
    }
}
