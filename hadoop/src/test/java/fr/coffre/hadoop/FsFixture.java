package fr.coffre.hadoop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The embedded default store and custody, as {@code ./coffre demo} uses them: a local filesystem store and a local
 * development keystore under a test directory (its password comes from {@code COFFRE_KEYSTORE_PASSWORD}, which
 * the build sets for tests). Small segments, so that tests cross many segment boundaries with little data.
 */
final class FsFixture {
    static final String VAULT = "hospital-a";
    static final int SEGMENT = 4096;

    private FsFixture() {
    }

    static Configuration conf(Path work) {
        Configuration conf = new Configuration(false);
        conf.set("fs.coffre.store.uri", "file://" + work.resolve("store").toAbsolutePath());
        conf.set("fs.coffre.store.create-container", "true");
        conf.set("fs.coffre.custody.uri", "keystore:" + work.resolve("keys/keystore.bcfks"));
        conf.set("fs.coffre.registry.dir", work.resolve("registry").toString());
        conf.set("fs.coffre.registry.create", "true");   // a fresh vault per test
        conf.set("fs.coffre.segment-size", Integer.toString(SEGMENT));
        conf.set("fs.coffre.read-ahead", Integer.toString(4 * SEGMENT));
        conf.set("fs.coffre.principal", "test-researcher");
        conf.set("fs.coffre.reason", "research: unit test");
        return conf;
    }

    static CoffreFileSystem open(Configuration conf) throws IOException {
        return (CoffreFileSystem) FileSystem.newInstance(URI.create("coffre://" + VAULT + "/"), conf);
    }
}
