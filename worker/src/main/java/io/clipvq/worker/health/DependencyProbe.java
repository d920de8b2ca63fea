package io.clipvq.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The last known state of one dependency, checked in the background so that a health request only reads it and
 * answers at once, whatever the dependency does. A check that has not answered for {@code staleAfter} counts as
 * down (a stalled database never answers, so waiting for it would stall readiness too).
 */
public final class DependencyProbe {

    /** One check of the dependency; returns normally when it is up, throws when it is not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** What readiness reports. */
    public record State(boolean up, String detail) {
    }

    private final Check check;
    private final Duration staleAfter;
    private final Clock clock;
    private State last = new State(false, "not checked yet");
    private Instant inFlightSince;

    public DependencyProbe(Check check, Duration staleAfter, Clock clock) {
        this.check = check;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** Runs the check once (on the probe's own thread) and records its outcome. */
    public void probe() {
        synchronized (this) {
            inFlightSince = clock.instant();
        }
        State outcome;
        try {
            check.run();
            outcome = new State(true, "answered");
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outcome = new State(false, message.lines().findFirst().orElse(""));
        }
        synchronized (this) {
            last = outcome;
            inFlightSince = null;
        }
    }

    /** The state now, without waiting for anything. */
    public synchronized State state() {
        if (inFlightSince != null) {
            Duration waiting = Duration.between(inFlightSince, clock.instant());
            if (waiting.compareTo(staleAfter) > 0) {
                return new State(false, "no answer for " + waiting.toSeconds() + " s");
            }
        }
        return last;
    }
}
