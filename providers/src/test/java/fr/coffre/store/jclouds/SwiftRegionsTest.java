package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.RegionNotFoundException;
import fr.coffre.store.StoreException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwiftRegionsTest {

    @Test
    void theConfiguredRegionWhenOffered() {
        assertEquals("SBG", SwiftRegions.choose(Set.of("GRA", "SBG"), "SBG"));
    }

    @Test
    void theOnlyRegionWhenNoneIsConfigured() {
        assertEquals("127.0.0.1", SwiftRegions.choose(Set.of("127.0.0.1"), null));
    }

    @Test
    void aRegionNotOfferedIsNamedWithTheOffered() {
        RegionNotFoundException e = assertThrows(RegionNotFoundException.class,
                () -> SwiftRegions.choose(Set.of("SBG", "GRA"), "gra"));
        assertTrue(e.getMessage().contains("'gra'") && e.getMessage().contains("GRA, SBG"), e.getMessage());
    }

    @Test
    void severalRegionsAndNoneConfiguredIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SwiftRegions.choose(Set.of("SBG", "GRA"), null));
        assertTrue(e.getMessage().contains("GRA, SBG"), e.getMessage());
    }

    @Test
    void noObjectStoreEndpointAtAll() {
        assertThrows(StoreException.class, () -> SwiftRegions.choose(Set.of(), null));
        assertThrows(RegionNotFoundException.class, () -> SwiftRegions.choose(Set.of(), "GRA"));
    }
}
