package io.clipvq.worker.health;

import io.clipvq.worker.storage.ImageStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Object storage in /q/health/ready. Kafka (the channels and the broker) and the database are reported by their
 * Quarkus extensions' own checks.
 */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final ImageStore store;

    StorageHealthCheck(ImageStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object storage").status(store.isBucketReachable())
                .withData("bucket", store.bucket()).build();
    }
}
