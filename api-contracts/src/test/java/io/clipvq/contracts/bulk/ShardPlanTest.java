package io.clipvq.contracts.bulk;

import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;

class ShardPlanTest {

    @Test
    void should_cover_every_image_exactly_once_with_contiguous_shards() {
        ShardPlan plan = new ShardPlan(1003, 100);

        assertThat(plan.shardCount()).isEqualTo(11);
        long expectedFirst = 0;
        for (Iterator<ShardRange> it = plan.shardsFrom(0); it.hasNext(); ) {
            ShardRange shard = it.next();
            assertThat(shard.firstImage()).isEqualTo(expectedFirst);
            assertThat(plan.shardOf(shard.firstImage())).isEqualTo(shard.shardIndex());
            assertThat(plan.shardOf(shard.endImage() - 1)).isEqualTo(shard.shardIndex());
            expectedFirst = shard.endImage();
        }
        assertThat(expectedFirst).isEqualTo(1003);
        assertThat(plan.shard(10).imageCount()).isEqualTo(3);
    }

    @Test
    void should_make_one_shard_when_the_job_is_smaller_than_a_shard() {
        assertThat(new ShardPlan(7, 500).shardCount()).isEqualTo(1);
        assertThat(new ShardPlan(7, 500).shard(0)).isEqualTo(new ShardRange(0, 0, 7));
        assertThat(new ShardPlan(500, 500).shardCount()).isEqualTo(1);
        assertThat(new ShardPlan(501, 500).shardCount()).isEqualTo(2);
    }
}
