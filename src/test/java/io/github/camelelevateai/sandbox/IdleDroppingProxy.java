package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that behaves as a NAT gateway or a load balancer in front of an API does: it forwards bytes
 * both ways, and forgets a connection that has carried no byte either way for longer than its idle cut-off. What
 * arrives on a forgotten connection, from either side, is read and thrown away, and neither side is told: no FIN, no
 * RST, both sockets stay open until the proxy closes. A client that writes a request to such a connection waits for an
 * answer that never comes, and the server never sees the request.
 * <p>
 * The cut-off is checked when bytes arrive, which is when a real gateway finds its entry gone; a connection nobody
 * uses again is never counted. Threads are daemons, two per connection plus one accepting; {@link #close()} closes
 * every socket and waits for them to end.
 *
 * <pre>
 * try (IdleDroppingProxy proxy = IdleDroppingProxy.inFrontOf(sandbox, Duration.ofSeconds(2))) {
 *     // camel.component.elevateai.baseUrl = proxy.baseUrl()
 * }
 * </pre>
 */
public final class IdleDroppingProxy implements AutoCloseable {

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final String scheme;
    private final String path;
    private final int targetPort;
    private final long cutOffNanos;
    private final ServerSocket listener;
    private final String name;
    private final Thread acceptor;
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger blackholed = new AtomicInteger();
    private final AtomicLong discardedBytes = new AtomicLong();
    private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
    private volatile boolean closed;

    private IdleDroppingProxy(String scheme, String path, int targetPort, Duration idleCutOff) throws IOException {
        this.scheme = scheme;
        this.path = path;
        this.targetPort = targetPort;
        this.cutOffNanos = idleCutOff.toNanos();
        this.name = "idle-dropping-proxy-" + PROXIES.incrementAndGet();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = daemon(name + "-accept", this::acceptLoop);
        acceptor.start();
    }

    /** A proxy to a loopback port: {@link #baseUrl()} is then {@code http://127.0.0.1:<port>}. */
    public static IdleDroppingProxy to(int loopbackPort, Duration idleCutOff) throws IOException {
        return new IdleDroppingProxy("http", "", loopbackPort, idleCutOff);
    }

    /** A proxy to the sandbox: {@link #baseUrl()} is the sandbox's base URL through the proxy. */
    public static IdleDroppingProxy inFrontOf(ElevateAiSandbox sandbox, Duration idleCutOff) throws IOException {
        String sandboxUrl = sandbox.baseUrl();
        String scheme = sandboxUrl.substring(0, sandboxUrl.indexOf(':'));
        String path = sandboxUrl.substring(sandboxUrl.indexOf('/', scheme.length() + 3));
        return new IdleDroppingProxy(scheme, path, sandbox.port(), idleCutOff);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Where a client reaches the target through the proxy. */
    public String baseUrl() {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** Connections accepted from clients since the proxy started. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Connections on which data arrived after the idle cut-off and was thrown away: each a request, or an answer, lost.
     * A plain close is not data; over TLS a client's close_notify is, so there a connection closed late counts too.
     */
    public int blackholedConnections() {
        return blackholed.get();
    }

    public long discardedBytes() {
        return discardedBytes.get();
    }

    /**
     * How long no byte (nor a close) has arrived on any connection: once longer than the cut-off, every connection
     * open through the proxy is forgotten, and the next byte written to one of them is lost.
     */
    public Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastArrival.get());
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        try {
            // once the acceptor has ended, no socket or thread is added: the sweep below gets them all
            acceptor.join(5_000);
            sockets.forEach(IdleDroppingProxy::closeQuietly);
            for (Thread pump : pumps) {
                pump.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "IdleDroppingProxy[" + baseUrl() + " -> " + targetPort + ", " + accepted + " accepted, " + blackholed
               + " blackholed]";
    }

    private void acceptLoop() {
        int count = 0;
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                // the listener closed
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            Socket server = new Socket();
            sockets.add(server);
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException e) {
                // as a gateway whose target refuses: the client's connection is closed
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            Connection connection = new Connection(client, server);
            count++;
            for (Thread pump : List.of(daemon(name + "-" + count + "-up", () -> connection.pump(client, server)),
                    daemon(name + "-" + count + "-down", () -> connection.pump(server, client)))) {
                pumps.add(pump);
                pump.start();
            }
        }
    }

    private static Thread daemon(String threadName, Runnable task) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that is wanted
        }
    }

    /** One client connection and the proxy's own connection to the target, with the gateway's memory of them. */
    private final class Connection {

        private final Socket client;
        private final Socket server;
        private long lastByte = System.nanoTime();
        private boolean forgotten;
        private boolean dataLost;
        private int pumpsEnded;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int read = in.read(buffer);
                    if (!arrived(read)) {
                        if (read < 0) {
                            // a close on a forgotten connection is lost like the rest: the other side is not told
                            return;
                        }
                        continue;
                    }
                    if (read < 0) {
                        to.shutdownOutput();
                        ended(false);
                        return;
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // a reset, or the proxy closing: passed on as a close, unless the connection is forgotten
                ended(true);
            }
        }

        /** @return whether what arrived (bytes, or the end of the stream) is passed on */
        private synchronized boolean arrived(int read) {
            long now = System.nanoTime();
            lastArrival.set(now);
            if (!forgotten && now - lastByte > cutOffNanos) {
                forgotten = true;
            }
            if (forgotten) {
                if (read > 0) {
                    discardedBytes.addAndGet(read);
                    if (!dataLost) {
                        dataLost = true;
                        blackholed.incrementAndGet();
                    }
                }
                return false;
            }
            lastByte = now;
            return true;
        }

        private synchronized void ended(boolean abruptly) {
            if (forgotten) {
                return;
            }
            if (abruptly || ++pumpsEnded == 2) {
                closeQuietly(client);
                closeQuietly(server);
                sockets.remove(client);
                sockets.remove(server);
            }
        }
    }
}
