package io.github.camelelevateai.component.client;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.camelelevateai.component.ElevateAiConnectionException;

/**
 * One pooled JDK {@link HttpClient} with its limits, shared by every endpoint with the same {@link TransportSettings}.
 * <p>
 * The JDK client is used because it keeps headers out of logs unless a system property asks for them (the token
 * travels in a header), pools keep-alive connections itself and is asynchronous. It has no cap on connections per
 * client, so this class caps requests in flight at the pool size: a caller waits up to the connect timeout for a slot.
 */
public final class HttpTransport {

    private final HttpClient httpClient;
    private final Semaphore slots;
    private final TransportSettings settings;

    /** @param sslContext built from the settings' SSLContextParameters, or null for the JDK's default */
    public HttpTransport(TransportSettings settings, SSLContext sslContext, Executor executor) {
        this.settings = settings;
        this.slots = new Semaphore(settings.poolSize(), true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                // a redirect would carry the token to wherever the redirect points
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (settings.proxyHost() != null && !settings.proxyHost().isBlank()) {
            int port = settings.proxyPort() != null ? settings.proxyPort() : 3128;
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(settings.proxyHost(), port)));
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.httpClient = builder.build();
    }

    /** Sends once; never retries by itself. */
    public CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        try {
            if (!slots.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new ElevateAiConnectionException(
                        "No free connection to " + request.uri().getHost() + " within " + settings.connectTimeout()
                                + " (all " + settings.poolSize() + " in use): the request was not sent",
                        null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new ElevateAiConnectionException("Interrupted while waiting for a free connection", e));
        }
        try {
            return httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> slots.release());
        } catch (RuntimeException e) {
            slots.release();
            return CompletableFuture.failedFuture(e);
        }
    }

    public TransportSettings settings() {
        return settings;
    }

    /** Requests that may start now without waiting for a slot; for health checks and tests. */
    public int availableSlots() {
        return slots.availablePermits();
    }
}
