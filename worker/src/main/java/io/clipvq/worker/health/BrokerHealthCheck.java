package io.clipvq.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Kafka broker in /q/health/ready, from the background probe, so readiness says DOWN at once while the broker is
 * away (Quarkus' own broker check is switched off: it held the request until its admin call timed out). The
 * messaging channels report their own state beside it.
 */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    private final HealthProbes probes;

    BrokerHealthCheck(HealthProbes probes) {
        this.probes = probes;
    }

    @Override
    public HealthCheckResponse call() {
        DependencyProbe.State state = probes.broker();
        return HealthCheckResponse.named("kafka broker").status(state.up()).withData("detail", state.detail()).build();
    }
}
