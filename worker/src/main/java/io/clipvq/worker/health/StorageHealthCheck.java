package io.clipvq.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Object storage in /q/health/ready, from the background probe (answers at once). */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final HealthProbes probes;

    StorageHealthCheck(HealthProbes probes) {
        this.probes = probes;
    }

    @Override
    public HealthCheckResponse call() {
        DependencyProbe.State state = probes.storage();
        return HealthCheckResponse.named("object storage").status(state.up()).withData("detail", state.detail())
                .build();
    }
}
