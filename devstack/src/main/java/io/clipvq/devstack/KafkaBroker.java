package io.clipvq.devstack;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One Apache Kafka node in KRaft combined mode (broker and controller in one process), data under a folder.
 * The folder is formatted once and reused afterwards, so topics and offsets survive a restart.
 */
final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";

    private KafkaRaftServer server;
    private final KafkaConfig config;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, KafkaConfig config, String bootstrapServers) {
        this.server = server;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /** Shuts the broker down until {@link #resumeServing}, keeping its logs: an outage, for fault tests. */
    synchronized void stopServing() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts the broker again on the same ports and logs. */
    synchronized void resumeServing() {
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    static KafkaBroker start(Path logDir, int requestedPort) throws Exception {
        FreePort.requireAvailable(requestedPort, "Kafka");
        int brokerPort = FreePort.resolve(requestedPort);
        int controllerPort = FreePort.resolve(0);
        Files.createDirectories(logDir);

        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // static voters: the port may change between runs without touching the stored metadata log
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        // a single node: every internal topic must be satisfiable with one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("auto.create.topics.enable", "true");
        // as docker-compose.yml: enough partitions for several workers to share the job and shard topics (with one,
        // a second worker on the embedded stack sat idle); messages of one job share a key, so their order holds
        props.put("num.partitions", "8");
        // consumers join at once instead of waiting 3 s for more members that will never come
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatIfNew(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw e;
        }
        return new KafkaBroker(server, config, HOST + ":" + brokerPort);
    }

    private static void formatIfNew(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                // metadata.log.dir is unset, so the metadata log lives in the one log dir
                .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                .addDirectory(logDir.toAbsolutePath().toString())
                .run();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
        } catch (RuntimeException suppressed) {
            // the start failure is the error worth reporting
        }
    }
}
