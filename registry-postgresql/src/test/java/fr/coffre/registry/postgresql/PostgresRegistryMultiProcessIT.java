package fr.coffre.registry.postgresql;

import fr.coffre.core.RegistryMultiProcessTest;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-process test on PostgreSQL: two writers, a shredder, a rotator and a renewer in separate JVMs on one
 * registry schema of the real server (each JVM with its own connection pool, as on separate hosts).
 */
class PostgresRegistryMultiProcessIT extends RegistryMultiProcessTest {
    @RegisterExtension
    final PgSchema schema = new PgSchema();

    /** Fewer subjects than the directory's run: five JVMs with their pools start on a shared 2-core machine. */
    @Override
    protected int subjects() {
        return 12;
    }

    @Override
    protected String registrySpec(Path base) {
        return "storage=" + PgTestServer.class.getName() + ":" + schema.name();
    }
}
