package fr.coffre.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What the benchmarks share: the median of repetitions, and indexed work spread over a fixed number of threads. */
public final class BenchRuns {
    private BenchRuns() {
    }

    /** One unit of indexed work. */
    @FunctionalInterface
    public interface IndexedTask {
        void run(int i) throws Exception;
    }

    /** The median of {@code values} (the mean of the two middle ones for an even count). */
    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Runs {@code task} for 0 to {@code count - 1} on {@code threads} threads (thread t takes t, t + threads, ...). */
    public static void parallel(int count, int threads, IndexedTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
