package io.github.camelelevateai.component.health;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The readiness of one {@code elevateai:} producer that calls the API: UP while the API answers and takes the token,
 * as its {@link ApiProbe} finds. Registered in Camel's {@code producers} health-check repository while the producer
 * runs (camel-main: {@code camel.health.producersEnabled=true}), and gated by the component's
 * {@code healthCheckProducerEnabled}. Not a liveness check: restarting the application cures neither a refused token
 * nor an API that cannot be reached.
 */
public final class ElevateAiProducerHealthCheck implements HealthCheck {

    /** Detail: the API's base URL (never the endpoint's URI, which may carry the token). */
    public static final String BASE_URL = "base.url";

    private final String id;
    private final ApiProbe probe;
    private volatile boolean enabled = true;

    public ElevateAiProducerHealthCheck(String id, ApiProbe probe) {
        this.id = id;
        this.probe = probe;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).detail(BASE_URL, probe.baseUrl());
        if (!enabled) {
            return builder.unknown().message("Disabled").build();
        }
        ApiProbe.Answer answer = probe.answer();
        if (answer.httpStatus() != 0) {
            builder.detail(HTTP_RESPONSE_CODE, answer.httpStatus());
        }
        return (answer.up() ? builder.up() : builder.down()).message(answer.message()).build();
    }

    public ApiProbe probe() {
        return probe;
    }

    @Override
    public String toString() {
        return getId();
    }
}
