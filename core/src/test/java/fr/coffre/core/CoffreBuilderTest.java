package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoffreBuilderTest {
    @TempDir
    Path tmp;

    @Nested
    class Policy {
        @Test
        void custodyOutsideFranceIsRefusedBeforeAnythingIsCreated() {
            try (TestCustody us = TestCustody.keystore(tmp.resolve("us"), "US"); ObjectStore store = ObjectStores.memory()) {
                PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> Coffre.builder()
                        .store(store).custodian(us).registryDirectory(tmp.resolve("reg"))
                        .createRegistryIfMissing(true).vaultId("v").build());
                assertTrue(e.getMessage().contains("jurisdiction US"), e.getMessage());
                assertFalse(Files.exists(tmp.resolve("reg")));
            }
        }

        @Test
        void sharedRegistryIsCheckedAgainstThisCoffresPolicy() {
            try (TestCustody de = TestCustody.keystore(tmp.resolve("de"), "DE");
                    KeyRegistry registry = KeyRegistry.builder()
                            .createIfMissing(true).custodian(de).directory(tmp.resolve("reg"))
                            .allowedJurisdictions(Set.of("DE")).build();
                    ObjectStore store = ObjectStores.memory()) {
                assertThrows(PolicyViolationException.class,
                        () -> Coffre.builder().store(store).keyRegistry(registry).vaultId("v").build());
                Coffre.builder().store(store).keyRegistry(registry).vaultId("v").allowedJurisdictions(Set.of("DE", "FR"))
                        .build().close();
            }
        }
    }

    @Nested
    class Validation {
        @Test
        void missingOrInvalidFieldsFailFastNamingTheField() {
            try (TestCustody fr = TestCustody.keystore(tmp.resolve("fr")); ObjectStore store = ObjectStores.memory()) {
                assertMessage("store:", () -> Coffre.builder().custodian(fr).registryDirectory(tmp)
                        .createRegistryIfMissing(true).vaultId("v").build());
                assertMessage("vaultId:", () -> Coffre.builder().store(store).custodian(fr).registryDirectory(tmp)
                        .createRegistryIfMissing(true).build());
                assertMessage("vaultId:", () -> Coffre.builder().store(store).custodian(fr).registryDirectory(tmp)
                        .createRegistryIfMissing(true)
                        .vaultId("a/b").build());
                assertMessage("keyRegistry, custodian:", () -> Coffre.builder().store(store).vaultId("v").build());
                assertMessage("registryDirectory:", () -> Coffre.builder().store(store).custodian(fr).vaultId("v").build());
                assertMessage("segmentSizeBytes:", () -> Coffre.builder().store(store).custodian(fr)
                        .registryDirectory(tmp)
                        .createRegistryIfMissing(true).vaultId("v").segmentSizeBytes(1000).build());
                assertMessage("subject, collection:", () -> PutOptions.builder().subject("a").collection("b").build());
                assertMessage("cacheMaxEntries:", () -> KeyRegistry.builder()
                        .createIfMissing(true).custodian(fr).directory(tmp)
                        .cacheMaxEntries(-1).build());
            }
        }

        @Test
        void registrySettingsGivenToCoffreAreCheckedForOwnedAndSharedRegistries() {
            try (TestCustody fr = TestCustody.keystore(tmp.resolve("fr")); ObjectStore store = ObjectStores.memory();
                    KeyRegistry shared = KeyRegistry.builder()
                            .createIfMissing(true).custodian(fr).directory(tmp.resolve("reg")).build()) {
                assertMessage("allowedJurisdictions:", () -> Coffre.builder().store(store).custodian(fr)
                        .registryDirectory(tmp.resolve("owned"))
                        .createRegistryIfMissing(true).vaultId("v").allowedJurisdictions(Set.of()).build());
                assertMessage("allowedJurisdictions:", () -> Coffre.builder().store(store).keyRegistry(shared)
                        .vaultId("v").allowedJurisdictions(Set.of()).build());
                assertMessage("cacheMaxEntries:", () -> Coffre.builder().store(store).custodian(fr)
                        .registryDirectory(tmp.resolve("owned"))
                        .createRegistryIfMissing(true).vaultId("v").cache(-1, java.time.Duration.ZERO).build());
                assertMessage("cacheTimeToLive:", () -> Coffre.builder().store(store).custodian(fr)
                        .registryDirectory(tmp.resolve("owned"))
                        .createRegistryIfMissing(true).vaultId("v").cache(1, null).build());
                assertFalse(Files.exists(tmp.resolve("owned")));
            }
        }

        private void assertMessage(String prefix, org.junit.jupiter.api.function.Executable build) {
            InvalidInputException e = assertThrows(InvalidInputException.class, build);
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        }
    }
}
