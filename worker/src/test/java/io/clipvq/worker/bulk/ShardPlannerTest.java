package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.ShardMessage;
import io.clipvq.contracts.bulk.ShardPlan;
import io.clipvq.contracts.bulk.ShardRange;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The planner on an in-memory ledger that keeps only bit sets (as the real one keeps rows in PostgreSQL), so that
 * what these tests measure is the planner's own memory.
 */
class ShardPlannerTest {

    /** bulk_shards as two bit sets: row exists, message confirmed. Never holds a shard object. */
    static final class BitSetLedger implements ShardLedger {
        final ShardPlan plan;
        final BitSet inserted = new BitSet();
        final BitSet published = new BitSet();
        long insertCalls;

        BitSetLedger(ShardPlan plan) {
            this.plan = plan;
        }

        @Override
        public void insertShards(String jobId, Iterator<ShardRange> shards) {
            insertCalls++;
            while (shards.hasNext()) {
                inserted.set(shards.next().shardIndex());
            }
        }

        @Override
        public List<ShardRange> unpublished(String jobId, int afterShard, int limit) {
            List<ShardRange> page = new ArrayList<>();
            for (int i = inserted.nextSetBit(afterShard + 1); i >= 0 && page.size() < limit; i = inserted.nextSetBit(i + 1)) {
                if (!published.get(i)) {
                    page.add(plan.shard(i));
                }
            }
            return page;
        }

        @Override
        public void markPublished(String jobId, List<ShardRange> shards) {
            shards.forEach(s -> published.set(s.shardIndex()));
        }
    }

    /** Checks every message as it goes by and keeps counts only. */
    static final class CheckingPublisher implements ShardPublisher {
        final BitSet seen = new BitSet();
        long messages;
        long duplicates;
        long imagesCovered;
        int largestPage;
        long crashAfter = Long.MAX_VALUE;

        @Override
        public void publishAll(List<ShardMessage> shards) {
            largestPage = Math.max(largestPage, shards.size());
            for (ShardMessage shard : shards) {
                if (messages == crashAfter) {
                    throw new IllegalStateException("broker gone");
                }
                messages++;
                if (seen.get(shard.shardIndex())) {
                    duplicates++;
                } else {
                    seen.set(shard.shardIndex());
                    imagesCovered += shard.imageCount();
                }
                assertThat(shard.key()).isEqualTo(shard.jobId() + ":" + shard.shardIndex());
            }
        }
    }

    @Test
    void should_plan_a_million_image_job_into_contiguous_shards_with_bounded_memory() {
        ShardPlan plan = new ShardPlan(1_000_000, 500);
        BitSetLedger ledger = new BitSetLedger(plan);
        CheckingPublisher publisher = new CheckingPublisher();
        ShardPlanner planner = new ShardPlanner(ledger, publisher, 100);

        long sent = planner.plan("million", plan);

        assertThat(plan.shardCount()).isEqualTo(2000);
        assertThat(sent).isEqualTo(2000);
        assertThat(publisher.seen.cardinality()).isEqualTo(2000);
        assertThat(publisher.duplicates).isZero();
        assertThat(publisher.imagesCovered).isEqualTo(1_000_000);
        assertThat(publisher.largestPage).isLessThanOrEqualTo(100);
        assertThat(plan.shard(0)).isEqualTo(new ShardRange(0, 0, 500));
        assertThat(plan.shard(1999)).isEqualTo(new ShardRange(1999, 999_500, 500));
    }

    @Test
    void should_not_hold_the_shards_in_memory_even_with_a_million_shards() {
        // one image per shard: a list of the shards would hold a million objects (tens of MB)
        ShardPlan plan = new ShardPlan(1_000_000, 1);
        BitSetLedger ledger = new BitSetLedger(plan);
        CheckingPublisher publisher = new CheckingPublisher();
        ShardPlanner planner = new ShardPlanner(ledger, publisher, 1000);
        long before = usedHeapAfterGc();

        planner.plan("a-million-shards", plan);
        long after = usedHeapAfterGc();

        assertThat(publisher.seen.cardinality()).isEqualTo(1_000_000);
        assertThat(publisher.imagesCovered).isEqualTo(1_000_000);
        assertThat(publisher.largestPage).isEqualTo(1000);
        // the ledger's two bit sets are 250 KB; a materialised list of ranges would be > 24 MB
        assertThat(after - before).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void should_resume_publishing_after_a_crash_halfway_without_losing_a_shard() {
        ShardPlan plan = new ShardPlan(2_000, 10);
        BitSetLedger ledger = new BitSetLedger(plan);
        CheckingPublisher publisher = new CheckingPublisher();
        publisher.crashAfter = 105;
        ShardPlanner planner = new ShardPlanner(ledger, publisher, 20);

        assertThatThrownBy(() -> planner.plan("crashy", plan)).hasMessage("broker gone");
        assertThat(ledger.inserted.cardinality()).as("all rows are written before any message").isEqualTo(200);
        assertThat(ledger.published.cardinality()).as("pages confirmed before the crash").isEqualTo(100);

        publisher.crashAfter = Long.MAX_VALUE;
        long resent = planner.plan("crashy", plan);

        assertThat(resent).as("only the shards not confirmed are sent again").isEqualTo(100);
        assertThat(publisher.seen.cardinality()).isEqualTo(200);
        assertThat(publisher.imagesCovered).isEqualTo(2_000);
        // the 5 messages of the page in flight at the crash went out twice: at most one page is repeated
        assertThat(publisher.duplicates).isEqualTo(5);
        assertThat(ledger.published.cardinality()).isEqualTo(200);
        assertThat(planner.plan("crashy", plan)).as("planning a fully published job again sends nothing").isZero();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
