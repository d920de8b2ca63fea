package io.clipvq.worker.storage;

import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Tries an idempotent storage write again while the storage refuses it: waits 0.25 s doubling to 5 s, for up to
 * {@code retryFor} in all, then gives up with a reason saying how long the storage refused. Only
 * {@link StorageException}s are retried; anything else is a bug, not an outage.
 */
public final class StorageRetry {
    private static final Logger LOG = Logger.getLogger(StorageRetry.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    /** Waits between attempts (a test passes one that does not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One write. */
    @FunctionalInterface
    public interface Write {
        void run();
    }

    private final Duration retryFor;
    private final Sleeper sleeper;

    public StorageRetry(Duration retryFor, Sleeper sleeper) {
        this.retryFor = retryFor;
        this.sleeper = sleeper;
    }

    /** Never retries. */
    public static StorageRetry none() {
        return new StorageRetry(Duration.ZERO, duration -> { });
    }

    /** Real sleeps, for up to {@code retryFor}. */
    public static StorageRetry upTo(Duration retryFor) {
        return new StorageRetry(retryFor, duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * @param what the object written, for the log
     * @throws StorageException when the storage refused the write for longer than the retry time
     */
    public void write(String what, Write write) {
        Duration waited = Duration.ZERO;
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                write.run();
                if (!waited.isZero()) {
                    LOG.infof("storage took %s again after %d s", what, waited.toSeconds());
                }
                return;
            } catch (StorageException e) {
                if (waited.plus(wait).compareTo(retryFor) > 0) {
                    throw new StorageException(waited.isZero() ? e.getMessage()
                            : "object storage refused writes for " + waited.toSeconds() + " s: " + e.getMessage(), e);
                }
                LOG.warnf("storage refused %s (%s); trying again in %d ms", what, e.getMessage(), wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited = waited.plus(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
