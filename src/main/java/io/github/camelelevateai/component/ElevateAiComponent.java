package io.github.camelelevateai.component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import io.github.camelelevateai.component.client.ElevateAiClient;
import io.github.camelelevateai.component.client.HttpTransport;
import io.github.camelelevateai.component.client.RequestObserver;
import io.github.camelelevateai.component.client.RetryPolicy;
import io.github.camelelevateai.component.client.TransportSettings;
import io.github.camelelevateai.component.health.ApiProbe;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The {@code elevateai:} component. It owns the HTTP transports: endpoints with the same connection settings share one
 * pooled client, so a route never opens a client per exchange. It owns the API probes of the producers' health checks
 * too: the checks of producers that use the same API with the same token share one, and so its requests.
 */
@Component("elevateai")
public class ElevateAiComponent extends HealthCheckComponent implements SSLContextParametersAware {

    /** Camel masks only the option names it knows as secret in camel-main's summary; it does not know this one. */
    static final String SENSITIVE_KEYWORD = "apitoken";

    @Metadata
    private ElevateAiConfiguration configuration = new ElevateAiConfiguration();

    @Metadata(label = "security", defaultValue = "false",
              description = "Use the global SSLContextParameters of the CamelContext when the endpoint has none.")
    private boolean useGlobalSslContextParameters;

    private final Map<TransportSettings, HttpTransport> transports = new ConcurrentHashMap<>();
    private final TokenLoggingWarning tokenLoggingWarning = new TokenLoggingWarning();
    private final StatusPacer statusPacer = new StatusPacer();
    private final Map<ProbeKey, ApiProbe> probes = new ConcurrentHashMap<>();
    private final Set<String> healthCheckIds = ConcurrentHashMap.newKeySet();

    public ElevateAiComponent() {
    }

    public ElevateAiComponent(CamelContext context) {
        super(context);
        registerSensitiveKeyword(context);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        super.setCamelContext(context);
        registerSensitiveKeyword(context);
    }

    private static void registerSensitiveKeyword(CamelContext context) {
        SensitiveKeyword.register(context, SENSITIVE_KEYWORD);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ElevateAiOperation operation = ElevateAiOperation.fromValue(remaining);
        ElevateAiEndpoint endpoint = new ElevateAiEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        ElevateAiConfiguration endpointConfiguration = endpoint.getConfiguration();
        if (endpointConfiguration.getSslContextParameters() == null) {
            endpointConfiguration.setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        return endpoint;
    }

    /** The shared transport for these settings, created on first use. */
    HttpTransport transportFor(ElevateAiConfiguration endpointConfiguration) {
        return transports.computeIfAbsent(transportSettings(endpointConfiguration), this::createTransport);
    }

    private static TransportSettings transportSettings(ElevateAiConfiguration endpointConfiguration) {
        return new TransportSettings(
                Duration.ofMillis(endpointConfiguration.getConnectTimeout()),
                Duration.ofMillis(endpointConfiguration.getConnectionIdleTimeout()), endpointConfiguration.getPoolSize(),
                endpointConfiguration.getProxyHost(), endpointConfiguration.getProxyPort(),
                endpointConfiguration.getSslContextParameters());
    }

    /** Shared by every endpoint: the 5 s between two status requests of one interaction hold across routes. */
    StatusPacer statusPacer() {
        return statusPacer;
    }

    /**
     * The probe of the API these settings reach with this token, shared with every endpoint that has the same: its
     * own client, sending once without retries and counted in no metrics, on the shared transport.
     */
    ApiProbe apiProbe(ElevateAiConfiguration endpointConfiguration, String apiToken) {
        ProbeKey key = new ProbeKey(endpointConfiguration.getBaseUrl(), RequestDigest.of(
                apiToken.getBytes(StandardCharsets.UTF_8)), endpointConfiguration.getConnectTimeout(),
                endpointConfiguration.getRequestTimeout(), endpointConfiguration.getHealthCheckInterval(),
                transportSettings(endpointConfiguration));
        return probes.computeIfAbsent(key, unused -> new ApiProbe(new ElevateAiClient(
                transportFor(endpointConfiguration), endpointConfiguration.getBaseUrl(), apiToken,
                Duration.ofMillis(endpointConfiguration.getRequestTimeout()),
                new RetryPolicy(0, Duration.ZERO, Duration.ZERO), RequestObserver.NONE),
                endpointConfiguration.getBaseUrl(), Duration.ofMillis(endpointConfiguration.getHealthCheckInterval())));
    }

    /**
     * A health-check id of its own for a producer: {@code producer:<scheme>-<operation>}, numbered from the second
     * producer on. Never the endpoint's URI, which may carry the token.
     */
    String claimHealthCheckId(String scheme, ElevateAiOperation operation) {
        String base = "producer:" + scheme + "-" + operation.name();
        for (int n = 1;; n++) {
            String id = n == 1 ? base : base + "-" + n;
            if (healthCheckIds.add(id)) {
                return id;
            }
        }
    }

    void releaseHealthCheckId(String id) {
        healthCheckIds.remove(id);
    }

    /** The token only as its digest: a key is never printed, but it need not hold the secret either. */
    private record ProbeKey(String baseUrl, String tokenDigest, long connectTimeout, long requestTimeout,
            long interval, TransportSettings transport) {
    }

    /** Called by an endpoint that sends with a token given as an option rather than read from the environment. */
    void tokenGivenAsOption() {
        tokenLoggingWarning.tokenGivenAsOption();
    }

    private HttpTransport createTransport(TransportSettings settings) {
        SSLContextParameters ssl = settings.sslContextParameters();
        try {
            SSLContext sslContext = ssl == null ? null : ssl.createSSLContext(getCamelContext());
            return new HttpTransport(settings, sslContext);
        } catch (Exception e) {
            throw new IllegalArgumentException("Could not set up TLS from sslContextParameters: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStop() throws Exception {
        probes.clear();
        transports.values().forEach(HttpTransport::close);
        transports.clear();
        super.doStop();
    }

    public ElevateAiConfiguration getConfiguration() {
        return configuration;
    }

    /** The options every endpoint starts from. */
    public void setConfiguration(ElevateAiConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }
}
