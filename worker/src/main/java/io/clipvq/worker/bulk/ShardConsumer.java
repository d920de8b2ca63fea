package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.worker.intake.MessageText;
import io.clipvq.worker.intake.RejectedMessageException;
import io.clipvq.worker.jobs.Reasons;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes shard messages off Kafka. A shard is generation work, so it runs on the same "generation" worker pool as
 * single jobs (one thread per engine), never on the event loop. The record is acknowledged when its shard has
 * ended; the throttled commit strategy commits only below the oldest unfinished shard, so a worker killed
 * mid-shard has that shard delivered again to whichever pod takes the partition.
 *
 * <p>A malformed shard message, or a shard whose run failed (the shard is marked failed first), is nacked and goes
 * to the shard dead-letter topic (its exact bytes) with a one-line reason.
 */
@ApplicationScoped
public class ShardConsumer {
    private static final Logger LOG = Logger.getLogger(ShardConsumer.class);

    private final ShardRunner runner;

    ShardConsumer(ShardRunner runner) {
        this.runner = runner;
    }

    @Incoming("bulk-shards")
    @Blocking(value = "generation", ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            runner.run(BulkJson.parseShard(MessageText.decode(record.value())));
        } catch (InvalidJobMessageException e) {
            LOG.warnf("dead-lettering shard message %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            throw new RejectedMessageException(Reasons.of(e), e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "shard %s failed", record.key());
            throw new RejectedMessageException(Reasons.of(e), e);
        }
    }
}
