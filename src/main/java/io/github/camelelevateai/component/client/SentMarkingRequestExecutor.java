package io.github.camelelevateai.component.client;

import java.io.IOException;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Marks the request's context at the moment its first byte is about to be written to an open connection. A failure
 * before that mark (no free connection, a refused or timed-out connect, DNS, a failed TLS handshake or proxy tunnel, an
 * interrupt while waiting) provably sent nothing, whatever its exception type; any failure after it may have reached
 * the API. A proxy's CONNECT goes through here too and is not the request.
 */
final class SentMarkingRequestExecutor extends HttpRequestExecutor {

    private static final String WRITE_STARTED = SentMarkingRequestExecutor.class.getName() + ".writeStarted";

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection connection,
            HttpResponseInformationCallback informationCallback, HttpContext context) throws IOException, HttpException {
        if (!Method.CONNECT.isSame(request.getMethod())) {
            context.setAttribute(WRITE_STARTED, Boolean.TRUE);
        }
        return super.execute(request, connection, informationCallback, context);
    }

    static boolean writeStarted(HttpContext context) {
        return context.getAttribute(WRITE_STARTED) != null;
    }
}
