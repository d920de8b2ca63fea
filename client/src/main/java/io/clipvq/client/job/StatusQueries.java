package io.clipvq.client.job;

/**
 * The SQL behind {@code clipvq status}; the README shows the same queries for use with psql.
 */
public final class StatusQueries {
    private StatusQueries() {
    }

    /** One job: state, progress, error or cancel reason, times, and its place among queued jobs (null otherwise). */
    public static final String JOB = """
            select j.job_id, j.status, j.images_written, j.images_expected, j.attempts, j.worker_id, j.error,
                   j.cancel_reason, j.created_at, j.started_at, j.finished_at, q.position,
                   (select count(*) from job_queue) as queued
              from jobs j left join job_queue q on q.job_id = j.job_id
             where j.job_id = ?""";

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
