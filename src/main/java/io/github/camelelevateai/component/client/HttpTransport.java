package io.github.camelelevateai.component.client;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One pooled Apache HttpClient 5 (classic) with its limits, shared by every endpoint with the same
 * {@link TransportSettings}.
 * <p>
 * What it guarantees beyond the client's defaults:
 * <ul>
 * <li>{@code poolSize} caps connections, and so requests in flight; a caller waits up to the connect timeout for one.</li>
 * <li>A connection idle longer than {@code connectionIdleTimeout} is never used again: NAT gateways and load balancers
 * drop idle connections without a word, and a declare written to one gets no answer, an outcome nobody can know. Its
 * keep-alive is capped at that time (the pool discards an expired connection when it is leased), a connection idle
 * for a second is checked before reuse, and a background evictor closes idle ones.</li>
 * <li>No redirects (they would carry the token elsewhere), no automatic retries (a retried declare may cost quota
 * twice; {@link RetryPolicy} decides), no cookies.</li>
 * <li>No request header or byte is ever logged: the pool's connections are {@link UnloggedConnection}s.</li>
 * <li>Each failure says whether the request can have left: see {@link SentMarkingRequestExecutor}.</li>
 * </ul>
 * The classic client blocks the calling thread for the exchange: the route's own threads give the concurrency, and the
 * steps after the declare (the store, the result file, a JMS transaction) must not run on an I/O thread of the client.
 */
public final class HttpTransport implements Closeable {

    /** A connection idle this long is checked before it carries a request. */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    private final TransportSettings settings;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient httpClient;

    /** @param sslContext built from the settings' SSLContextParameters, or null for the JVM's default trust */
    public HttpTransport(TransportSettings settings, SSLContext sslContext) {
        this.settings = settings;
        Timeout connectTimeout = Timeout.of(settings.connectTimeout());
        TimeValue idleTimeout = TimeValue.of(settings.connectionIdleTimeout());
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(UnloggedConnection.FACTORY)
                .setTlsSocketStrategy(sslContext != null
                        ? new DefaultClientTlsStrategy(sslContext) : DefaultClientTlsStrategy.createDefault())
                .setMaxConnTotal(settings.poolSize())
                .setMaxConnPerRoute(settings.poolSize())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        var builder = HttpClients.custom()
                .setConnectionManager(pool)
                .setRequestExecutor(new SentMarkingRequestExecutor())
                .setKeepAliveStrategy(keepAliveAtMost(idleTimeout))
                .evictExpiredConnections()
                .evictIdleConnections(idleTimeout)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .setUserAgent("camel-elevateai");
        if (settings.proxyHost() != null && !settings.proxyHost().isBlank()) {
            builder.setProxy(new HttpHost("http", settings.proxyHost(),
                    settings.proxyPort() != null ? settings.proxyPort() : 3128));
        }
        this.httpClient = builder.build();
    }

    /** The server's keep-alive, or the client's default, but never beyond the idle timeout. */
    private static ConnectionKeepAliveStrategy keepAliveAtMost(TimeValue idleTimeout) {
        return (response, context) -> {
            TimeValue offered = DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
            return TimeValue.isNonNegative(offered) && offered.compareTo(idleTimeout) < 0 ? offered : idleTimeout;
        };
    }

    /** The request settings for one call: how long to wait for a connection and for the answer. */
    public RequestConfig requestConfig(Duration responseTimeout) {
        return RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(responseTimeout))
                .setRedirectsEnabled(false)
                .build();
    }

    /**
     * Sends once, on the calling thread, and reads the whole answer; never retries by itself.
     *
     * @throws TransportFailure when no answer came; it says whether the request can have left
     */
    ApiResponse send(ClassicHttpRequest request, RequestConfig config) throws TransportFailure {
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(config);
        try {
            return httpClient.execute(request, context, response -> {
                Header retryAfter = response.getFirstHeader("Retry-After");
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new ApiResponse(response.getCode(), retryAfter == null ? null : retryAfter.getValue(), body);
            });
        } catch (IOException | RuntimeException e) {
            throw new TransportFailure(e, SentMarkingRequestExecutor.writeStarted(context));
        }
    }

    public TransportSettings settings() {
        return settings;
    }

    /** Closes the pool's connections and stops the evictor; a request under way fails. */
    @Override
    public void close() {
        httpClient.close(CloseMode.GRACEFUL);
    }

    /** The transport's failure, with whether the request's first byte was handed to a connection. */
    static final class TransportFailure extends Exception {

        private final boolean maybeSent;

        TransportFailure(Exception cause, boolean maybeSent) {
            super(cause);
            this.maybeSent = maybeSent;
        }

        boolean maybeSent() {
            return maybeSent;
        }
    }
}
