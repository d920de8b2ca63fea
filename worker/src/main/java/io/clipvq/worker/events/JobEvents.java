package io.clipvq.worker.events;

import io.clipvq.contracts.job.JobEvent;

/** Where job events go (the job-events topic in production); a publish returns once the event is sent. */
public interface JobEvents {
    void publish(JobEvent event);
}
