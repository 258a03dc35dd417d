package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreUri;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyTest {
    static final String DPIA = "every byte is encrypted client-side under keys held in France; see DPIA-2026-04";

    static PolicyViolationException refused(Policy p, StoreConfig c, String rule, String setting) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> p.check(c));
        assertEquals(rule, e.rule());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains("rule " + rule) && e.getMessage().contains(setting), e.getMessage());
        assertTrue(e.getMessage().startsWith("policy " + p.name() + ": "), e.getMessage());
        return e;
    }

    static StoreConfig s3(String endpoint, String country, String jurisdiction) {
        return ProviderPresets.s3(URI.create(endpoint), "us-east-1", "bucket").toBuilder().regionCountry(country)
                .providerJurisdiction(jurisdiction).build();
    }

    @Nested
    class Presets {
        @Test
        void frHealthAppliesEveryRuleWithTheEea() {
            Policy p = Policy.frHealth();
            assertEquals("fr-health", p.name());
            assertEquals(30, p.storeCountries().size());
            assertTrue(p.storeCountries().containsAll(Set.of("FR", "DE", "IS", "LI", "NO", "GR")));
            assertFalse(p.storeCountries().contains("GB") || p.storeCountries().contains("CH"));
            assertEquals(Policy.EEA, p.providerJurisdictions());
            assertEquals(Set.of("FR"), p.custodyJurisdictions());
            assertTrue(p.tlsRequired() && p.unknownProvidersRefused() && p.requireReason());
            assertEquals(List.of(), p.exceptions());
            assertEquals(p, Policy.preset("fr-health"));
        }

        @Test
        void developmentChecksOnlyCustody() {
            Policy p = Policy.development();
            assertEquals(Set.of(), p.storeCountries());
            assertEquals(Set.of(), p.providerJurisdictions());
            assertFalse(p.tlsRequired() || p.unknownProvidersRefused() || p.requireReason());
            assertEquals(Transfer.Basis.RULE, p.check(s3("http://s3.example.com", null, "US")).basis());
            assertEquals(Transfer.Basis.RULE, p.check(ProviderPresets.memory()).basis());
        }

        @Test
        void unknownPresetIsAnInputError() {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Policy.preset("strict"));
            assertTrue(e.getMessage().contains("development or fr-health"), e.getMessage());
        }
    }

    @Nested
    class StoreCountry {
        @Test
        void eeaRegionsAreAllowedAndOthersRefusedNamingTheRegion() {
            Policy p = Policy.frHealth();
            assertEquals("FR", p.check(ProviderPresets.ovh("gra", "bucket")).country());
            assertEquals("PL", p.check(ProviderPresets.scaleway("pl-waw", "bucket")).country());
            PolicyViolationException e = refused(p, ProviderPresets.ovh("bhs", "bucket"), Policy.STORE_COUNTRY,
                    "store.regionCountry");
            assertTrue(e.getMessage().contains("region bhs") && e.getMessage().contains("holds data in CA"),
                    e.getMessage());
            refused(p, ProviderPresets.ovh("uk", "bucket"), Policy.STORE_COUNTRY, "store.regionCountry");
        }

        @Test
        void aCustomListNarrowsTheCountries() {
            Policy p = Policy.frHealth().toBuilder().allowStoreCountries(Set.of("FR")).build();
            refused(p, ProviderPresets.ovh("de", "bucket"), Policy.STORE_COUNTRY, "store.regionCountry");
            assertEquals("FR", p.check(ProviderPresets.outscale("eu-west-2", "bucket")).country());
        }
    }

    @Nested
    class ProviderJurisdiction {
        @Test
        void azureIsRefusedWithoutAnException() {
            StoreConfig azure = ProviderPresets.azure("acct", "c-1").toBuilder().regionCountry("FR").build();
            PolicyViolationException e = refused(Policy.frHealth(), azure, Policy.PROVIDER_JURISDICTION,
                    "store.providerJurisdiction");
            assertTrue(e.getMessage().contains("jurisdiction US") && e.getMessage().contains("allowJurisdiction"),
                    e.getMessage());
        }

        @Test
        void theExceptionIsRecordedWithItsJustification() {
            Policy p = Policy.frHealth().toBuilder().allowJurisdiction("US", DPIA).build();
            assertEquals(List.of(new JurisdictionExemption("US", DPIA)), p.exceptions());
            Transfer t = p.check(ProviderPresets.azure("acct", "c-1").toBuilder().regionCountry("FR").build());
            assertEquals(Transfer.Basis.EXCEPTION, t.basis());
            assertEquals(DPIA, t.justification());
            assertEquals("acct.blob.core.windows.net", t.endpointHost());
            assertEquals("US", t.providerJurisdiction());
            assertTrue(t.toString().contains("exception (" + DPIA + ")"), t.toString());
            assertTrue(p.toString().contains(DPIA), p.toString());
            assertNull(p.check(ProviderPresets.ovh("gra", "bucket")).justification());
        }

        @Test
        void anExceptionOnlyWidensTheJurisdictionItNames() {
            Policy p = Policy.frHealth().toBuilder().allowJurisdiction("US", DPIA).build();
            refused(p, s3("https://s3.example.ch", "FR", "CH"), Policy.PROVIDER_JURISDICTION,
                    "store.providerJurisdiction");
            // an exception is for the provider's law, not for where the data rests
            refused(p, s3("https://s3.example.com", "US", "US"), Policy.STORE_COUNTRY, "store.regionCountry");
        }

        @Test
        void exceptionsFailFastNamingTheField() {
            Policy.Builder b = Policy.frHealth().toBuilder();
            assertMessage("justification of US must be non-blank", () -> b.allowJurisdiction("US", " "));
            assertMessage("jurisdiction must be an ISO 3166-1", () -> b.allowJurisdiction("us", DPIA));
            assertMessage("at most 500 characters", () -> b.allowJurisdiction("US", "x".repeat(501)));
            b.allowJurisdiction("US", DPIA);
            assertMessage("given twice", () -> b.allowJurisdiction("US", DPIA));
            assertMessage("already allowed by rule provider-jurisdiction", () -> Policy.frHealth().toBuilder()
                    .allowJurisdiction("FR", DPIA).build());
            assertMessage("already allowed by rule provider-jurisdiction", () -> Policy.development().toBuilder()
                    .allowJurisdiction("US", DPIA).build());
        }
    }

    @Nested
    class Tls {
        @Test
        void plainHttpIsRefusedForANonLoopbackHost() {
            PolicyViolationException e = refused(Policy.frHealth(), s3("http://s3.example.fr", "FR", "FR"), Policy.TLS,
                    "store.endpoint");
            assertTrue(e.getMessage().contains("s3.example.fr") && e.getMessage().contains("over http"),
                    e.getMessage());
            refused(Policy.frHealth(), s3("http://10.0.0.1:9000", "FR", "FR"), Policy.TLS, "store.endpoint");
            // a name that resolves to loopback is not trusted: only literal loopback addresses are
            refused(Policy.frHealth(), s3("http://127.example.fr", "FR", "FR"), Policy.TLS, "store.endpoint");
        }

        @Test
        void plainHttpIsAllowedOnLoopbackAndHttpsEverywhere() {
            for (String ok : List.of("http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:8080",
                    "http://127.1.2.3", "https://s3.example.fr")) {
                assertEquals(Transfer.Basis.RULE, Policy.frHealth().check(s3(ok, "FR", "FR")).basis(), ok);
            }
        }

        @Test
        void swiftIsCheckedOnItsAuthUrl() {
            StoreConfig swift = StoreUri.parse("swift://c?auth=http://keystone.example.fr/v3&country=FR&jurisdiction=FR");
            refused(Policy.frHealth(), swift, Policy.TLS, "store.endpoint");
            StoreConfig local = StoreUri.parse("swift://c?auth=http://127.0.0.1:8080/auth/v1.0&country=FR"
                    + "&jurisdiction=FR");
            assertEquals("127.0.0.1", Policy.frHealth().check(local).endpointHost());
        }
    }

    @Nested
    class UnknownProvider {
        @Test
        void aStoreWithoutLocationLabelsIsRefusedUnderFrHealth() {
            refused(Policy.frHealth(), s3("https://s3.example.fr", null, "FR"), Policy.UNKNOWN_PROVIDER,
                    "store.regionCountry");
            refused(Policy.frHealth(), s3("https://s3.example.fr", "FR", null), Policy.UNKNOWN_PROVIDER,
                    "store.providerJurisdiction");
            refused(Policy.frHealth(), ProviderPresets.file(Path.of("/tmp/coffre-store")), Policy.UNKNOWN_PROVIDER,
                    "store.regionCountry");
            refused(Policy.frHealth(), ProviderPresets.memory(), Policy.UNKNOWN_PROVIDER, "store.regionCountry");
        }

        @Test
        void labellingTheStoreMakesItKnown() {
            Transfer t = Policy.frHealth().check(StoreUri.parse(
                    "s3://bucket?endpoint=https://s3.example.fr&region=fr-1&country=FR&jurisdiction=FR"));
            assertEquals(new Transfer("s3", "s3.example.fr", "fr-1", "FR", "FR", Transfer.Basis.RULE, null), t);
        }
    }

    @Nested
    class CustodyJurisdiction {
        @Test
        void custodyOutsideTheAllowedJurisdictionsIsRefusedNamingTheRule() {
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> Policy.frHealth().checkCustody(new CustodyDescriptor("kmip", "kms.example.de:5696", "DE")));
            assertEquals(Policy.CUSTODY_JURISDICTION, e.rule());
            assertEquals("custody.jurisdiction", e.setting());
            assertTrue(e.getMessage().contains("rule custody-jurisdiction") && e.getMessage().contains("DE"),
                    e.getMessage());
            Policy.frHealth().checkCustody(new CustodyDescriptor("kmip", "kms.example.fr:5696", "FR"));
        }
    }

    @Nested
    class Validation {
        @Test
        void invalidSettingsFailFastNamingFieldAndValue() {
            assertMessage("storeCountries: must hold ISO 3166-1 alpha-2 codes in upper case such as FR, was 'fr'",
                    () -> Policy.builder().allowStoreCountries(Set.of("fr")).build());
            assertMessage("custodyJurisdictions: must name at least one",
                    () -> Policy.builder().allowCustodyJurisdictions(Set.of()).build());
            assertMessage("providerJurisdictions: must be non-null",
                    () -> Policy.builder().allowProviderJurisdictions(null).build());
            assertMessage("name: must match", () -> Policy.builder().name("Fr Health").build());
        }

        @Test
        void theMapOfTransfersListsEveryStoreInOrder() {
            Policy p = Policy.frHealth().toBuilder().allowJurisdiction("US", DPIA).build();
            StoreDescriptor ovh = ProviderPresets.ovh("gra", "bucket").descriptor();
            StoreDescriptor azure = ProviderPresets.azure("acct", "c-1").toBuilder().regionCountry("NL").build()
                    .descriptor();
            TransferMap map = p.transfers(List.of(ovh, azure));
            assertEquals("fr-health", map.policy());
            assertEquals(List.of("ovh", "azure"), map.transfers().stream().map(Transfer::provider).toList());
            assertEquals("gra", map.transfers().get(0).region());
            assertTrue(map.toString().contains("s3.gra.io.cloud.ovh.net") && map.toString().contains(DPIA),
                    map.toString());
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
