package io.clipvq.worker.bulk;

import io.clipvq.worker.jobs.JobStatus;

/** Receives the shards of a finished bulk job, one at a time, to write the job manifest. */
public interface JobManifestSink {

    Writer open(JobStatus outcome);

    /**
     * Over the whole job, across shards.
     *
     * @param distinct           distinct (prompt, image bytes) pairs: images not byte-identical to another image of
     *                           their prompt
     * @param promptsWithRepeats prompts with fewer distinct images than images
     */
    record DistinctImages(long distinct, long promptsWithRepeats) {
    }

    interface Writer extends AutoCloseable {
        /**
         * @param distinctDone     the shard's images not byte-identical to another image of their prompt in the shard
         * @param nearDistinctDone the shard's images not within the near-distinct CLIP cosine of an earlier image of
         *                         their prompt in the shard (0 until the shard completed)
         */
        void shard(int shardIndex, long firstImage, int imageCount, String status, int done, String manifestKey,
                   String tarKey, int distinctDone, int nearDistinctDone);

        /** Called once, after the last shard. */
        void distinctInJob(DistinctImages distinct);

        /** Called once, after the last shard: the near-distinct and spread measures over the whole job. */
        void spreadInJob(ImageSpread.Result spread);

        /** Finishes and stores the manifest. */
        @Override
        void close();
    }
}
