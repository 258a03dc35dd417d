package fr.coffre.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scripted fault of a {@link FaultProxy}: which exchanges it hits (an HTTP request in HTTP mode, a connection in
 * TCP mode; optionally only requests of one method whose target starts with a prefix; the {@code from}-th to the
 * {@code (from + times - 1)}-th of those, counted from 1) and what it does to them. Built as
 * {@code Fault.on("GET", "/bucket/").nth(2).status(503)} or {@code Fault.onEvery().cutResponseAfter(100)}.
 */
public final class Fault {

    /** What a fault does to the exchange it hits. */
    public enum Action {
        /** Answer this HTTP status with an empty body and close, without forwarding the request (HTTP mode). */
        STATUS,
        /** Reset the connection (TCP RST) before forwarding anything of the exchange. */
        RESET,
        /** Forward {@code bytes} more bytes of the response, then close cleanly (FIN): a response cut short. */
        CUT_RESPONSE,
        /** Forward {@code bytes} more bytes of the response, then reset the connection. */
        RESET_RESPONSE,
        /** Forward {@code bytes} bytes of the request (head included), then reset the connection. */
        RESET_REQUEST,
        /** Hold the response back for {@code duration} before forwarding it. */
        STALL_RESPONSE,
        /** Forward the response at {@code bytes} bytes per second, to the end of the connection. */
        THROTTLE_RESPONSE
    }

    final String method;
    final String targetPrefix;
    final int from;
    final int times;
    final Action action;
    final long amount;
    final Duration duration;
    private final AtomicInteger seen = new AtomicInteger();

    private Fault(Match m, Action action, long amount, Duration duration) {
        this.method = m.method;
        this.targetPrefix = m.targetPrefix;
        this.from = m.from;
        this.times = m.times;
        this.action = action;
        this.amount = amount;
        this.duration = duration;
    }

    /** HTTP requests of {@code method} (null: any) whose target starts with {@code targetPrefix} (null: any). */
    public static Match on(String method, String targetPrefix) {
        return new Match(method, targetPrefix);
    }

    /** Every exchange: every HTTP request in HTTP mode, every connection in TCP mode. */
    public static Match onEvery() {
        return new Match(null, null);
    }

    /** Counts an exchange; true if it matches and falls in this fault's window. Thread-safe. */
    boolean hits(String requestMethod, String target) {
        if (method != null && !method.equals(requestMethod)) {
            return false;
        }
        if (targetPrefix != null && (target == null || !target.startsWith(targetPrefix))) {
            return false;
        }
        int n = seen.incrementAndGet();
        return n >= from && (long) n < (long) from + times;
    }

    @Override
    public String toString() {
        return "Fault[" + action + " on " + (method == null ? "*" : method) + " " + (targetPrefix == null ? "*"
                : targetPrefix) + " #" + from + (times == Integer.MAX_VALUE ? "+" : "x" + times) + "]";
    }

    /** Which exchanges a fault hits; then choose what it does. */
    public static final class Match {
        private final String method;
        private final String targetPrefix;
        private int from = 1;
        private int times = Integer.MAX_VALUE;

        private Match(String method, String targetPrefix) {
            this.method = method;
            this.targetPrefix = targetPrefix;
        }

        /** Only the {@code n}-th matching exchange (from 1). */
        public Match nth(int n) {
            return window(n, 1);
        }

        /** The first {@code count} matching exchanges. */
        public Match first(int count) {
            return window(1, count);
        }

        /** The {@code from}-th matching exchange and the {@code count - 1} after it. */
        public Match window(int from, int count) {
            if (from < 1 || count < 1) {
                throw new IllegalArgumentException("from and count must be >= 1");
            }
            this.from = from;
            this.times = count;
            return this;
        }

        public Fault status(int code) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + code);
            }
            return new Fault(this, Action.STATUS, code, Duration.ZERO);
        }

        public Fault reset() {
            return new Fault(this, Action.RESET, 0, Duration.ZERO);
        }

        public Fault cutResponseAfter(long bytes) {
            return new Fault(this, Action.CUT_RESPONSE, nonNegative(bytes), Duration.ZERO);
        }

        public Fault resetResponseAfter(long bytes) {
            return new Fault(this, Action.RESET_RESPONSE, nonNegative(bytes), Duration.ZERO);
        }

        public Fault resetRequestAfter(long bytes) {
            return new Fault(this, Action.RESET_REQUEST, nonNegative(bytes), Duration.ZERO);
        }

        /** Holds the response back; at most one minute, and never past the proxy's close. */
        public Fault stallResponse(Duration duration) {
            if (duration.isNegative() || duration.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("stall must be 0 to 1 minute, was " + duration);
            }
            return new Fault(this, Action.STALL_RESPONSE, 0, duration);
        }

        public Fault throttleResponse(long bytesPerSecond) {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("bytes per second must be >= 1");
            }
            return new Fault(this, Action.THROTTLE_RESPONSE, bytesPerSecond, Duration.ZERO);
        }

        private static long nonNegative(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0");
            }
            return bytes;
        }
    }
}
