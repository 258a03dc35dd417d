package fr.coffre.core.migration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** {@code jobs} threads and at most {@code 4 * jobs} tasks queued or running, so a listing never runs far ahead. */
final class BoundedPool implements AutoCloseable {
    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final int permits;

    BoundedPool(int jobs, String threadName) {
        this.permits = jobs * 4;
        this.inFlight = new Semaphore(permits);
        this.pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on a pool thread, waiting while the queue is full. */
    void submit(Runnable task) {
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                task.run();
            } finally {
                inFlight.release();
            }
        });
    }

    /** Waits until every submitted task has ended. */
    void awaitAll() {
        inFlight.acquireUninterruptibly(permits);
        inFlight.release(permits);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // tasks are bounded by their stores' timeouts and retries
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
