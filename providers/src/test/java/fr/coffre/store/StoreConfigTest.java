package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    private final StoreConfig ovh = ProviderPresets.ovh("sbg", "b-1");

    private static void assertRejected(StoreConfig.Builder b, String start) {
        InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void toBuilderRoundTripsAndTunes() {
        assertEquals(ovh, ovh.toBuilder().build());
        StoreConfig tuned = ovh.toBuilder().readTimeout(Duration.ofSeconds(5)).build();
        assertNotEquals(ovh, tuned);
        assertEquals(Duration.ofSeconds(5), tuned.readTimeout());
        assertEquals(ovh.endpoint(), tuned.endpoint());
    }

    @Test
    void descriptorCarriesTheLocationLabels() {
        StoreDescriptor d = ovh.descriptor();
        assertEquals("ovh", d.provider());
        assertEquals("https://s3.sbg.io.cloud.ovh.net", d.endpoint());
        assertEquals("b-1", d.container());
        assertEquals("FR", d.regionCountry());
        assertEquals("FR", d.providerJurisdiction());
        assertEquals("US", ProviderPresets.azure("acct", "c-1").descriptor().providerJurisdiction());
    }

    @Test
    void everyFieldIsChecked() {
        assertRejected(ovh.toBuilder().container(null), "bucket: must be set");
        assertRejected(ovh.toBuilder().endpoint(null), "endpoint: must be set for a ovh store");
        assertRejected(ovh.toBuilder().endpoint(URI.create("https://k:s@h")), "endpoint: must have no user info");
        assertRejected(ovh.toBuilder().region(null), "region: the S3 signature region must be set");
        assertRejected(ovh.toBuilder().region("bad region"), "region: must be 1 to 63 characters");
        assertRejected(ovh.toBuilder().regionCountry("fr"), "regionCountry: must be an ISO 3166-1 alpha-2 code");
        assertRejected(ovh.toBuilder().providerJurisdiction("FRA"), "providerJurisdiction:");
        assertRejected(ovh.toBuilder().partSizing(null), "partSizing: must be non-null");
        assertRejected(ovh.toBuilder().maxSinglePutBytes(-1), "maxSinglePutBytes: must be >= 0");
        assertRejected(ovh.toBuilder().connectTimeout(Duration.ZERO), "connectTimeout: must be more than 0");
        assertRejected(ovh.toBuilder().readTimeout(Duration.ofHours(2)), "readTimeout:");
        assertRejected(ovh.toBuilder().retryPolicy(null), "retryPolicy: must be non-null");
        assertRejected(StoreConfig.builder(StoreProvider.SWIFT).container("c")
                .endpoint(URI.create("http://h/auth/v1.0")), "swiftAuth: must be KEYSTONE_V3 or TEMPAUTH");
        assertRejected(StoreConfig.builder(StoreProvider.FILE), "directory: must be set for a file store");
        assertRejected(StoreConfig.builder(StoreProvider.MEM).container("-x"), "container:");
        assertThrows(InvalidInputException.class, () -> StoreConfig.builder(null));
    }

    @Test
    void keystoneDefaultsToTheDefaultDomain() {
        StoreConfig c = ProviderPresets.swift(URI.create("https://auth.example/v3/"), "c");
        assertEquals(StoreConfig.SwiftAuth.KEYSTONE_V3, c.swiftAuth());
        assertEquals("Default", c.swiftDomain());
    }

    @Test
    void configHoldsNoSecretSoToStringIsComplete() {
        String s = ovh.toString();
        assertTrue(s.contains("b-1") && s.contains("sbg") && s.contains("https://s3.sbg.io.cloud.ovh.net"), s);
    }
}
