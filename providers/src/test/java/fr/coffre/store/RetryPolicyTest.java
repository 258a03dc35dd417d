package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Nested
    class Build {
        @Test
        void defaultsAreBoundedWithFullJitter() {
            RetryPolicy p = RetryPolicy.defaults();
            assertEquals(5, p.maxAttempts());
            assertEquals(Duration.ofMillis(200), p.initialBackoff());
            assertEquals(Duration.ofSeconds(10), p.maxBackoff());
            assertEquals(1.0, p.jitter());
            assertEquals(1, RetryPolicy.noRetry().maxAttempts());
        }

        @Test
        void toBuilderRoundTrips() {
            RetryPolicy p = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(50)).jitter(0.25).build();
            assertEquals(p, p.toBuilder().build());
            assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
        }

        private void assertRejected(RetryPolicy.Builder b, String field) {
            InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
            assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
        }

        @Test
        void everyBadFieldIsNamed() {
            assertRejected(RetryPolicy.builder().maxAttempts(0), "maxAttempts");
            assertRejected(RetryPolicy.builder().maxAttempts(101), "maxAttempts");
            assertRejected(RetryPolicy.builder().initialBackoff(null), "initialBackoff");
            assertRejected(RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)), "initialBackoff");
            assertRejected(RetryPolicy.builder().maxBackoff(Duration.ofHours(2)), "maxBackoff");
            assertRejected(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofSeconds(1)), "maxBackoff");
            assertRejected(RetryPolicy.builder().jitter(-0.1), "jitter");
            assertRejected(RetryPolicy.builder().jitter(1.5), "jitter");
            assertRejected(RetryPolicy.builder().jitter(Double.NaN), "jitter");
        }

        @Test
        void messageNamesRuleAndValue() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> RetryPolicy.builder().maxAttempts(0).build());
            assertEquals("maxAttempts: must be 1 to 100, was 0", e.getMessage());
        }
    }

    @Nested
    class Backoff {
        private final RetryPolicy p = RetryPolicy.builder().maxAttempts(100).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(3)).jitter(1.0).build();

        @Test
        void ceilingDoublesFromTheInitialBackoffToTheMaximum() {
            assertEquals(Duration.ofMillis(100), p.backoffCeiling(2));
            assertEquals(Duration.ofMillis(200), p.backoffCeiling(3));
            assertEquals(Duration.ofMillis(1600), p.backoffCeiling(6));
            assertEquals(Duration.ofSeconds(3), p.backoffCeiling(7));
            assertEquals(Duration.ofSeconds(3), p.backoffCeiling(100)); // no overflow
        }

        @Test
        void fullJitterSpansZeroToTheCeiling() {
            assertEquals(Duration.ZERO, p.backoff(4, 0.0));
            assertEquals(Duration.ofMillis(200), p.backoff(4, 0.5));
            assertTrue(p.backoff(4, 0.999_999).compareTo(Duration.ofMillis(400)) < 0);
        }

        @Test
        void partialAndNoJitter() {
            RetryPolicy none = p.toBuilder().jitter(0).build();
            assertEquals(Duration.ofMillis(400), none.backoff(4, 0.0));
            assertEquals(Duration.ofMillis(400), none.backoff(4, 0.9));
            RetryPolicy quarter = p.toBuilder().jitter(0.25).build();
            assertEquals(Duration.ofMillis(300), quarter.backoff(4, 0.0));
            assertEquals(Duration.ofMillis(350), quarter.backoff(4, 0.5));
        }

        @Test
        void firstAttemptHasNoBackoffAndRandomMustBeAFraction() {
            assertThrows(InvalidInputException.class, () -> p.backoffCeiling(1));
            assertThrows(InvalidInputException.class, () -> p.backoff(2, 1.0));
            assertThrows(InvalidInputException.class, () -> p.backoff(2, -0.1));
        }
    }
}
