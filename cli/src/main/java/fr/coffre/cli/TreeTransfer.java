package fr.coffre.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one transfer per item on at most {@code jobs} threads. The first failure cancels what has not started and
 * is rethrown as it was (so its exit code is that of a single transfer).
 */
final class TreeTransfer {
    static final int MAX_JOBS = 64;

    /** One transfer; returns the number of bytes moved. */
    @FunctionalInterface
    interface Task<T> {
        long run(T item) throws IOException;
    }

    private TreeTransfer() {
    }

    static <T> long run(List<T> items, int jobs, Task<T> task) {
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, items.size())), r -> {
            Thread t = new Thread(r, "coffre-transfer-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.run(item)));
            }
            long total = 0;
            for (Future<Long> f : futures) {
                total += await(f, pool);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long await(Future<Long> f, ExecutorService pool) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }
}
