package io.github.camelelevateai.component;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.component.client.ElevateAiClient;
import io.github.camelelevateai.component.client.RetryPolicy;
import io.github.camelelevateai.component.health.ApiProbe;
import io.github.camelelevateai.component.metrics.ElevateAiMetrics;
import io.github.camelelevateai.component.model.LanguageTag;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Sends chats to the ElevateAI CX AI API (by NICE) for analysis, and follows them up (status, results, summary,
 * deletion): authentication, marshalling and error mapping included.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "elevateai", title = "ElevateAI", syntax = "elevateai:operation",
             producerOnly = true, category = { Category.AI, Category.SAAS }, headersClass = ElevateAiConstants.class)
public class ElevateAiEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    @UriPath(description = "The operation to perform.",
             enums = "declareChat,validateChat,getInteraction,getStatus,getAiResults,getSummary,getTranscript,"
                     + "getPunctuatedTranscript,deleteInteraction")
    @Metadata(required = true)
    private ElevateAiOperation operation;

    @UriParam
    private ElevateAiConfiguration configuration;

    private volatile ElevateAiClient client;
    private volatile String apiToken;
    private volatile ChatSettings defaults;

    public ElevateAiEndpoint(String uri, ElevateAiComponent component, ElevateAiOperation operation,
                             ElevateAiConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new ElevateAiProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("elevateai: only sends; it cannot consume from " + getEndpointUri());
    }

    @Override
    public ElevateAiComponent getComponent() {
        return (ElevateAiComponent) super.getComponent();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        checkLanguageTag();
        checkVertical();
        defaults = new ChatSettings(configuration.getLanguageTag(), configuration.getVertical());
        if (operation == ElevateAiOperation.validateChat) {
            // sends nothing: needs neither a token nor a client
            return;
        }
        String apiToken = apiToken();
        checkConfiguration(apiToken);
        this.apiToken = apiToken;
        if (configuration.getApiToken() != null && !configuration.getApiToken().isBlank()) {
            getComponent().tokenGivenAsOption();
        }
        client = new ElevateAiClient(getComponent().transportFor(configuration), configuration.getBaseUrl(),
                apiToken, Duration.ofMillis(configuration.getRequestTimeout()),
                new RetryPolicy(configuration.getMaxRetries(), Duration.ofMillis(configuration.getRetryBackoff()),
                        Duration.ofMillis(configuration.getMaxRetryDelay())),
                ElevateAiMetrics.of(getCamelContext()).requests(operation.name()));
    }

    /** The probe of the API and token this endpoint sends to, for its producers' health checks; null before start. */
    ApiProbe apiProbe() {
        String token = apiToken;
        return token == null ? null : getComponent().apiProbe(configuration, token);
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            client.close();
        }
        client = null;
        apiToken = null;
        super.doStop();
    }

    /**
     * The option, or else the environment variable read directly: a token that never passes through Camel's property
     * placeholders is never printed by Camel's own DEBUG logging of resolved placeholders.
     */
    private String apiToken() {
        String token = configuration.getApiToken();
        return token != null && !token.isBlank() ? token : System.getenv(ElevateAiConfiguration.API_TOKEN_VARIABLE);
    }

    /** Fails at start, with a reason, rather than at the first chat. */
    private void checkConfiguration(String apiToken) {
        if (apiToken == null || apiToken.isBlank()) {
            throw new IllegalArgumentException("elevateai: no API token: set the environment variable "
                    + ElevateAiConfiguration.API_TOKEN_VARIABLE + ", or the apiToken option (for instance"
                    + " camel.component.elevateai.apiToken={{env:" + ElevateAiConfiguration.API_TOKEN_VARIABLE + "}})");
        }
        if (configuration.getPoolSize() < 1) {
            throw new IllegalArgumentException("elevateai: poolSize must be at least 1");
        }
        if (configuration.getHealthCheckInterval() < 0) {
            throw new IllegalArgumentException("elevateai: healthCheckInterval must not be negative");
        }
        if (configuration.getConnectionIdleTimeout() <= 0) {
            throw new IllegalArgumentException("elevateai: connectionIdleTimeout must be longer than 0 ms");
        }
        URI base = URI.create(configuration.getBaseUrl());
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || base.getHost() == null) {
            throw new IllegalArgumentException("elevateai: baseUrl '" + configuration.getBaseUrl()
                    + "' is not an http(s) URL");
        }
        if (scheme.equals("http") && !isLoopback(base.getHost()) && !configuration.isAllowInsecureHttp()) {
            throw new IllegalArgumentException("elevateai: baseUrl '" + configuration.getBaseUrl()
                    + "' is plain http to a host other than loopback, so the API token would travel unencrypted."
                    + " Use https, or set allowInsecureHttp=true for a trusted TLS-terminating proxy");
        }
        // plain http through a proxy hands the request, token included, to the proxy in the clear; https is tunnelled
        String proxy = configuration.getProxyHost();
        if (scheme.equals("http") && proxy != null && !proxy.isBlank() && !isLoopback(proxy)
            && !configuration.isAllowInsecureHttp()) {
            throw new IllegalArgumentException("elevateai: baseUrl '" + configuration.getBaseUrl() + "' is plain http"
                    + " through the proxy " + proxy + ", so the API token would travel unencrypted to the proxy. Use"
                    + " https (tunnelled through the proxy), or set allowInsecureHttp=true for a proxy you trust");
        }
    }

    private void checkLanguageTag() {
        if (!LanguageTag.isChatTag(configuration.getLanguageTag())) {
            throw new IllegalArgumentException("elevateai: languageTag '" + configuration.getLanguageTag()
                    + "' is not a language the API supports for chat (supported: en-us, en, es-419)");
        }
    }

    private void checkVertical() {
        if (!ChatMarshaller.isChatVertical(configuration.getVertical())) {
            throw new IllegalArgumentException("elevateai: vertical " + Quoted.quote(configuration.getVertical())
                    + " is not a vertical the API takes: its documentation names only '" + ChatMarshaller.VERTICAL + "'");
        }
    }

    /** By the literal only: no DNS lookup decides where the token may go in clear. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || LOOPBACK_IPV4.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }

    /** The endpoint's languageTag and vertical, fixed when it starts. */
    ChatSettings defaults() {
        return defaults;
    }

    ElevateAiClient getClient() {
        return client;
    }

    public ElevateAiOperation getOperation() {
        return operation;
    }

    public void setOperation(ElevateAiOperation operation) {
        this.operation = operation;
    }

    public ElevateAiConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(ElevateAiConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }
}
