package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.PromptStream;

import java.util.Optional;
import java.util.function.Supplier;

/** What the bulk planner reads and writes of a bulk job's part tables, beside the shard rows of {@link ShardLedger}. */
public interface PlanStore extends ShardLedger {

    /**
     * Holds a lock for planning one job, so two deliveries of the same request (two pods, or a redelivery racing a
     * slow first attempt) plan one after the other and the second finds nothing left to publish.
     */
    PlanningLock lockPlanning(String jobId);

    /** A held planning lock; closing releases it. */
    interface PlanningLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Stores the job's prompts (rows already there are left as they are).
     *
     * @return the number of prompts
     */
    int storePrompts(String jobId, Supplier<PromptStream> prompts);

    /**
     * A failed job submitted again: its failed shards, and those whose messages were dropped while the job was
     * failed, become pending to be published again; completed shards stay.
     */
    void reopenUnfinishedShards(String jobId);

    /** A bulk job's progress; empty for a job that is not a bulk job. */
    Optional<BulkProgress> progress(String jobId);
}
