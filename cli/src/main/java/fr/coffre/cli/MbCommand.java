package fr.coffre.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mb}: creates the store's bucket or container (no custody needed). */
@Command(name = "mb", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Create the store's bucket or container if it does not exist (like rclone mkdir).")
final class MbCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Settings s = settings();
        Output out = output();
        s.checkedStore();
        try (var opened = StoreLocator.openOnly(s.storeUri(), s.storeSource(), s.env())) {
            var store = opened.store();
            store.createContainerIfAbsent();
            var d = store.descriptor();
            out.info("container '%s' ready on %s", d.container(), d);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("store", d.toString());
            doc.put("provider", d.provider());
            doc.put("container", d.container());
            out.document(doc);
            return ExitCodes.OK;
        }
    }
}
