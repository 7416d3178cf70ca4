package io.github.camelelevateai.component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import io.github.camelelevateai.component.client.HttpTransport;
import io.github.camelelevateai.component.client.TransportSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The {@code elevateai:} component. It owns the HTTP transports: endpoints with the same connection settings share one
 * pooled client, so a route never opens a client per exchange.
 */
@Component("elevateai")
public class ElevateAiComponent extends DefaultComponent implements SSLContextParametersAware {

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
        TransportSettings settings = new TransportSettings(
                Duration.ofMillis(endpointConfiguration.getConnectTimeout()),
                Duration.ofMillis(endpointConfiguration.getConnectionIdleTimeout()), endpointConfiguration.getPoolSize(),
                endpointConfiguration.getProxyHost(), endpointConfiguration.getProxyPort(),
                endpointConfiguration.getSslContextParameters());
        return transports.computeIfAbsent(settings, this::createTransport);
    }

    /** Called by an endpoint that sends with a token given as an option rather than read from the environment. */
    /** Shared by every endpoint: the 5 s between two status requests of one interaction hold across routes. */
    StatusPacer statusPacer() {
        return statusPacer;
    }

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
