package io.github.camelelevateai.component.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.camelelevateai.component.ElevateAiConnectionException;

/**
 * One pooled JDK {@link HttpClient} with its limits, shared by every endpoint with the same {@link TransportSettings}.
 * <p>
 * The JDK client is used because it keeps headers out of logs unless a system property asks for them (the token
 * travels in a header) and pools keep-alive connections itself. It has no cap on connections per client, so this
 * class caps requests in flight at the pool size: a caller waits up to the connect timeout for a slot.
 */
public final class HttpTransport {

    private final HttpClient httpClient;
    private final Semaphore slots;
    private final TransportSettings settings;

    /** @param sslContext built from the settings' SSLContextParameters, or null for the JDK's default */
    public HttpTransport(TransportSettings settings, SSLContext sslContext) {
        this.settings = settings;
        this.slots = new Semaphore(settings.poolSize(), true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                // a redirect would carry the token to wherever the redirect points
                .followRedirects(HttpClient.Redirect.NEVER)
                // the client's own tasks (reading a response into bytes, completing the caller's future) never block,
                // so they run on its selector thread instead of hopping to a worker pool and back: one thread wake-up
                // fewer per declare, measured at about a quarter of a loopback round trip
                .executor(Runnable::run);
        if (settings.proxyHost() != null && !settings.proxyHost().isBlank()) {
            int port = settings.proxyPort() != null ? settings.proxyPort() : 3128;
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(settings.proxyHost(), port)));
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.httpClient = builder.build();
    }

    /**
     * Sends once, on the calling thread; never retries by itself. Blocking on purpose: the JDK's {@code sendAsync} hands
     * every response through CompletableFuture's default pool, which on a machine with two cores or fewer starts a new
     * thread per response (measured: half the throughput). The route's own threads give the concurrency.
     *
     * @throws ElevateAiConnectionException when no slot frees up within the connect timeout, or the thread is
     *                                      interrupted while it waits for one: nothing was sent. The interrupt stays set.
     * @throws InterruptedException         when interrupted while the request is on its way: it may have been sent
     */
    public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        if (!acquireSlot(request)) {
            throw new ElevateAiConnectionException("No free connection to " + request.uri().getHost() + " within "
                    + settings.connectTimeout() + " (all " + settings.poolSize() + " in use): the request was not sent",
                    null);
        }
        try {
            return httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } finally {
            slots.release();
        }
    }

    /** An interrupt here comes before a byte was written, so it is told apart from one during the exchange. */
    private boolean acquireSlot(HttpRequest request) {
        try {
            return slots.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ElevateAiConnectionException("Interrupted while waiting for a free connection to "
                    + request.uri().getHost() + " (all " + settings.poolSize() + " in use): the request was not sent", e);
        }
    }
}
