package io.clipvq.trainer.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar with rate and ETA, redrawn in place ("\r") at most every 200 ms:
 * {@code train-vqgan [=========>          ]  450/1000  45%  12.3 it/s  ETA 00:44  loss 0.1234}.
 */
public final class ProgressBar {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final String label;
    private final long total;
    private final long startDone;
    private final PrintStream out;
    private final long startNanos;
    private long lastDraw;

    /** @param startDone steps already done when this bar starts (a resumed run): they do not count in the rate */
    public ProgressBar(String label, long total, long startDone, PrintStream out) {
        this.label = label;
        this.total = total;
        this.startDone = startDone;
        this.out = out;
        this.startNanos = System.nanoTime();
    }

    public void update(long done, String status) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + render(label, done, total, startDone, now - startNanos, status));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    /** The line for {@code done} of {@code total} steps after {@code elapsedNanos}; pure, for tests. */
    public static String render(String label, long done, long total, long startDone, long elapsedNanos, String status) {
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        bar.append(']');
        double seconds = elapsedNanos / 1e9;
        long counted = done - startDone;
        double rate = seconds > 0 ? counted / seconds : 0;
        String eta = rate > 0 ? clock((long) Math.ceil((total - done) / rate)) : "--:--";
        String width = String.valueOf(total);
        return String.format(Locale.ROOT, "%s %s %" + width.length() + "d/%s %3d%% %6.2f it/s ETA %s%s", label, bar, done,
                width, Math.round(fraction * 100), rate, eta, status == null || status.isEmpty() ? "" : "  " + status);
    }

    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%02d:%02d", m, s);
    }
}
