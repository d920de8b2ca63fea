package io.clipvq.worker.health;

import io.clipvq.worker.storage.ImageStore;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks the database, the object storage and the Kafka broker in the background, each on its own thread every
 * {@code clipvq-health.probe-interval-ms}, so that /q/health/ready answers from the last result within a second
 * whatever they do, and says DOWN when one has not answered for {@code clipvq-health.stale-after-ms}.
 */
@Startup
@ApplicationScoped
public class HealthProbes {

    private final DependencyProbe database;
    private final DependencyProbe storage;
    private final DependencyProbe broker;
    private final Admin kafka;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "clipvq-health-probe");
        thread.setDaemon(true);
        return thread;
    });

    HealthProbes(DataSource dataSource, ImageStore images,
                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @ConfigProperty(name = "clipvq-health.probe-interval-ms", defaultValue = "1000") long intervalMillis,
                 @ConfigProperty(name = "clipvq-health.stale-after-ms", defaultValue = "2000") long staleMillis) {
        Duration staleAfter = Duration.ofMillis(staleMillis);
        this.database = new DependencyProbe(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(Math.max(1, (int) (staleMillis / 1000)));
                s.execute("select 1");
            }
        }, staleAfter, Clock.systemUTC());
        this.storage = new DependencyProbe(() -> {
            if (!images.isBucketReachable()) {
                throw new IllegalStateException("bucket " + images.bucket() + " is not reachable");
            }
        }, staleAfter, Clock.systemUTC());
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "clipvq-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, staleMillis),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, staleMillis)));
        this.broker = new DependencyProbe(() -> {
            int nodes = kafka.describeCluster().nodes().get(staleMillis, TimeUnit.MILLISECONDS).size();
            if (nodes == 0) {
                throw new IllegalStateException("the cluster has no broker");
            }
        }, staleAfter, Clock.systemUTC());
        for (DependencyProbe probe : List.of(database, storage, broker)) {
            probe.probe();
            threads.scheduleWithFixedDelay(probe::probe, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    public DependencyProbe.State broker() {
        return broker.state();
    }

    public DependencyProbe.State database() {
        return database.state();
    }

    public DependencyProbe.State storage() {
        return storage.state();
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
        kafka.close(java.time.Duration.ofSeconds(1));
    }
}
