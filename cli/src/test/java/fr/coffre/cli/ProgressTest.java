package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void lineShowsBytesPercentRateAndEta() throws IOException {
        AtomicLong now = new AtomicLong(0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), "put", 4 << 20, 0, now::get);
        try (InputStream in = p.counting(new ByteArrayInputStream(new byte[1 << 20]))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        now.set(1_000_000_000L);
        assertEquals("put  1.0 MiB / 4.0 MiB   25%  1.0 MiB/s  ETA 0:03", p.line(now.get()));
        p.finish();
        assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("ETA 0:03\n"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void treesCountFilesWhenBytesAreUnknown() {
        AtomicLong now = new AtomicLong(0);
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "get -r",
                -1, 4, now::get);
        p.bytes(2048);
        p.fileDone();
        now.set(2_000_000_000L);
        assertEquals("get -r  2.0 KiB  1/4 files   25%  1.0 KiB/s  ETA 0:06", p.line(now.get()));
    }

    @Test
    void nothingIsDrawnWithoutATerminalOrWithQuietOrJson() {
        OutputOptions quiet = new OutputOptions();
        quiet.quiet = true;
        Io terminal = new Io(InputStream.nullInputStream(), System.out, System.err, Map.of(), true);
        Io pipe = new Io(InputStream.nullInputStream(), System.out, System.err, Map.of(), false);
        assertSame(Progress.NONE, Progress.of(pipe, new Output(System.out, new OutputOptions()), "put", 1, 0));
        assertSame(Progress.NONE, Progress.of(terminal, new Output(System.out, quiet), "put", 1, 0));
        assertTrue(Progress.of(terminal, new Output(System.out, new OutputOptions()), "put", 1, 0) != Progress.NONE);
    }
}
