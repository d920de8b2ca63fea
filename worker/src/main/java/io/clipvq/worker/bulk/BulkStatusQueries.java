package io.clipvq.worker.bulk;

/**
 * The SQL behind the status of bulk jobs ({@code clipvq synth} and the worker's progress events); the README shows
 * the same queries for psql.
 */
public final class BulkStatusQueries {
    private BulkStatusQueries() {
    }

    /** One bulk job's progress: images done / total, shards by state, start, end, cancel reason, error. */
    public static final String PROGRESS = """
            select job_id, status, images_done, coalesce(images_total, 0) as images_total, shards_total,
                   shards_completed, shards_running, shards_waiting, shards_skipped, shards_failed, started_at,
                   finished_at, cancel_reason, error
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
}
