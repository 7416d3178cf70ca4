package io.github.camelelevateai.component.client;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Timeout;

/**
 * An HTTP/1.1 connection for the pool that logs nothing. Apache HttpClient's own pooled connection writes every request
 * header, the API token among them, to its {@code org.apache.hc.client5.http.headers} logger and every byte to
 * {@code org.apache.hc.client5.http.wire} whenever those are at DEBUG; a user turning them on to look at a proxy problem
 * would put the token in their logs. This one has the same behaviour towards the pool and no logger at all.
 */
final class UnloggedConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {

    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = socket -> new UnloggedConnection();

    /** The timeout while a request is under way; an idle connection in the pool waits without one. */
    private volatile Timeout activeSocketTimeout;

    private UnloggedConnection() {
        super(Http1Config.DEFAULT);
    }

    @Override
    public void bind(Socket socket) throws IOException {
        super.bind(socket);
        rememberSocketTimeout(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        super.bind(sslSocket, socket);
        rememberSocketTimeout(sslSocket);
    }

    private void rememberSocketTimeout(Socket socket) throws IOException {
        activeSocketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        super.setSocketTimeout(timeout);
        activeSocketTimeout = timeout;
    }

    @Override
    public Socket getSocket() {
        SocketHolder holder = getSocketHolder();
        return holder == null ? null : holder.getSocket();
    }

    @Override
    public void passivate() {
        super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
        super.setSocketTimeout(activeSocketTimeout);
    }
}
