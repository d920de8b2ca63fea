package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Kafka node's port handling: a picked broker port that another process takes first is replaced. (A lost
 * controller port cannot be: Kafka halts the JVM when its controller fails to start, which is why {@link FreePort}
 * picks ports where nothing takes them unasked.)
 */
class KafkaBrokerIT {

    @TempDir
    Path logDir;

    @Test
    void should_start_on_new_ports_when_the_picked_broker_port_is_taken_before_kafka_binds_it() throws Exception {
        try (ServerSocket squatter = bindAnyLoopbackPort()) {
            int taken = squatter.getLocalPort();
            int[] free = FreePort.pickDistinct(2);
            CountingPorts ports = new CountingPorts(new int[] {taken, free[0]}, FreePort::pickDistinct);

            try (KafkaBroker broker = KafkaBroker.start(logDir, 0, ports)) {
                assertThat(ports.calls()).isEqualTo(2);
                assertThat(broker.bootstrapServers()).doesNotEndWith(":" + taken);
                assertServes(broker);
            }
        }
    }

    @Test
    void should_give_up_after_three_tries_when_every_picked_port_is_taken() throws Exception {
        try (ServerSocket squatter = bindAnyLoopbackPort()) {
            int taken = squatter.getLocalPort();
            int free = FreePort.pickDistinct(1)[0];
            CountingPorts counting = new CountingPorts(new int[] {taken, free}, count -> new int[] {taken, free});

            assertThatThrownBy(() -> KafkaBroker.start(logDir, 0, counting))
                    .hasStackTraceContaining("Address already in use");
            assertThat(counting.calls()).isEqualTo(3);
        }
    }

    private static ServerSocket bindAnyLoopbackPort() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static void assertServes(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic("port-check", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("port-check");
        }
    }

    /** Answers {@code first}, then whatever {@code afterwards} picks; counts the calls. */
    private static final class CountingPorts implements IntFunction<int[]> {
        private final int[] first;
        private final IntFunction<int[]> afterwards;
        private int calls;

        CountingPorts(int[] first, IntFunction<int[]> afterwards) {
            this.first = first;
            this.afterwards = afterwards;
        }

        @Override
        public int[] apply(int count) {
            calls++;
            return calls == 1 ? first : afterwards.apply(count);
        }

        int calls() {
            return calls;
        }
    }
}
