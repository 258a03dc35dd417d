package fr.coffre.hadoop;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Store calls for many names at once (the stats of a listing, the deletes of a directory), at most
 * {@link #PARALLELISM} in flight: a listing of n files costs about n / {@value #PARALLELISM} round trips instead of n.
 * Results keep the input order; the first failure is thrown once every call has ended, Coffre's unchecked
 * exceptions as the {@link IOException}s of {@link Errors#io} (so calls need not convert them).
 */
final class Fanout {
    static final int PARALLELISM = 8;

    interface Call<T, R> {
        R apply(T item) throws IOException;
    }

    private Fanout() {
    }

    static <T, R> List<R> map(ExecutorService pool, List<T> items, Call<T, R> call) throws IOException {
        if (items.size() <= 1) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                try {
                    out.add(call.apply(item));
                } catch (RuntimeException e) {
                    throw Errors.io(e);
                }
            }
            return out;
        }
        int lanes = Math.min(PARALLELISM, items.size());
        List<Future<List<R>>> futures = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            futures.add(pool.submit(() -> {
                List<R> part = new ArrayList<>();
                for (int i = first; i < items.size(); i += lanes) {
                    part.add(call.apply(items.get(i)));
                }
                return part;
            }));
        }
        List<List<R>> parts = new ArrayList<>(lanes);
        IOException failure = null;
        for (Future<List<R>> f : futures) {
            try {
                parts.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new InterruptedIOException("interrupted while waiting for the store");
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException x ? x
                        : e.getCause() instanceof RuntimeException r ? Errors.io(r)
                        : new IOException(e.getCause().getClass().getSimpleName(), e.getCause());
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
                parts.add(null);
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<R> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(parts.get(i % lanes).get(i / lanes));
        }
        return out;
    }
}
