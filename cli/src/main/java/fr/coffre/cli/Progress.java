package fr.coffre.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: bytes, files (for trees), rate and ETA, redrawn at most every 200 ms.
 * {@link #NONE} draws nothing: used unless stderr is a terminal and neither {@code --quiet} nor {@code --json}
 * is given. Thread-safe (trees are transferred in parallel).
 */
final class Progress {
    static final Progress NONE = new Progress(null, "", -1, 0, System::nanoTime);
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final String label;
    private final long totalBytes;
    private final int totalFiles;
    private final LongSupplier clock;
    private final long start;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger files = new AtomicInteger();
    private long lastDraw;

    /**
     * @param totalBytes {@code -1} when unknown
     * @param totalFiles {@code 0} for a single object
     */
    Progress(PrintStream err, String label, long totalBytes, int totalFiles, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start;
    }

    static Progress of(Io io, Output output, String label, long totalBytes, int totalFiles) {
        boolean draw = io.terminal() && !output.quiet() && !output.json();
        return draw ? new Progress(io.err(), label, totalBytes, totalFiles, System::nanoTime) : NONE;
    }

    void bytes(long n) {
        bytes.addAndGet(n);
        maybeDraw();
    }

    void fileDone() {
        files.incrementAndGet();
        maybeDraw();
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (err != null) {
            synchronized (this) {
                err.print("\r" + line(clock.getAsLong()) + "\n");
                err.flush();
            }
        }
    }

    private void maybeDraw() {
        if (err == null) {
            return;
        }
        long now = clock.getAsLong();
        synchronized (this) {
            if (now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                err.print("\r" + line(now) + "\u001b[K");
                err.flush();
            }
        }
    }

    /** The text of the bar at {@code now}, e.g. {@code put  12.0 MiB / 40.0 MiB  30%  4.0 MiB/s  ETA 0:07}. */
    String line(long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        long b = bytes.get();
        double rate = b / seconds;
        StringBuilder s = new StringBuilder(label).append("  ").append(size(b));
        double fraction = -1;
        if (totalBytes >= 0) {
            s.append(" / ").append(size(totalBytes));
            fraction = totalBytes == 0 ? 1 : (double) b / totalBytes;
        }
        if (totalFiles > 0) {
            int f = files.get();
            s.append("  ").append(f).append('/').append(totalFiles).append(" files");
            if (fraction < 0) {
                fraction = (double) f / totalFiles;
            }
        }
        if (fraction >= 0) {
            s.append(String.format(Locale.ROOT, "  %3d%%", (int) Math.min(100, fraction * 100)));
        }
        s.append("  ").append(size((long) rate)).append("/s");
        if (fraction > 0 && fraction < 1) {
            long eta = (long) (seconds * (1 - fraction) / fraction);
            s.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return s.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
    }

    InputStream counting(InputStream in) {
        return this == NONE ? in : new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    bytes(1);
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytes(n);
                }
                return n;
            }
        };
    }

    OutputStream counting(OutputStream out) {
        return this == NONE ? out : new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes(len);
            }
        };
    }
}
