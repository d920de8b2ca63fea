package io.clipvq.client.bulk;

import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.BulkProgressEvent;

import java.time.Instant;
import java.util.Locale;

/** One line of {@code clipvq synth}'s progress bar: bar, done/total, percent, rate, ETA, shards. */
public final class ProgressLine {
    private ProgressLine() {
    }

    public static String render(BulkProgress p, Instant now, int barWidth) {
        long total = Math.max(p.imagesTotal(), 0);
        double fraction = total == 0 ? 0 : Math.min(1.0, (double) p.imagesDone() / total);
        int filled = (int) Math.floor(fraction * barWidth);
        Instant end = p.finishedAt() != null ? p.finishedAt() : now;
        BulkProgressEvent.Rate rate = BulkProgressEvent.Rate.of(p.imagesDone(), total, p.startedAt(), end);
        StringBuilder line = new StringBuilder();
        line.append('[').append("#".repeat(filled)).append("-".repeat(barWidth - filled)).append("] ");
        line.append(p.imagesDone()).append('/').append(total);
        line.append(String.format(Locale.ROOT, " %5.1f%%", fraction * 100));
        line.append(rate.imagesPerSecond() == null ? "   -- img/s"
                : String.format(Locale.ROOT, " %6.2f img/s", rate.imagesPerSecond()));
        line.append("  ETA ").append(rate.etaSeconds() == null ? "--:--:--" : clock(rate.etaSeconds()));
        line.append("  shards ").append(p.shardsCompleted()).append('/').append(p.shardsTotal());
        if (p.shardsRunning() > 0) {
            line.append(" (").append(p.shardsRunning()).append(" running)");
        }
        line.append("  ").append(p.status());
        return line.toString();
    }

    /** The closing line: how the job ended, what was kept. */
    public static String summary(BulkProgress p) {
        String base = "job " + p.jobId() + " " + p.status() + ": " + p.imagesDone() + " of " + p.imagesTotal()
                + " images, " + p.shardsCompleted() + " of " + p.shardsTotal() + " shards completed";
        return switch (p.status()) {
            case "cancelled" -> base + ", " + p.shardsSkipped() + " skipped or stopped (finished shards kept)"
                    + (p.cancelReason() == null ? "" : "; reason: " + p.cancelReason());
            case "failed" -> base + (p.shardsFailed() > 0 ? ", " + p.shardsFailed() + " failed" : "")
                    + (p.error() == null ? "" : "; error: " + p.error());
            default -> base;
        };
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
