package fr.coffre.registry.postgresql;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A fresh registry schema per test on the test server ({@link PgTestServer#require()} first), dropped afterwards. */
final class PgSchema implements BeforeEachCallback, AfterEachCallback {
    private String name;

    String name() {
        return name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        PgTestServer.require();
        name = PgTestServer.newSchema();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        PgTestServer.drop(name);
    }
}
