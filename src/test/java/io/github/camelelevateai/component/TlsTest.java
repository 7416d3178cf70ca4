package io.github.camelelevateai.component;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS through Camel's SSLContextParameters, against the sandbox over HTTPS with a certificate made for the test. */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static Path keyStore;
    static ElevateAiSandbox sandbox;

    @BeforeAll
    static void startHttpsSandbox() throws Exception {
        keyStore = dir.resolve("sandbox.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sandbox", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        sandbox = ElevateAiSandbox.startHttps(ElevateAiSandbox.DEFAULT_TOKEN, 0, tls);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void trustsTheServerThroughSslContextParameters() throws Exception {
        try (CamelContext context = context(false)) {
            context.getRegistry().bind("sandboxTrust", trustingTheSandbox());
            Exchange result = declare(context, "elevateai:declareChat?sslContextParameters=#sandboxTrust");

            assertThat(result.getException()).isNull();
            assertThat(sandbox.baseUrl()).startsWith("https://");
            assertThat(result.getMessage().getBody(String.class)).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void usesTheGlobalSslContextParametersWhenAsked() throws Exception {
        try (CamelContext context = context(true)) {
            context.setSSLContextParameters(trustingTheSandbox());
            assertThat(declare(context, "elevateai:declareChat").getException()).isNull();
        }
    }

    @Test
    void anUntrustedServerFailsTheHandshakeBeforeAnythingIsSent() throws Exception {
        int before = sandbox.requestCount();
        try (CamelContext context = context(false)) {
            Exchange result = declare(context, "elevateai:declareChat?maxRetries=0");

            assertThat(result.getException()).isInstanceOf(ElevateAiConnectionException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageContaining("the request was not sent");
            assertThat(((ElevateAiException) result.getException()).isRetryable()).isTrue();
        }
        assertThat(sandbox.requestCount()).isEqualTo(before);
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeoutHavingSentNothing() throws Exception {
        // the backlog accepts the connection; nobody ever reads from it or writes to it (the client bounds the
        // handshake by the connect timeout)
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                CamelContext context = context(false)) {
            long start = System.nanoTime();
            Exchange result = declare(context, "elevateai:declareChat?maxRetries=0&connectTimeout=500&requestTimeout=60000"
                    + "&baseUrl=https://127.0.0.1:" + silent.getLocalPort() + "/v1");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(result.getException()).isInstanceOf(ElevateAiConnectionException.class)
                    .hasMessageContaining("the request was not sent");
        }
    }

    private static CamelContext context(boolean useGlobalSsl) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ElevateAiComponent component = new ElevateAiComponent();
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        component.getConfiguration().setApiToken(sandbox.apiToken());
        component.setUseGlobalSslContextParameters(useGlobalSsl);
        context.addComponent("elevateai", component);
        context.start();
        return context;
    }

    private static Exchange declare(CamelContext context, String uri) {
        return context.createProducerTemplate().request(uri,
                exchange -> exchange.getMessage().setBody(ElevateAiTestSupport.chatJson()));
    }

    private static SSLContextParameters trustingTheSandbox() {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + keyStore);
        trustStore.setPassword(PASSWORD);
        trustStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

}
