package io.clipvq.worker.cancel;

import io.clipvq.contracts.job.CancelRequest;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.JobLedger;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes cancel requests off the control topic and records them in the jobs table. The pod running the job reads
 * that flag before each prompt, so the cancel works whichever pod consumed it, and a cancel that arrives before
 * its job makes the job end as cancelled when it comes.
 */
@ApplicationScoped
public class CancelConsumer {
    private static final Logger LOG = Logger.getLogger(CancelConsumer.class);

    private final JobLedger jobs;

    CancelConsumer(JobLedger jobs) {
        this.jobs = jobs;
    }

    @Incoming("job-control")
    @Blocking
    public void consume(String payload) {
        CancelRequest cancel;
        try {
            cancel = JobJson.parseCancel(payload);
        } catch (InvalidJobMessageException e) {
            // a broken control message must not stop the control channel; there is nothing to retry
            LOG.warnf("ignoring control message: %s", e.getMessage());
            return;
        }
        JobStatus status = jobs.requestCancel(cancel.jobId(), cancel.reason());
        LOG.infof("cancel of job %s recorded (job now %s)", cancel.jobId(), status.dbValue());
    }
}
