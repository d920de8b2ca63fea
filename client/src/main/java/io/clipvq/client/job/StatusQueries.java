package io.clipvq.client.job;

/**
 * The SQL behind {@code clipvq status}; the README shows the same queries for use with psql.
 */
public final class StatusQueries {
    private StatusQueries() {
    }

    /** One job: state, progress, error or cancel reason, times. */
    public static final String JOB = """
            select job_id, status, images_written, images_expected, attempts, worker_id, error, cancel_reason,
                   created_at, started_at, finished_at
              from jobs where job_id = ?""";

    /** The images of one job, in key order. */
    public static final String IMAGES = """
            select prompt_index, rank, candidate_index, clip_score, object_key, sha256, width, height
              from images where job_id = ? order by prompt_index, rank""";

    /** The latest jobs with their progress. */
    public static final String RECENT_JOBS = """
            select job_id, status, images_written, images_expected, updated_at, coalesce(error, cancel_reason, '')
              from jobs order by updated_at desc limit ?""";

    /** How many jobs are in each state. */
    public static final String COUNT_BY_STATUS = "select status, count(*) from jobs group by status order by status";
}
