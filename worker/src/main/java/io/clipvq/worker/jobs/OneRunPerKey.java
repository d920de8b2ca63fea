package io.clipvq.worker.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs work for one key (a job id, a shard) on one thread at a time within this worker. Kafka may deliver a record
 * again while its first delivery still runs here (a rebalance after a broker restart hands the partition back from
 * the last committed offset); with several jobs running at once the second delivery would otherwise run the same
 * job beside the first. It waits instead, and then finds the job ended (docs/architecture.md, "Cross-job
 * batching"). Keys no thread holds or awaits are forgotten.
 */
public final class OneRunPerKey {
    private final Map<String, Entry> entries = new HashMap<>();

    public <T> T run(String key, Supplier<T> work) {
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            synchronized (this) {
                if (--entry.users == 0) {
                    entries.remove(key);
                }
            }
        }
    }

    public void run(String key, Runnable work) {
        run(key, () -> {
            work.run();
            return null;
        });
    }

    /** How many keys are held or awaited now (for tests). */
    synchronized int keys() {
        return entries.size();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }
}
