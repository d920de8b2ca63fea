package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.ShardMessage;
import io.clipvq.contracts.bulk.ShardPlan;
import io.clipvq.contracts.bulk.ShardRange;

import java.util.List;

/**
 * Turns a planned job into shard rows and shard messages with bounded memory whatever the job's size: the rows
 * come from the plan's arithmetic one at a time, and messages go out one page at a time.
 *
 * <p>Crash safety: every shard row is written (all or none) before any message is sent, and a page is marked
 * published only after the broker acknowledged it. Planning again after a crash (the request is redelivered)
 * finds the rows already there and sends only the pages not marked; at most the one page in flight at the crash
 * is sent twice, which the shard runner tolerates (a shard's images are keyed by image index).
 */
public final class ShardPlanner {

    private final ShardLedger ledger;
    private final ShardPublisher publisher;
    private final int pageSize;

    public ShardPlanner(ShardLedger ledger, ShardPublisher publisher, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.ledger = ledger;
        this.publisher = publisher;
        this.pageSize = pageSize;
    }

    /** @return how many shard messages this call sent */
    public long plan(String jobId, ShardPlan plan) {
        ledger.insertShards(jobId, plan.shardsFrom(0));
        return publishUnpublished(jobId);
    }

    /** Sends every shard of the job that is not marked published; @return how many were sent. */
    public long publishUnpublished(String jobId) {
        long sent = 0;
        int after = -1;
        while (true) {
            List<ShardRange> page = ledger.unpublished(jobId, after, pageSize);
            if (page.isEmpty()) {
                return sent;
            }
            publisher.publishAll(page.stream().map(range -> ShardMessage.of(jobId, range)).toList());
            ledger.markPublished(jobId, page);
            sent += page.size();
            after = page.get(page.size() - 1).shardIndex();
        }
    }
}
