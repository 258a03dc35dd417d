package fr.coffre.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuditDurabilityTest {
    @Nested
    class Bounds {
        @Test
        void aDelayUnderOneMillisecondIsRefusedNamingTheField() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> AuditDurability.bounded(Duration.ofNanos(999_999)));
            assertTrue(e.getMessage().startsWith("auditDurability.maxDelay: must be in [1 ms, 1 s], was "),
                    e.getMessage());
        }

        @Test
        void aDelayOverOneSecondIsRefused() {
            assertThrows(InvalidInputException.class, () -> AuditDurability.bounded(Duration.ofMillis(1001)));
        }

        @Test
        void aNullDelayIsRefused() {
            assertThrows(InvalidInputException.class, () -> AuditDurability.bounded(null));
        }

        @Test
        void theBoundsThemselvesAreAccepted() {
            assertEquals(Duration.ofMillis(1), AuditDurability.bounded(Duration.ofMillis(1)).maxDelay());
            assertEquals(Duration.ofSeconds(1), AuditDurability.bounded(Duration.ofSeconds(1)).maxDelay());
        }

        @Test
        void theDefaultIsBoundedAtTenMilliseconds() {
            assertTrue(AuditDurability.DEFAULT.isBounded());
            assertEquals(Duration.ofMillis(10), AuditDurability.DEFAULT.maxDelay());
        }

        @Test
        void perRecordHasNoDelay() {
            assertFalse(AuditDurability.perRecord().isBounded());
            assertThrows(IllegalStateException.class, () -> AuditDurability.perRecord().maxDelay());
        }
    }

    @Nested
    class Parse {
        @Test
        void perRecordParses() {
            assertSame(AuditDurability.perRecord(), AuditDurability.parse("f", "per-record"));
        }

        @Test
        void boundedParsesItsIsoDuration() {
            assertEquals(AuditDurability.bounded(Duration.ofMillis(25)),
                    AuditDurability.parse("f", "bounded:PT0.025S"));
        }

        @Test
        void theTextRoundTripsThroughToString() {
            AuditDurability d = AuditDurability.bounded(Duration.ofMillis(250));
            assertEquals(d, AuditDurability.parse("f", d.toString()));
            assertEquals("per-record", AuditDurability.perRecord().toString());
        }

        @Test
        void garbageIsRefusedNamingTheField() {
            for (String bad : new String[] {"", "bounded", "bounded:10ms", "bounded:PT5S", "always", null}) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> AuditDurability.parse("auditDurability", bad));
                assertTrue(e.getMessage().startsWith("auditDurability: must be per-record or bounded:"),
                        e.getMessage());
            }
        }
    }

    @Nested
    class Defers {
        @Test
        void boundedDefersOnlyDataAccesses() {
            AuditDurability d = AuditDurability.DEFAULT;
            for (String a : new String[] {"put", "get", "get-range", "stat", "list", "delete"}) {
                assertTrue(d.defers(a), a);
            }
            for (String a : new String[] {AuditRecord.CHECKPOINT, AuditRecord.SHRED,
                    AuditRecord.DESTRUCTION_CERTIFICATE, AuditRecord.RETENTION, "rotate-master-key", "migrate",
                    "policy-exception", "export", "audit-tail", null}) {
                assertFalse(d.defers(a), String.valueOf(a));
            }
        }

        @Test
        void perRecordDefersNothing() {
            assertFalse(AuditDurability.perRecord().defers("get"));
        }
    }
}
