package io.github.camelelevateai.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * STOMP 1.2 over a plain socket, frames written by hand: a producer as one in any language would be, with no JMS
 * client in between (Artemis gives a message sent over STOMP no JMSMessageID). Just enough for the tests.
 */
final class StompClient implements AutoCloseable {

    record Frame(String command, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int receipts;

    /** @param brokerUrl the broker's tcp://host:port, whose acceptor speaks STOMP beside its own protocol */
    StompClient(String brokerUrl, String login, String passcode) throws IOException {
        URI uri = URI.create(brokerUrl);
        socket = new Socket(InetAddress.getLoopbackAddress(), uri.getPort());
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept-version", "1.2");
        headers.put("host", "localhost");
        headers.put("login", login);
        headers.put("passcode", passcode);
        write("CONNECT", headers, "");
        expect("CONNECTED", receive(Duration.ofSeconds(10)));
    }

    /** Sends a text message to an anycast queue, and waits for the broker to take it. */
    void send(String queue, Map<String, String> headers, String body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("destination", queue);
        all.put("destination-type", "ANYCAST");
        String receipt = "sent-" + ++receipts;
        all.put("receipt", receipt);
        write("SEND", all, body);
        Frame answer = receive(Duration.ofSeconds(10));
        expect("RECEIPT", answer);
        if (!receipt.equals(answer.headers().get("receipt-id"))) {
            throw new IOException("receipt for another frame: " + answer);
        }
    }

    void subscribe(String queue) throws IOException {
        write("SUBSCRIBE", Map.of("destination", queue, "subscription-type", "ANYCAST", "id", queue, "ack", "auto"), "");
    }

    /** The next frame, or null if none came in time. */
    Frame receive(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            String command;
            do {
                command = readLine();
            } while (command.isEmpty()); // heart-beats
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                // the first of a repeated header wins (STOMP 1.2)
                headers.putIfAbsent(unescape(line.substring(0, colon)), unescape(line.substring(colon + 1)));
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = read(); b != 0; b = read()) {
                body.write(b);
            }
            return new Frame(command, headers, body.toString(StandardCharsets.UTF_8));
        } catch (SocketTimeoutException nothing) {
            return null;
        }
    }

    private void write(String command, Map<String, String> headers, String body) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> frame.append(escape(name)).append(':').append(escape(value)).append('\n'));
        frame.append('\n').append(body).append('\0');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(); b != '\n'; b = read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("the broker closed the STOMP connection");
        }
        return b;
    }

    private static void expect(String command, Frame frame) throws IOException {
        if (frame == null || !command.equals(frame.command())) {
            throw new IOException("expected " + command + ", got " + frame);
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
    }

    private static String unescape(String text) {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                plain.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'c' -> ':';
                    default -> next;
                });
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            write("DISCONNECT", Map.of(), "");
        } finally {
            socket.close();
        }
    }
}
