package io.github.camelelevateai.component.client;

import java.time.Duration;

import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * What an HTTP transport is built from. Endpoints whose settings are equal share one transport (and so one connection
 * pool); settings that may differ per request (base URL, token, request timeout) are not part of it.
 *
 * @param sslContextParameters null for the JVM's default trust; compared by identity, as Camel shares one instance
 */
public record TransportSettings(Duration connectTimeout, Duration connectionIdleTimeout, int poolSize,
        String proxyHost, Integer proxyPort, SSLContextParameters sslContextParameters) {

    @Override
    public String toString() {
        // keep SSL material and proxy details out of logs: this is a cache key, not something to print
        return "TransportSettings[connectTimeout=" + connectTimeout + ", connectionIdleTimeout=" + connectionIdleTimeout
                + ", poolSize=" + poolSize + "]";
    }
}
