package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The proxy seen from raw sockets: it forwards, then forgets an idle connection as a NAT gateway does, unseen. */
class IdleDroppingProxyTest {

    private static final Duration CUT_OFF = Duration.ofMillis(500);

    private EchoServer echo;
    private IdleDroppingProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = IdleDroppingProxy.to(echo.port(), CUT_OFF);
    }

    @AfterEach
    void stop() {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysAndPassesACloseOnWhileTheConnectionIsInUse() throws Exception {
        try (Socket client = connect()) {
            assertThat(exchange(client, "hello")).isEqualTo("hello");
            assertThat(exchange(client, "again")).isEqualTo("again");

            client.shutdownOutput();
            assertThat(client.getInputStream().read()).as("the server saw the close and closed too").isEqualTo(-1);
        }
        assertThat(echo.received()).isEqualTo("helloagain");
        assertThat(echo.ends()).isEqualTo(1);
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
        assertThat(proxy.blackholedConnections()).isZero();
    }

    @Test
    void whatIsWrittenToAConnectionIdleLongerThanTheCutOffIsLostAndNeitherSideIsTold() throws Exception {
        try (Socket stale = connect()) {
            assertThat(exchange(stale, "hello")).isEqualTo("hello");
            awaitCutOff();

            stale.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
            // the assertion is the wait: within it, neither an answer nor the end of the stream comes
            stale.setSoTimeout(2_000);
            assertThatThrownBy(() -> stale.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(stale.isClosed()).isFalse();
            stale.getOutputStream().write("still open".getBytes(StandardCharsets.US_ASCII));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.discardedBytes() == "late".length() + "still open".length());
            assertThat(echo.received()).isEqualTo("hello");
            assertThat(proxy.blackholedConnections()).isEqualTo(1);

            // a fresh connection is a fresh gateway entry: it forwards
            try (Socket fresh = connect()) {
                assertThat(exchange(fresh, "fresh")).isEqualTo("fresh");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> echo.ends() == 1);
        }
        // the client's close is lost as well: the server's side of the stale connection stays open
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> echo.ends() == 1);
        assertThat(echo.received()).isEqualTo("hellofresh");
        assertThat(proxy.acceptedConnections()).isEqualTo(2);
        assertThat(proxy.blackholedConnections()).isEqualTo(1);
    }

    @Test
    void anAnswerThatComesAfterTheCutOffIsLostToo() throws Exception {
        try (Socket client = connect()) {
            assertThat(exchange(client, "hello")).isEqualTo("hello");
            awaitCutOff();

            echo.sendToAll("unsolicited");
            client.setSoTimeout(2_000);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.blackholedConnections()).isEqualTo(1);
        }
    }

    @Test
    void closingLeavesNoThreadRunningEvenWithForgottenConnectionsOpen() throws Exception {
        Socket stale = connect();
        assertThat(exchange(stale, "hello")).isEqualTo("hello");
        awaitCutOff();
        stale.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.blackholedConnections() == 1);
        String name = proxy.toString();

        proxy.close();
        stale.close();
        assertThat(Thread.getAllStackTraces().keySet()).as(name)
                .noneMatch(thread -> thread.getName().startsWith("idle-dropping-proxy-") && thread.isAlive());
    }

    /** Every connection through the proxy idle for longer than the cut-off. */
    private void awaitCutOff() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxy.quietFor().compareTo(CUT_OFF.plusMillis(100)) > 0);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String exchange(Socket socket, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(sent);
        byte[] answer = socket.getInputStream().readNBytes(sent.length);
        return new String(answer, StandardCharsets.US_ASCII);
    }

    /** Sends back what it gets, and notes what it got and how many of its connections the client closed. */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final StringBuffer received = new StringBuffer();
        private final AtomicInteger ends = new AtomicInteger();
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            daemon(this::acceptLoop);
        }

        int port() {
            return listener.getLocalPort();
        }

        String received() {
            return received.toString();
        }

        int ends() {
            return ends.get();
        }

        void sendToAll(String text) throws IOException {
            for (Socket connection : connections) {
                connection.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
                for (Socket connection : connections) {
                    connection.close();
                }
                for (Thread thread : threads) {
                    thread.join(5_000);
                }
            } catch (IOException e) {
                // closing is all that is wanted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket connection = listener.accept();
                    connections.add(connection);
                    daemon(() -> echo(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket connection) {
            byte[] buffer = new byte[1024];
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    received.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                    out.write(buffer, 0, read);
                }
                ends.incrementAndGet();
            } catch (IOException e) {
                // closed by close()
            }
        }

        private void daemon(Runnable task) {
            Thread thread = new Thread(task, "echo-server");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }
}
