package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.ShardRange;
import io.clipvq.worker.jobs.JobLedger;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a shard runner reads and writes of a bulk job's part tables (bulk_prompts, bulk_shards, bulk_images in
 * production). Recording is idempotent: an image already recorded is never recorded twice.
 */
public interface ShardStore {

    /**
     * Takes a shard for this worker unless it has ended. A shard left running by a worker that died is taken
     * again (its message was redelivered because its offset was never committed).
     *
     * @return the shard's status before the claim; empty when there is no such shard
     */
    Optional<ShardStatus> claimShard(String jobId, int shardIndex, String workerId);

    /** Which images of the shard are recorded already (bit i = image firstImage + i). */
    BitSet recordedImages(String jobId, ShardRange shard);

    /** Prompts {@code from..to} (inclusive) of the job, in order. */
    List<String> prompts(String jobId, int from, int to);

    /**
     * Records images (skipping any already recorded) and refreshes the shard's counts.
     *
     * @return how many rows this call inserted
     */
    int recordImages(String jobId, int shardIndex, List<BulkImageRow> rows, String workerId);

    /** The job's recorded images, over all its shards. */
    long imagesDone(String jobId);

    /** Ends a shard (completed, skipped, cancelled or failed) unless it has ended already. */
    void endShard(String jobId, int shardIndex, ShardStatus status, String manifestKey, String tarKey, String error);

    /** The recorded images of a shard with their prompts, in image order, one at a time. */
    void forEachImageOfShard(String jobId, int shardIndex, Consumer<ManifestEntry> action);

    /**
     * When every shard of the job has ended, hands the shards to {@code manifest} (which writes the job manifest)
     * and says how the job ends. Called inside {@link JobLedger#endIfReady}, whose locked job row makes one caller
     * at a time decide.
     *
     * @return the job's ending, or empty while a shard is unfinished
     */
    Optional<JobLedger.Ending> endingIfAllShardsEnded(String jobId, JobManifestSink manifest);

    /** A bulk job's progress; empty for a job that is not a bulk job. */
    Optional<BulkProgress> progress(String jobId);

    /** How the job's shards ended, for the words of its final event. */
    ShardTally tally(String jobId);

    /**
     * @param stoppedPartWay shards a cancel stopped while they ran (their images stay)
     * @param imagesKept     images of those stopped shards
     * @param skipped        shards a cancel skipped before they started
     */
    record ShardTally(int completed, int stoppedPartWay, long imagesKept, int skipped, int failed) {

        /** "shards completed: 2, stopped part-way: 1 (142 images kept), skipped before starting: 3". */
        public String describe() {
            StringBuilder text = new StringBuilder("shards completed: ").append(completed);
            if (stoppedPartWay > 0) {
                text.append(", stopped part-way: ").append(stoppedPartWay).append(" (").append(imagesKept)
                        .append(" images kept)");
            }
            if (skipped > 0) {
                text.append(", skipped before starting: ").append(skipped);
            }
            if (failed > 0) {
                text.append(", failed: ").append(failed);
            }
            return text.toString();
        }
    }
}
