package io.github.camelelevateai.runner;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker in this JVM, on loopback, for the JMS route when no broker is configured (the runner) and
 * for the tests. Messages are journaled under the given folder, so a restart of the runner loses none.
 */
public final class EmbeddedArtemis implements AutoCloseable {

    /** Where the broker puts a message it gave up redelivering after a rollback. */
    public static final String BROKER_DEAD_LETTERS = "DLQ";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String url;

    private EmbeddedArtemis(Path dataDirectory, int port) throws Exception {
        this.url = "tcp://127.0.0.1:" + port;
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", url);
        configuration.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(BROKER_DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        server.setConfiguration(configuration);
        server.start();
    }

    /** @param port 0 for any free port */
    public static EmbeddedArtemis start(Path dataDirectory, int port) throws Exception {
        if (port != 0) {
            ensureFree(port);
        }
        return new EmbeddedArtemis(dataDirectory, port == 0 ? freePort() : port);
    }

    /** Artemis logs a port it cannot bind and starts anyway, without it: a broker nobody can reach. */
    private static void ensureFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (BindException taken) {
            throw new IOException("port " + port + " is taken", taken);
        }
    }

    /** Settings for the addresses that {@code match} names, on top of the defaults (tests make a queue refuse sends). */
    public void addressSettings(String match, AddressSettings settings) {
        server.getActiveMQServer().getAddressSettingsRepository().addMatch(match, settings);
    }

    /** An anycast queue, as a JMS queue of that name. */
    public void createQueue(String name) throws Exception {
        server.getActiveMQServer().createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST)
                .setAddress(name).setAutoCreateAddress(true).setDurable(true));
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
