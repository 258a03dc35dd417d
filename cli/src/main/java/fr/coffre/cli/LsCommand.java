package fr.coffre.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ls [PREFIX]}: logical names, decrypted. */
@Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List logical names (decrypted), optionally under a prefix.")
final class LsCommand extends StoreSubcommand {
    @Parameters(arity = "0..1", paramLabel = "PREFIX", defaultValue = "", description = "name prefix")
    String prefix;

    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            if (out.json()) {
                out.document(Map.of("names", s.coffre.list(prefix).toList()));
            } else {
                s.coffre.list(prefix).forEach(n -> out.data("%s", n));
            }
            return ExitCodes.OK;
        }
    }
}
