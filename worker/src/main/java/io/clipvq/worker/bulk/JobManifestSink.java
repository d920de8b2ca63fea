package io.clipvq.worker.bulk;

import io.clipvq.worker.jobs.JobStatus;

/** Receives the shards of a finished bulk job, one at a time, to write the job manifest. */
public interface JobManifestSink {

    Writer open(JobStatus outcome);

    interface Writer extends AutoCloseable {
        void shard(int shardIndex, long firstImage, int imageCount, String status, int done, String manifestKey,
                   String tarKey);

        /** Finishes and stores the manifest. */
        @Override
        void close();
    }
}
