package fr.coffre.custody.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyTableTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private static KeyTable parse(String s) {
        return KeyTable.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Serialise {
        @Test
        void roundTrips() {
            KeyTable t = KeyTable.empty().withCreated("s", "a", T0).withRotated("s", "a", T0.plusSeconds(1))
                    .withCreated("s", "b", T0).withAllDestroyed("s", "b");
            KeyTable back = KeyTable.parse(t.serialise());
            assertEquals(new String(t.serialise(), StandardCharsets.UTF_8), new String(back.serialise(), StandardCharsets.UTF_8));
            assertEquals(2, back.activeVersion("s", "a"));
            assertEquals(t.infos("s", "a"), back.infos("s", "a"));
        }

        @Test
        void knownText() {
            KeyTable t = KeyTable.empty().withCreated("s", "a", T0).withRotated("s", "a", T0);
            assertEquals("coffre-key-table 1\na 1 SUPERSEDED 1700000000000\na 2 ACTIVE 1700000000000\n",
                    new String(t.serialise(), StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Claims {
        @Test
        void roundTripAsFormatTwoAndWithdrawingTheLastOneGoesBackToFormatOne() {
            KeyTable t = KeyTable.empty().withCreated("s", "a", T0).withRotated("s", "a", T0)
                    .withClaim("s", "a", "REG1", java.util.Set.of(2, 1)).withClaim("s", "a", "REG2", java.util.Set.of(2));
            String text = new String(t.serialise(), StandardCharsets.UTF_8);
            assertEquals("coffre-key-table 2\na 1 SUPERSEDED 1700000000000\na 2 ACTIVE 1700000000000\n"
                    + "claim a REG1 1,2\nclaim a REG2 2\n", text);
            KeyTable back = parse(text);
            assertEquals(java.util.Map.of("REG1", java.util.Set.of(1, 2), "REG2", java.util.Set.of(2)), back.claims("a"));
            KeyTable none = back.withClaim("s", "a", "REG1", java.util.Set.of()).withClaim("s", "a", "REG2",
                    java.util.Set.of());
            assertEquals("coffre-key-table 1\na 1 SUPERSEDED 1700000000000\na 2 ACTIVE 1700000000000\n",
                    new String(none.serialise(), StandardCharsets.UTF_8));
            org.junit.jupiter.api.Assertions.assertSame(back, back.withClaim("s", "a", "REG2", java.util.Set.of(2)),
                    "an unchanged claim is no change");
        }

        @Test
        void malformedClaimLinesAreRejected() {
            String head = "coffre-key-table 2\na 1 ACTIVE 0\n";
            String[] bad = {head + "claim b R 1\n", head + "claim a R 0\n", head + "claim a R 1,1\n",
                head + "claim a R\n", head + "claim a R x\n", head + "claim a R 1\nclaim a R 1\n",
                head + "claim a R 1\na 2 ACTIVE 0\n", head + "claim a r/s 1\n",
                "coffre-key-table 1\na 1 ACTIVE 0\nclaim a R 1\n"};
            for (String s : bad) {
                assertThrows(KeyUnavailableException.class, () -> parse(s), s);
            }
        }
    }

    @Nested
    class Parse {
        @Test
        void malformedTablesAreRejected() {
            String[] bad = {
                "", "coffre-key-table 2\n", "coffre-key-table 1", "coffre-key-table 1\na 1 ACTIVE 0",
                "coffre-key-table 1\na 1 ACTIVE\n", "coffre-key-table 1\na 1 ACTIVE 0 x\n", "coffre-key-table 1\na 0 ACTIVE 0\n",
                "coffre-key-table 1\na x ACTIVE 0\n", "coffre-key-table 1\na 1 LOST 0\n", "coffre-key-table 1\na/b 1 ACTIVE 0\n",
                "coffre-key-table 1\na 2 ACTIVE 0\na 1 SUPERSEDED 0\n", "coffre-key-table 1\na 1 ACTIVE 0\na 1 ACTIVE 0\n",
                "coffre-key-table 1\n\n",
            };
            for (String s : bad) {
                assertThrows(KeyUnavailableException.class, () -> parse(s), s);
            }
        }
    }

    @Nested
    class Require {
        @Test
        void appliesTheLifeCycle() {
            KeyTable t = KeyTable.empty().withCreated("s", "a", T0).withRotated("s", "a", T0).withRotated("s", "a", T0)
                    .withRetired(new KeyRef("s", "a", 1));
            assertThrows(KeyUnavailableException.class, () -> t.require(new KeyRef("s", "a", 1), KeyTable.Use.UNPROTECT));
            assertThrows(KeyUnavailableException.class, () -> t.require(new KeyRef("s", "a", 2), KeyTable.Use.PROTECT));
            assertEquals(2, t.require(new KeyRef("s", "a", 2), KeyTable.Use.UNPROTECT).version());
            assertEquals(3, t.require(new KeyRef("s", "a", 3), KeyTable.Use.PROTECT).version());
        }
    }
}
