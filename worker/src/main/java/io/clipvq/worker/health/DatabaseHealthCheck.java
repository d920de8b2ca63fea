package io.clipvq.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The database in /q/health/ready, from the background probe, so a stalled PostgreSQL makes readiness say DOWN
 * within a second instead of holding the request (Quarkus' own datasource check is switched off for that reason).
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private final HealthProbes probes;

    DatabaseHealthCheck(HealthProbes probes) {
        this.probes = probes;
    }

    @Override
    public HealthCheckResponse call() {
        DependencyProbe.State state = probes.database();
        return HealthCheckResponse.named("database").status(state.up()).withData("detail", state.detail()).build();
    }
}
