package fr.coffre.store.internal;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ContainerNotFoundException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    private Retrier retrier(RetryPolicy policy, double random) {
        return new Retrier(policy, sleeps::add, () -> random);
    }

    /** An operation that fails transiently {@code failures} times, then answers "ok". */
    private Retrier.Attempt<String> flaky(int failures) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new StoreUnavailableException("get 'x' on s3:e/b: store unavailable (HTTP 503)");
            }
            return "ok";
        };
    }

    private static RetryPolicy policy(int attempts) {
        return RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(1000)).jitter(1.0).build();
    }

    @Nested
    class TransientFailures {
        @Test
        void retriedUntilSuccess() {
            assertEquals("ok", retrier(policy(5), 0.5).call("get", flaky(3)));
            assertEquals(4, calls.get());
            assertEquals(3, sleeps.size());
        }

        @Test
        void backoffDoublesUpToTheCapWithFullJitter() {
            assertThrows(StoreUnavailableException.class, () -> retrier(policy(7), 0.5).call("get", flaky(99)));
            // ceilings 100, 200, 400, 800, 1000, 1000 ms; full jitter with random 0.5 halves them
            assertEquals(List.of(50L, 100L, 200L, 400L, 500L, 500L), sleeps.stream().map(Duration::toMillis).toList());
        }

        @Test
        void exhaustedAttemptsSayHowManyAndKeepTheLastFailure() {
            StoreUnavailableException e = assertThrowsExactly(StoreUnavailableException.class,
                    () -> retrier(policy(3), 0.1).call("get", flaky(99)));
            assertEquals(3, calls.get());
            assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
            assertTrue(e.getCause() instanceof StoreUnavailableException);
        }

        @Test
        void singleAttemptPolicyDoesNotRetryNorWrap() {
            StoreUnavailableException e = assertThrowsExactly(StoreUnavailableException.class,
                    () -> retrier(RetryPolicy.noRetry(), 0.1).call("get", flaky(99)));
            assertEquals(1, calls.get());
            assertEquals(List.of(), sleeps);
            assertTrue(e.getMessage().endsWith("(HTTP 503)"), e.getMessage());
        }

        @Test
        void interruptedWaitStopsRetryingAndKeepsTheInterrupt() {
            Retrier interrupted = new Retrier(policy(5), d -> {
                throw new InterruptedException();
            }, () -> 0.5);
            try {
                StoreUnavailableException e = assertThrowsExactly(StoreUnavailableException.class,
                        () -> interrupted.call("get 'x'", flaky(99)));
                assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
                assertEquals(1, calls.get());
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Nested
    class PermanentFailures {
        @Test
        void notFoundIsNotRetried() {
            ObjectNotFoundException notFound = new ObjectNotFoundException("stat 'x': no such object");
            ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                    () -> retrier(policy(5), 0.5).call("stat", () -> {
                        calls.incrementAndGet();
                        throw notFound;
                    }));
            assertSame(notFound, e);
            assertEquals(1, calls.get());
            assertEquals(List.of(), sleeps);
        }

        @Test
        void accessDeniedAndInvalidInputAndPlainStoreErrorsAreNotRetried() {
            for (RuntimeException permanent : List.of(new AccessDeniedException("denied"),
                    new InvalidInputException("bad"), new StoreException("rejected (HTTP 400)"),
                    new ContainerNotFoundException("no container"), new IllegalStateException("bug"))) {
                calls.set(0);
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> retrier(policy(5), 0.5).call("op", () -> {
                            calls.incrementAndGet();
                            throw permanent;
                        }));
                assertSame(permanent, e);
                assertEquals(1, calls.get(), permanent.getClass().getSimpleName());
            }
            assertEquals(List.of(), sleeps);
        }

        @Test
        void transientThenPermanentStopsAtThePermanentOne() {
            AccessDeniedException denied = new AccessDeniedException("denied");
            assertSame(denied, assertThrows(AccessDeniedException.class,
                    () -> retrier(policy(5), 0.5).call("op", () -> {
                        if (calls.incrementAndGet() == 1) {
                            throw new StoreUnavailableException("503");
                        }
                        throw denied;
                    })));
            assertEquals(2, calls.get());
        }
    }

    @Nested
    class RetryOnlyWhileReplayable {
        @Test
        void retriedWhileTheConditionHolds() {
            assertEquals("ok", retrier(policy(5), 0.5).call("put", flaky(2), () -> true));
            assertEquals(3, calls.get());
        }

        @Test
        void transientFailureAfterTheConditionTurnedFalseIsThrownAtOnceUnwrapped() {
            boolean[] consumed = {false};
            StoreUnavailableException e = assertThrowsExactly(StoreUnavailableException.class,
                    () -> retrier(policy(5), 0.5).call("put", () -> {
                        calls.incrementAndGet();
                        consumed[0] = true; // e.g. the caller's stream was read from
                        throw new StoreUnavailableException("put 'x': connection reset");
                    }, () -> !consumed[0]));
            assertEquals(1, calls.get());
            assertEquals(List.of(), sleeps);
            assertEquals("put 'x': connection reset", e.getMessage());
        }

        @Test
        void secondAttemptThatConsumedStopsTheRetries() {
            AtomicInteger consumedAt = new AtomicInteger(2);
            assertThrowsExactly(StoreUnavailableException.class, () -> retrier(policy(5), 0.5).call("put",
                    flaky(99), () -> calls.get() < consumedAt.get()));
            assertEquals(2, calls.get());
            assertEquals(1, sleeps.size());
        }
    }

    @Test
    void runIsCallWithoutResult() {
        retrier(policy(3), 0.5).run("delete", () -> flaky(1).run());
        assertEquals(2, calls.get());
    }

    @Test
    void nullPolicyIsInvalidInput() {
        assertThrows(InvalidInputException.class, () -> new Retrier(null));
    }
}
