package io.github.camelelevateai.runner;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * An ActiveMQ Artemis broker in this JVM, on loopback, for the JMS route when no broker is configured (the runner) and
 * for the tests. Messages are journaled under the given folder, so a restart of the runner loses none.
 */
public final class EmbeddedArtemis implements AutoCloseable {

    /** Where the broker puts a message it gave up redelivering after a rollback. */
    public static final String BROKER_DEAD_LETTERS = "DLQ";
    private static final String ROLE = "clients";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String url;

    /** @param user null for a broker that checks no permissions */
    private EmbeddedArtemis(Path dataDirectory, int port, String user, String password) throws Exception {
        this.url = "tcp://127.0.0.1:" + port;
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setSecurityEnabled(user != null)
                .addAcceptorConfiguration("tcp", url);
        if (user != null) {
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(user, password);
            users.addRole(user, ROLE);
            server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            configuration.putSecurityRoles("#", Set.of(role(true)));
        }
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
        return new EmbeddedArtemis(dataDirectory, portToUse(port), null, null);
    }

    /**
     * A broker that checks permissions: this one user may do everything, until {@link #refuseSends(String)} takes
     * sending away (tests make a queue refuse a transaction's sends, which the broker reports only at commit).
     */
    public static EmbeddedArtemis startWithUser(Path dataDirectory, int port, String user, String password)
            throws Exception {
        return new EmbeddedArtemis(dataDirectory, portToUse(port), user, password);
    }

    private static int portToUse(int port) throws IOException {
        if (port == 0) {
            return freePort();
        }
        ensureFree(port);
        return port;
    }

    /** Sends to this address are refused from now on, by a broker started {@link #startWithUser with a user}. */
    public void refuseSends(String address) {
        server.getActiveMQServer().getSecurityRepository().addMatch(address, Set.of(role(false)));
    }

    /** Undoes {@link #refuseSends(String)}. */
    public void allowSends(String address) {
        server.getActiveMQServer().getSecurityRepository().removeMatch(address);
    }

    private static Role role(boolean send) {
        // send, consume, create/delete durable and non-durable queues, manage, browse, create/delete address, view, edit
        return new Role(ROLE, send, true, true, true, true, true, false, true, true, true, false, false);
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

    /** Messages on this queue not yet acknowledged (waiting, scheduled for redelivery, or being delivered). */
    public long messageCount(String queue) {
        Queue found = server.getActiveMQServer().locateQueue(queue);
        return found == null ? 0 : found.getMessageCount();
    }

    public String url() {
        return url;
    }

    /**
     * Stops the broker the way Artemis stops itself on a critical I/O error, as close to a crash as a broker in this JVM
     * gets: client connections dropped without a word, the journal not shut down cleanly. A broker started on the same
     * folder afterwards recovers what was committed.
     */
    public void crash() {
        ((ActiveMQServerImpl) server.getActiveMQServer()).stop(false, true, false);
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
