package fr.coffre.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;

/**
 * {@code demo}: the synthetic health-records demo of the examples module, reached by reflection (the examples are
 * a runtime dependency of the command line, not a compile-time one). It uses its own vault, {@code demo}, and
 * ends (text output) with the compliance report of that vault.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Synthetic FHIR records in and out of the store, scan of what the store holds, shred"
                + " (vault 'demo'), then the compliance report.")
final class DemoCommand extends StoreSubcommand {
    static final String DEMO_CLASS = "fr.coffre.examples.HealthRecordsDemo";

    @Override
    public Integer call() throws ReflectiveOperationException {
        Output out = output();
        Class<?> demo = demoClass();
        Settings settings = settings();
        try (Session s = new Session(settings, (String) demo.getField("VAULT_ID").get(null), io().err())) {
            String runTag = "run-" + Long.toString(Instant.now().toEpochMilli(), 36);
            PrintStream text = out.json() || out.quiet()
                    ? new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8) : out.stream();
            Object instance = demo.getConstructor(fr.coffre.core.Coffre.class, fr.coffre.store.ObjectStore.class,
                    Path.class, PrintStream.class, String.class).newInstance(s.coffre, s.store, s.storeDirectory(), text,
                    runTag);
            Object result = invoke(instance, "run");
            out.document(result);
            text.print(System.lineSeparator() + ReportDocument.markdown(s.coffre.complianceReport()));
            return Boolean.TRUE.equals(invoke(result, "ok")) ? ExitCodes.OK : ExitCodes.OTHER;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static Class<?> demoClass() {
        try {
            return Class.forName(DEMO_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("demo: the examples module (" + DEMO_CLASS + ") is not on the class path;"
                    + " build with: mvn -DskipTests package", e);
        }
    }

    private static Object invoke(Object target, String method) throws ReflectiveOperationException {
        var m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
