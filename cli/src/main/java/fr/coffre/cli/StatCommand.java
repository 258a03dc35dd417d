package fr.coffre.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stat NAME}: sizes, date and data key of one object, without decrypting it. */
@Command(name = "stat", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show an object's store name, sizes, last modification and data key (nothing is decrypted).")
final class StatCommand extends StoreSubcommand {
    @Parameters(paramLabel = "NAME", description = "object name")
    String name;

    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            var st = s.coffre.stat(name);
            String modified = st.lastModified().map(Object::toString).orElse(null);
            out.data("name:       %s", name);
            out.data("store name: %s", st.storeName());
            if (st.plaintextLengthBytes() >= 0) {
                out.data("size:       %d bytes (%d bytes in the store)", st.plaintextLengthBytes(),
                        st.storedSizeBytes());
            } else {
                out.data("size:       unknown: size-padded, its data key destroyed (%d bytes in the store)",
                        st.storedSizeBytes());
            }
            out.data("modified:   %s", modified == null ? "unknown" : modified);
            out.data("data key:   %s", st.dataKey());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", name);
            doc.put("storeName", st.storeName());
            doc.put("plaintextBytes", st.plaintextLengthBytes() >= 0 ? st.plaintextLengthBytes() : null);
            doc.put("storedBytes", st.storedSizeBytes());
            doc.put("lastModified", modified);
            doc.put("dataKey", String.valueOf(st.dataKey()));
            out.document(doc);
            return ExitCodes.OK;
        }
    }
}
