package fr.coffre.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code demo}: the synthetic health-records demo of the examples module, reached by reflection (the examples are
 * a runtime dependency of the command line, not a compile-time one). It uses its own vault, {@code demo}, and
 * ends (text output) with the compliance report of that vault.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Synthetic FHIR records in and out of the store, scan of what the store holds, shred"
                + " (vault 'demo'), then the compliance report and verify of the audit trail.")
final class DemoCommand extends StoreSubcommand {
    static final String DEMO_CLASS = "fr.coffre.examples.HealthRecordsDemo";

    @Override
    public Integer call() throws ReflectiveOperationException {
        Output out = output();
        Class<?> demo = demoClass();
        Settings settings = settings();
        Object result;
        // the demo sets its own vault up (keystore, registry, master key) explicitly, as coffre init does
        try (Session s = new Session(settings, (String) demo.getField("VAULT_ID").get(null), io().err(),
                Session.Scope.ALL, true)) {
            String runTag = "run-" + Long.toString(Instant.now().toEpochMilli(), 36);
            PrintStream text = out.json() || out.quiet()
                    ? new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8) : out.stream();
            Object instance = demo.getConstructor(fr.coffre.core.Coffre.class, fr.coffre.store.ObjectStore.class,
                    Path.class, PrintStream.class, String.class).newInstance(s.coffre, s.store, s.storeDirectory(), text,
                    runTag);
            result = invoke(instance, "run");
            text.print(System.lineSeparator() + ReportDocument.markdown(s.coffre.complianceReport()));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        // the trail is verified once the demo's session has closed it (final checkpoint)
        AuditReport audit;
        try (Session s = new Session(settings, settings.vault(), io().err(), Session.Scope.CUSTODY)) {
            audit = AuditVerifier.verify(s.auditDirectory(), s.custody);
        }
        out.info("%nAudit trail (coffre audit verify):");
        for (String line : AuditVerifyCommand.text(audit)) {
            out.info("  %s", line);
        }
        Map<String, Object> doc = new ObjectMapper().convertValue(result, new TypeReference<LinkedHashMap<String,
                Object>>() { });
        doc.put("auditVerify", AuditVerifyCommand.json(audit));
        out.document(doc);
        if (!audit.ok()) {
            return ExitCodes.AUDIT_INVALID;
        }
        return Boolean.TRUE.equals(invoke(result, "ok")) ? ExitCodes.OK : ExitCodes.OTHER;
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
