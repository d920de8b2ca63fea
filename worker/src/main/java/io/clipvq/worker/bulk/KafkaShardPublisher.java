package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.ShardMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.util.List;

/** Sends a page of shard messages keyed {@code jobId:shardIndex} and waits for the broker to acknowledge all. */
@ApplicationScoped
public class KafkaShardPublisher implements ShardPublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final Duration pageTimeout;

    KafkaShardPublisher(@Channel("bulk-shards-out") MutinyEmitter<Record<String, String>> emitter,
                        @ConfigProperty(name = "clipvq-events.delivery-timeout-ms", defaultValue = "300000")
                        long deliveryTimeoutMillis) {
        this.emitter = emitter;
        this.pageTimeout = Duration.ofMillis(deliveryTimeoutMillis).plusSeconds(10);
    }

    @Override
    public void publishAll(List<ShardMessage> shards) {
        List<Uni<Void>> sends = shards.stream()
                .map(shard -> emitter.send(Record.of(shard.key(), BulkJson.toJson(shard))))
                .toList();
        Uni.join().all(sends).andFailFast().await().atMost(pageTimeout);
    }
}
