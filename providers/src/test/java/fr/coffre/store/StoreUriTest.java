package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreUriTest {

    /** Parses {@code uri}, expecting a rejection whose message contains every fragment. */
    private static String rejected(String uri, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> StoreUri.parse(uri));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message of " + uri + " should contain '" + f + "': "
                    + e.getMessage());
        }
        return e.getMessage();
    }

    @Nested
    class Mem {
        @Test
        void memIsTheDefaultInMemoryStore() {
            StoreConfig c = StoreUri.parse("mem:");
            assertEquals(StoreProvider.MEM, c.provider());
            assertEquals("coffre", c.container());
        }

        @Test
        void memTakesNothingElse() {
            rejected("mem:x", "mem", "exactly 'mem:'");
            rejected("mem://x", "exactly 'mem:'");
        }
    }

    @Nested
    class File {
        @Test
        void absolutePath() {
            StoreConfig c = StoreUri.parse("file:///var/lib/coffre-data");
            assertEquals(StoreProvider.FILE, c.provider());
            assertEquals(Path.of("/var/lib/coffre-data"), c.directory());
            assertEquals("coffre-data", c.container());
            assertNull(c.endpoint());
        }

        @Test
        void percentEncodedAndRelativePaths() {
            assertEquals(Path.of("/tmp/my data/x"), StoreUri.parse("file:///tmp/my%20data/x").directory());
            assertEquals(Path.of("coffre-data").toAbsolutePath(), StoreUri.parse("file:coffre-data").directory());
            assertEquals(Path.of("/srv/x"), StoreUri.parse("file:/srv/x").directory());
        }

        @Test
        void errors() {
            rejected("file://host/path", "store URI file: host:", "file:///absolute/path");
            rejected("file:///", "directory: must not be a filesystem root");
            rejected("file:///tmp/x?mode=1", "parameter 'mode' is not known here");
            rejected("file:///tmp/.hidden", "directory:", "last element");
        }
    }

    @Nested
    class S3 {
        @Test
        void genericS3() {
            StoreConfig c = StoreUri.parse("s3://coffre-it?endpoint=http://127.0.0.1:8080&region=us-east-1"
                    + "&pathStyle=true");
            assertEquals(StoreProvider.S3, c.provider());
            assertEquals("coffre-it", c.container());
            assertEquals(URI.create("http://127.0.0.1:8080"), c.endpoint());
            assertEquals("us-east-1", c.region());
            assertTrue(c.pathStyle());
            assertNull(c.regionCountry());
            assertNull(c.providerJurisdiction());
            assertEquals(10_000, c.partSizing().maxParts());
        }

        @Test
        void labelsTuningAndDottedBucket() {
            StoreConfig c = StoreUri.parse("s3://my.bucket?endpoint=https://s3.example.fr&region=fr-1&country=FR"
                    + "&jurisdiction=FR&connectTimeout=5s&readTimeout=PT2M&maxAttempts=3");
            assertTrue(c.pathStyle(), "dots force path-style");
            assertEquals("FR", c.regionCountry());
            assertEquals("FR", c.providerJurisdiction());
            assertEquals(Duration.ofSeconds(5), c.connectTimeout());
            assertEquals(Duration.ofMinutes(2), c.readTimeout());
            assertEquals(3, c.retryPolicy().maxAttempts());
            assertFalse(StoreUri.parse("s3://bucket?endpoint=https://e&region=r").pathStyle());
        }

        @Test
        void errors() {
            rejected("s3://bucket?region=us-east-1", "store URI s3: endpoint: parameter must be set");
            rejected("s3://bucket?endpoint=https://e", "region: parameter must be set");
            rejected("s3://Bucket_1?endpoint=https://e&region=r", "bucket:", "'Bucket_1'");
            rejected("s3://ab?endpoint=https://e&region=r", "bucket:", "3 to 63");
            rejected("s3://a..b?endpoint=https://e&region=r", "bucket: must not contain '..'");
            rejected("s3://192.168.1.1?endpoint=https://e&region=r", "look like an IP address");
            rejected("s3://bucket?endpoint=ftp://e&region=r", "endpoint: must be an absolute http or https URL");
            rejected("s3://bucket?endpoint=e&region=r", "endpoint: must be an absolute http or https URL");
            rejected("s3://bucket?endpoint=https://e&region=r&pathStyle=yes", "pathStyle: must be true or false");
            rejected("s3://bucket?endpoint=https://e&region=r&region=s", "'region' is given twice");
            rejected("s3://bucket?endpoint=https://e&region=r&bogus=1", "parameter 'bogus' is not known here",
                    "known: endpoint, pathStyle, region, country, jurisdiction");
            rejected("s3://bucket?endpoint=https://e&region=r&country=France", "regionCountry:", "'France'");
            rejected("s3://bucket?endpoint=https://e&region=r&connectTimeout=ten", "connectTimeout:", "'ten'");
            rejected("s3://bucket?endpoint=https://e&region=r&readTimeout=0s", "readTimeout: must be more than 0");
            rejected("s3://bucket?endpoint=https://e&region=r&maxAttempts=0", "maxAttempts: must be 1 to 100");
            rejected("s3://bucket?endpoint=https://e&region=r&region", "'region' must have a value");
            rejected("s3://bucket/extra?endpoint=https://e&region=r", "path: must be empty");
            rejected("s3://?endpoint=https://e&region=r", "container: must follow '//'");
            rejected("s3:bucket", "container: must follow '//'");
        }
    }

    @Nested
    class Presets {
        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "ovh://gra/b-1, OVH, gra, https://s3.gra.io.cloud.ovh.net, FR, FR, 10000",
            "ovh://eu-west-par/b-1, OVH, eu-west-par, https://s3.eu-west-par.io.cloud.ovh.net, FR, FR, 10000",
            "ovh://waw/b-1, OVH, waw, https://s3.waw.io.cloud.ovh.net, PL, FR, 10000",
            "ovh://uk/b-1, OVH, uk, https://s3.uk.io.cloud.ovh.net, GB, FR, 10000",
            "ovh://ca-east-tor/b-1, OVH, ca-east-tor, https://s3.ca-east-tor.io.cloud.ovh.net, CA, FR, 10000",
            "scaleway://fr-par/b-1, SCALEWAY, fr-par, https://s3.fr-par.scw.cloud, FR, FR, 1000",
            "scaleway://nl-ams/b-1, SCALEWAY, nl-ams, https://s3.nl-ams.scw.cloud, NL, FR, 1000",
            "outscale://eu-west-2/b-1, OUTSCALE, eu-west-2, https://oos.eu-west-2.outscale.com, FR, FR, 10000"
        })
        void regionalPresets(String uri, StoreProvider provider, String region, String endpoint, String country,
                String jurisdiction, int maxParts) {
            StoreConfig c = StoreUri.parse(uri);
            assertEquals(provider, c.provider());
            assertEquals("b-1", c.container());
            assertEquals(region, c.region());
            assertEquals(URI.create(endpoint), c.endpoint());
            assertEquals(country, c.regionCountry());
            assertEquals(jurisdiction, c.providerJurisdiction());
            assertEquals(maxParts, c.partSizing().maxParts());
            assertFalse(c.pathStyle());
        }

        @Test
        void dottedBucketGoesPathStyle() {
            assertTrue(StoreUri.parse("scaleway://fr-par/my.bucket").pathStyle());
            assertTrue(StoreUri.parse("ovh://gra/my.bucket").pathStyle());
        }

        @Test
        void errors() {
            rejected("ovh://mars/b-1", "store URI ovh: region: must be one of gra, rbx, sbg", "'mars'");
            rejected("scaleway://fr-par", "bucket: must follow the first '/'");
            rejected("scaleway://fr-par/a/b", "path: must be a single name");
            rejected("outscale://us-east-2/b-1", "region: must be one of eu-west-2");
            rejected("ovh:///b-1", "region: must follow '//'");
            rejected("ovh://gra/b-1?endpoint=https://elsewhere", "parameter 'endpoint' is not known here");
        }
    }

    @Nested
    class Swift {
        @Test
        void tempauthIsInferred() {
            StoreConfig c = StoreUri.parse("swift://coffre?auth=http://127.0.0.1:8080/auth/v1.0");
            assertEquals(StoreProvider.SWIFT, c.provider());
            assertEquals(StoreConfig.SwiftAuth.TEMPAUTH, c.swiftAuth());
            assertEquals(URI.create("http://127.0.0.1:8080/auth/v1.0"), c.endpoint());
            assertNull(c.swiftDomain());
            assertEquals(1000, c.partSizing().maxParts());
        }

        @Test
        void keystoneV3WithRegionProjectAndDomain() {
            StoreConfig c = StoreUri.parse("swift://Health_Records?auth=https://auth.cloud.ovh.net/v3&region=GRA"
                    + "&project=p1&country=FR&jurisdiction=FR");
            assertEquals(StoreConfig.SwiftAuth.KEYSTONE_V3, c.swiftAuth());
            assertEquals("Health_Records", c.container());
            assertEquals("GRA", c.region());
            assertEquals("p1", c.swiftProject());
            assertEquals("Default", c.swiftDomain());
            assertEquals("FR", c.regionCountry());
        }

        @Test
        void explicitAuthType() {
            assertEquals(StoreConfig.SwiftAuth.KEYSTONE_V3,
                    StoreUri.parse("swift://c?auth=https://id.example/identity&authType=keystone-v3").swiftAuth());
        }

        @Test
        void errors() {
            rejected("swift://c", "auth: parameter must be set");
            rejected("swift://c?auth=https://id.example/identity", "auth: cannot tell the authentication");
            rejected("swift://c?auth=https://id.example/v3&authType=v2", "authType: must be keystone-v3 or tempauth");
            rejected("swift://c?auth=http://h/auth/v1.0&project=p", "only apply to Keystone v3");
            rejected("swift://c/x?auth=http://h/auth/v1.0", "path: must be empty");
        }
    }

    @Nested
    class Azure {
        @Test
        void defaultEndpointAndUsJurisdiction() {
            StoreConfig c = StoreUri.parse("azure://coffreacct/records");
            assertEquals(StoreProvider.AZURE, c.provider());
            assertEquals("coffreacct", c.account());
            assertEquals("records", c.container());
            assertEquals(URI.create("https://coffreacct.blob.core.windows.net"), c.endpoint());
            assertEquals("US", c.providerJurisdiction());
            assertEquals(50_000, c.partSizing().maxParts());
        }

        @Test
        void azuriteEndpointAndCountry() {
            StoreConfig c = StoreUri.parse("azure://devstoreaccount1/c-1?endpoint=http://127.0.0.1:10000/"
                    + "devstoreaccount1&country=FR");
            assertEquals(URI.create("http://127.0.0.1:10000/devstoreaccount1"), c.endpoint());
            assertEquals("FR", c.regionCountry());
        }

        @Test
        void errors() {
            rejected("azure://Bad_Account/c-1", "account: must be 3 to 24 characters of [a-z0-9]");
            rejected("azure://acct/a--b", "container:", "no '--'");
            rejected("azure://acct/C1", "container:");
            rejected("azure://acct", "bucket: must follow the first '/'", "azure://account/container");
        }
    }

    @Nested
    class Credentials {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@bucket?endpoint=https://e&region=r",
            "swift://test:tester:testing@c?auth=http://h/auth/v1.0",
            "ovh://user@gra/b-1"})
        void userInfoIsRejectedWithoutEcho(String uri) {
            String message = rejected(uri, "must not contain user info");
            assertFalse(message.contains("AKIA") || message.contains("tester") || message.contains("user@"),
                    message);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"secretKey", "access_key", "sig", "X-Amz-Signature", "password", "token", "sv",
            "accountKey", "sas"})
        void credentialParametersAreRejectedWithoutTheirValue(String name) {
            String message = rejected("azure://acct/c-1?" + name + "=TOPSECRETVALUE123", "looks like a credential");
            assertFalse(message.contains("TOPSECRETVALUE123"), message);
        }

        @Test
        void endpointWithSasQueryIsRejectedWithoutEcho() {
            String message = rejected("azure://acct/c-1?endpoint=https://acct.blob.core.windows.net/%3Fsv%3D2020"
                    + "%26sig%3DTOPSECRET", "endpoint: must have no user info, query or fragment");
            assertFalse(message.contains("TOPSECRET"), message);
        }

        @Test
        void endpointWithUserInfoIsRejectedWithoutEcho() {
            String message = rejected("s3://bucket?endpoint=https://ak:sk-TOPSECRET@host&region=r",
                    "endpoint: must have no user info");
            assertFalse(message.contains("TOPSECRET"), message);
        }

        @Test
        void aSecretPastedIntoARegionIsNotQuoted() {
            String message = rejected("s3://bucket?endpoint=https://e&region=wJalrXUtnFEMI/K7MDENG/bPxRfiCY",
                    "region:", "looks like a credential (not shown)");
            assertFalse(message.contains("wJalr"), message);
        }

        @Test
        void unknownParameterValueIsNeverQuoted() {
            String message = rejected("s3://bucket?endpoint=https://e&region=r&note=hello-world", "'note'");
            assertFalse(message.contains("hello-world"), message);
        }
    }

    @Nested
    class Syntax {
        @Test
        void generalErrors() {
            rejected(null, "must be non-blank");
            rejected("  ", "must be non-blank");
            rejected(" mem:", "whitespace");
            rejected("gcs://bucket", "scheme must be one of", "'gcs'");
            rejected("/just/a/path", "must start with a scheme");
            rejected("s3://bucket?endpoint=https://e&region=r#frag", "must not have a fragment");
            rejected("s3://bucket?endpoint=https://e&region=%zz", "not a valid URI (Malformed escape pair at index");
            rejected("s3://bu cket", "not a valid URI", "at index");
        }

        @Test
        void schemeIsCaseInsensitive() {
            assertEquals(StoreProvider.OVH, StoreUri.parse("OVH://gra/b-1").provider());
        }

        @Test
        void durations() {
            assertEquals(Duration.ofMillis(250), StoreUri.duration("t", "250ms"));
            assertEquals(Duration.ofSeconds(30), StoreUri.duration("t", "30s"));
            assertEquals(Duration.ofMinutes(2), StoreUri.duration("t", "2m"));
            assertEquals(Duration.ofSeconds(90), StoreUri.duration("t", "PT1M30S"));
            assertThrows(InvalidInputException.class, () -> StoreUri.duration("t", "PTxS"));
            assertThrows(InvalidInputException.class, () -> StoreUri.duration("t", "-5s"));
        }
    }
}
