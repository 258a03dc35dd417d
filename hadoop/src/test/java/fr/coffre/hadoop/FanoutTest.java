package fr.coffre.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void resultsKeepTheInputOrder() throws IOException {
        List<Integer> items = IntStream.range(0, 37).boxed().toList();
        assertEquals(items.stream().map(i -> "n" + i).toList(), Fanout.map(pool, items, i -> "n" + i));
    }

    @Test
    void callsRunConcurrentlyUpToTheParallelism() throws IOException {
        CountDownLatch all = new CountDownLatch(Fanout.PARALLELISM);
        List<Integer> items = IntStream.range(0, Fanout.PARALLELISM).boxed().toList();
        // each call waits for every other one: this only ends if all PARALLELISM calls are in flight at once
        List<Boolean> met = Fanout.map(pool, items, i -> {
            all.countDown();
            try {
                return all.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        });
        assertTrue(met.stream().allMatch(b -> b), met.toString());
    }

    @Test
    void theFirstFailureIsThrownOnceEveryCallHasEnded() {
        AtomicInteger done = new AtomicInteger();
        FileNotFoundException gone = new FileNotFoundException("object x: not found");
        IOException e = assertThrows(IOException.class, () -> Fanout.map(pool, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                i -> {
                    done.incrementAndGet();
                    if (i == 3) {
                        throw gone;
                    }
                    return i;
                }));
        assertSame(gone, e);
        assertEquals(10, done.get());
    }

    @Test
    void anUncheckedCoffreExceptionBecomesAnIoExceptionWithItAsTheCause() {
        fr.coffre.crypto.TamperedObjectException tampered = new fr.coffre.crypto.TamperedObjectException("object x: tampered");
        IOException e = assertThrows(IOException.class, () -> Fanout.map(pool, List.of(1, 2), i -> {
            throw tampered;
        }));
        assertSame(tampered, e.getCause());
    }
}
