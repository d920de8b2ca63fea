package io.clipvq.devstack;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.IntFunction;

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
    private static final int START_ATTEMPTS = 3;

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
        return start(logDir, requestedPort, FreePort::pickDistinct);
    }

    /**
     * Starts the node; {@code pickPorts} gives that many distinct free ports. Kafka must be told its ports before it
     * binds them, so a picked port can be taken by another process in between. When that happens to the broker
     * port, startup fails and a new pair is tried, up to {@value #START_ATTEMPTS} times; a port the caller asked for
     * is never changed. A controller that fails to bind halts the JVM (Kafka's fatal-fault handler), so the ports
     * come from {@link FreePort}, which picks them where the kernel does not hand ports out by itself.
     */
    static KafkaBroker start(Path logDir, int requestedPort, IntFunction<int[]> pickPorts) throws Exception {
        FreePort.requireAvailable(requestedPort, "Kafka");
        Files.createDirectories(logDir);
        formatIfNew(logDir);
        for (int attempt = 1; ; attempt++) {
            int[] picked = pickPorts.apply(2);
            int brokerPort = requestedPort != 0 ? requestedPort : picked[0];
            int controllerPort = picked[1] != brokerPort ? picked[1] : picked[0];
            KafkaConfig config = config(logDir, brokerPort, controllerPort);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                return new KafkaBroker(server, config, HOST + ":" + brokerPort);
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                if (attempt == START_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
            }
        }
    }

    private static KafkaConfig config(Path logDir, int brokerPort, int controllerPort) {
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
        return KafkaConfig.fromProps(props, false);
    }

    private static boolean causedByBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
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
            server.awaitShutdown();
        } catch (RuntimeException suppressed) {
            // the start failure is the error worth reporting
        }
    }
}
