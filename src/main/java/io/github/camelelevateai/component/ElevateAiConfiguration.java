package io.github.camelelevateai.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of {@code elevateai:}, set once on the component and copied to every endpoint, where they can be
 * overridden. Deliberately no {@code toString()} that prints fields: the token must never reach a log.
 */
@UriParams
@Configurer
public class ElevateAiConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://api.elevateai.com/v1";
    /** Read when {@code apiToken} is not set. */
    public static final String API_TOKEN_VARIABLE = "ELEVATEAI_API_TOKEN";

    @UriParam(label = "security", secret = true,
              description = "The ElevateAI API token, sent as X-API-Token. When not set, the component reads the"
                            + " ELEVATEAI_API_TOKEN environment variable itself. Never write it into a route.")
    private String apiToken;

    @UriParam(defaultValue = DEFAULT_BASE_URL, description = "The API's base URL. Plain http is refused for hosts"
                                                             + " other than loopback unless allowInsecureHttp is set.")
    private String baseUrl = DEFAULT_BASE_URL;

    @UriParam(defaultValue = "en-us", enums = "en-us,en,es-419",
              description = "The chat's language when neither the header nor the body says: en-us (North American"
                            + " English), en (international English) or es-419 (North American Spanish).")
    private String languageTag = "en-us";

    @UriParam(defaultValue = "default", description = "The vertical when neither the header nor the body says.")
    private String vertical = "default";

    @UriParam(defaultValue = "typed", enums = "typed,json",
              description = "The body after an interaction operation: typed, the answer as an object of the model"
                            + " package (InteractionStatus, AiResults, Summary, ...); json, the API's answer as it came,"
                            + " as text.")
    private ResultFormat resultFormat = ResultFormat.typed;

    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long to wait for a connection to the API, and for a free slot in the pool.")
    private long connectTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "A pooled connection idle longer than this is never used again: NAT gateways, firewalls"
                            + " and load balancers drop idle connections silently, often after 60 s, and a declare"
                            + " written to such a connection gets no answer (an unknown outcome). Keep it below the"
                            + " shortest idle cut-off between here and the API.")
    private long connectionIdleTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "How long to wait for the API's answer once the request is sent (the longest silence"
                            + " while it comes). A declare that times out has an unknown outcome and is not retried.")
    private long requestTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "32",
              description = "The most requests (and so connections) open to the API at once, shared by the"
                            + " endpoints with the same connection settings.")
    private int poolSize = 32;

    @UriParam(label = "advanced", defaultValue = "3",
              description = "How many times a call refused with 429, or whose connection failed before the"
                            + " request was sent, is retried before the exception reaches the route. A declare or a"
                            + " delete is retried for nothing else (each successful declare costs quota); a read is"
                            + " also retried on a timeout (408, 504, no answer), a 502 or 503, and a 409 (not ready).")
    private int maxRetries = 3;

    @UriParam(label = "advanced", defaultValue = "1000", javaType = "java.time.Duration",
              description = "The first wait before a retry when the API sends no Retry-After; doubled at each"
                            + " retry, with jitter.")
    private long retryBackoff = 1_000;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "The longest wait before a retry. A Retry-After longer than this ends the retries at"
                            + " once, leaving the decision to the route.")
    private long maxRetryDelay = 30_000;

    @UriParam(label = "health", defaultValue = "30000", javaType = "java.time.Duration",
              description = "The producer health check asks the API at most this often whether it answers and takes"
                            + " the token (the status of an interaction that cannot exist: no quota); in between, it"
                            + " gives the last answer. Producers using the same API and token share the requests.")
    private long healthCheckInterval = 30_000;

    @UriParam(label = "proxy", description = "An HTTP proxy host to reach the API through.")
    private String proxyHost;

    @UriParam(label = "proxy", description = "The HTTP proxy's port.")
    private Integer proxyPort;

    @UriParam(label = "security", description = "TLS settings (trust store, key store, protocols) for the API.")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "security", defaultValue = "false",
              description = "Allow a plain http baseUrl to a host other than loopback. The token then travels"
                            + " unencrypted: for a trusted TLS-terminating proxy only.")
    private boolean allowInsecureHttp;

    public ElevateAiConfiguration copy() {
        try {
            return (ElevateAiConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public ResultFormat getResultFormat() {
        return resultFormat;
    }

    public void setResultFormat(ResultFormat resultFormat) {
        this.resultFormat = resultFormat;
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getLanguageTag() {
        return languageTag;
    }

    public void setLanguageTag(String languageTag) {
        this.languageTag = languageTag;
    }

    public String getVertical() {
        return vertical;
    }

    public void setVertical(String vertical) {
        this.vertical = vertical;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getConnectionIdleTimeout() {
        return connectionIdleTimeout;
    }

    public void setConnectionIdleTimeout(long connectionIdleTimeout) {
        this.connectionIdleTimeout = connectionIdleTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(long retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public long getHealthCheckInterval() {
        return healthCheckInterval;
    }

    public void setHealthCheckInterval(long healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }
}
