package io.clipvq.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What /q/metrics shows about the work: jobs by outcome, images written, refused messages, the time and size of
 * engine calls and the jobs running now (Prometheus names: clipvq_jobs_total{outcome=...},
 * clipvq_images_written_total, clipvq_messages_rejected_total, clipvq_generation_seconds,
 * clipvq_engine_call_prompts, clipvq_jobs_running).
 */
@ApplicationScoped
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Counter imagesWritten;
    private final Counter messagesRejected;
    private final Timer generation;
    private final DistributionSummary callPrompts;
    private final AtomicInteger running = new AtomicInteger();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.imagesWritten = Counter.builder("clipvq.images.written").description("PNG images written to storage")
                .register(registry);
        this.messagesRejected = Counter.builder("clipvq.messages.rejected")
                .description("job requests sent to the dead-letter topic").register(registry);
        this.generation = Timer.builder("clipvq.generation")
                .description("time of one engine call (best-of-N for its prompts, from one or several jobs)")
                .publishPercentileHistogram().register(registry);
        this.callPrompts = DistributionSummary.builder("clipvq.engine.call.prompts")
                .description("prompts per engine call (cross-job batching)").register(registry);
        registry.gauge("clipvq.jobs.running", running);
    }

    /** Counts a job that ended: outcome is completed, failed or cancelled. */
    public void jobEnded(String outcome) {
        Counter.builder("clipvq.jobs").description("jobs that ended, by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    public void jobStarted() {
        running.incrementAndGet();
    }

    public void jobLeft() {
        running.decrementAndGet();
    }

    public void imageWritten() {
        imagesWritten.increment();
    }

    public void messageRejected() {
        messagesRejected.increment();
    }

    /** Times one engine call of {@code prompts} prompts. */
    public <T> T timeEngineCall(int prompts, Supplier<T> work) {
        callPrompts.record(prompts);
        return generation.record(work);
    }
}
