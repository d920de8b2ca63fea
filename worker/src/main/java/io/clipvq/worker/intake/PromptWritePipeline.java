package io.clipvq.worker.intake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes one prompt's images (objects, rows, events) on a thread of its own while the generation thread draws the
 * next prompt, so storage, database and broker round trips do not hold the engine up.
 *
 * <p>Guarantees: at most one prompt's writes are in flight, and writes run one after another in the order they were
 * started, so a job's rows and events keep the order a single thread gives them; {@link #start} and
 * {@link #awaitWritten} return only after the writes before have ended and rethrow their failure as it was thrown;
 * {@link #close} returns only after the writes in flight have ended, so nothing of a job is written after its
 * runner has moved on.
 */
final class PromptWritePipeline implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread writer = new Thread(task, "image-writes");
        writer.setDaemon(true);
        return writer;
    });
    private Future<?> inFlight = CompletableFuture.completedFuture(null);

    /** Waits for the writes in flight to end, then starts {@code writes}. */
    void start(Runnable writes) {
        awaitWritten();
        inFlight = thread.submit(writes);
    }

    /** Waits for the writes in flight to end; rethrows what they threw. */
    void awaitWritten() {
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a prompt's images to be written", e);
        }
    }

    /** Waits for the writes in flight (their failure is the caller's to see through awaitWritten) and stops. */
    @Override
    public void close() {
        try {
            inFlight.get();
        } catch (ExecutionException ignored) {
            // seen by awaitWritten, or the caller is already failing for another reason
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdown();
        }
    }
}
