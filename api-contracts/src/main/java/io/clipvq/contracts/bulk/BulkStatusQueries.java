package io.clipvq.contracts.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL behind the status of bulk jobs ({@code clipvq synth} and the worker's progress events); the README shows
 * the same queries for psql. The database is the contract here: the worker writes the bulk_progress view's tables,
 * the client reads the view with a plain JDBC connection.
 */
public final class BulkStatusQueries {
    private BulkStatusQueries() {
    }

    /** One bulk job's progress: images done / total, shards by state, start, end, cancel reason, error. */
    public static final String PROGRESS = """
            select job_id, status, images_done, coalesce(images_total, 0) as images_total, shards_total,
                   shards_completed, shards_running, shards_waiting, shards_skipped, shards_failed, started_at,
                   finished_at, cancel_reason, error, images_distinct, images_near_distinct
              from bulk_progress where job_id = ?""";

    /** The shards of one bulk job with their state, progress and manifest. */
    public static final String SHARDS = """
            select shard_index, first_image, image_count, status, done, worker, started_at, finished_at,
                   manifest_key, error
              from bulk_shards where job_id = ? order by shard_index""";

    /** Rate and ETA of the running bulk jobs, computed in SQL. */
    public static final String RATES = """
            select job_id, images_done, images_total,
                   round((images_done / nullif(elapsed_seconds, 0))::numeric, 2) as images_per_second,
                   round(((images_total - images_done) / nullif(images_done / nullif(elapsed_seconds, 0), 0))::numeric)
                       as eta_seconds
              from bulk_progress where status = 'running' order by started_at""";

    /** Runs {@link #PROGRESS}: one bulk job's progress, empty for a job that is not a bulk job. */
    public static Optional<BulkProgress> progress(Connection c, String jobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(PROGRESS)) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BulkProgress(r.getString("job_id"), r.getString("status"),
                        r.getLong("images_done"), r.getLong("images_total"), r.getInt("shards_total"),
                        r.getInt("shards_completed"), r.getInt("shards_running"), r.getInt("shards_waiting"),
                        r.getInt("shards_skipped"), r.getInt("shards_failed"), instant(r.getTimestamp("started_at")),
                        instant(r.getTimestamp("finished_at")), r.getString("cancel_reason"), r.getString("error"),
                        r.getLong("images_distinct"), r.getLong("images_near_distinct")));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
