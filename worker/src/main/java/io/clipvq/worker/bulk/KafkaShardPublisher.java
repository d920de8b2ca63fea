package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.ShardMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.util.List;

/** Sends a page of shard messages keyed {@code jobId:shardIndex} and waits for the broker to acknowledge all. */
@ApplicationScoped
public class KafkaShardPublisher implements ShardPublisher {

    private static final Duration PAGE_TIMEOUT = Duration.ofMinutes(2);

    private final MutinyEmitter<Record<String, String>> emitter;

    KafkaShardPublisher(@Channel("bulk-shards-out") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publishAll(List<ShardMessage> shards) {
        List<Uni<Void>> sends = shards.stream()
                .map(shard -> emitter.send(Record.of(shard.key(), BulkJson.toJson(shard))))
                .toList();
        Uni.join().all(sends).andFailFast().await().atMost(PAGE_TIMEOUT);
    }
}
