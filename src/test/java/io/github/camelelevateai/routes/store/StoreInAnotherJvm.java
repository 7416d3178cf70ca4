package io.github.camelelevateai.routes.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;

/**
 * A JDBC store opened by {@link DeclareStores} in a JVM of its own, as another instance would be: with its own default
 * time zone, which the PostgreSQL driver gives its database sessions (a URL setting cannot: the driver's own time zone
 * parameter overrides it). Driven through the child's standard input, one command a line, one answer a line.
 */
public final class StoreInAnotherJvm extends ServiceSupport implements DeclareStore {

    private static final long ANSWER_SECONDS = 120;

    private final String url;
    private final long unfinishedAfterMillis;
    private final String timeZone;
    private Process process;
    private Writer commands;
    private BufferedReader answers;
    private Path errors;

    public StoreInAnotherJvm(String url, long unfinishedAfterMillis, String timeZone) {
        this.url = url;
        this.unfinishedAfterMillis = unfinishedAfterMillis;
        this.timeZone = timeZone;
    }

    @Override
    protected void doStart() throws IOException {
        errors = Files.createTempFile("store-in-another-jvm", ".err");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.timezone=" + timeZone, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                StoreInAnotherJvm.class.getName(), url, String.valueOf(unfinishedAfterMillis))
                .redirectError(errors.toFile())
                .start();
        commands = process.outputWriter(StandardCharsets.UTF_8);
        answers = process.inputReader(StandardCharsets.UTF_8);
        expect("started", answer());
    }

    @Override
    protected void doStop() throws Exception {
        if (process != null) {
            ask("stop");
            process.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS);
            process.destroy();
            process = null;
        }
    }

    /** {@code CURRENT_TIMESTAMP} as text, from a database session of the child's: its offset shows its time zone. */
    public String sessionNow() {
        return ask("now");
    }

    @Override
    public boolean claim(String digest) {
        return Boolean.parseBoolean(ask("claim " + digest));
    }

    @Override
    public void declared(String digest, String result) {
        expect("ok", ask("declared " + digest + " " + result));
    }

    @Override
    public void outcomeUnknown(String digest) {
        expect("ok", ask("outcomeUnknown " + digest));
    }

    @Override
    public void released(String digest) {
        expect("ok", ask("released " + digest));
    }

    @Override
    public DeclareRecord read(String digest) {
        return new DeclareRecord(DeclareState.valueOf(ask("read " + digest)), null);
    }

    @Override
    public String howToRelease(String digest) {
        return ask("howToRelease " + digest);
    }

    private String ask(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the other JVM does not listen: " + errorsTail(), e);
        }
        return answer();
    }

    private String answer() {
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (line == null || line.startsWith("error ")) {
                throw new IllegalStateException("the other JVM answered " + line + "; its errors: " + errorsTail());
            }
            return line;
        } catch (Exception e) {
            throw e instanceof IllegalStateException failure ? failure
                    : new IllegalStateException("no answer from the other JVM: " + errorsTail(), e);
        }
    }

    private void expect(String expected, String answer) {
        if (!expected.equals(answer)) {
            throw new IllegalStateException("the other JVM answered " + answer + " instead of " + expected);
        }
    }

    private String errorsTail() {
        try {
            String text = Files.readString(errors);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The child: {@code <url> <unfinishedAfterMillis>}, then commands on standard input. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DeclareStore store = DeclareStores.open(args[0], "", "", Long.parseLong(args[1]), "");
        try {
            store.start();
        } catch (RuntimeException e) {
            out.println("error " + oneLine(e));
            return;
        }
        out.println("started");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String[] words = line.split(" ", 3);
            try {
                out.println(switch (words[0]) {
                    case "claim" -> String.valueOf(store.claim(words[1]));
                    case "declared" -> done(() -> store.declared(words[1], words[2]));
                    case "outcomeUnknown" -> done(() -> store.outcomeUnknown(words[1]));
                    case "released" -> done(() -> store.released(words[1]));
                    case "read" -> store.read(words[1]).state().name();
                    case "howToRelease" -> store.howToRelease(words[1]);
                    case "now" -> sessionNow(args[0]);
                    case "stop" -> done(store::stop);
                    default -> "error unknown command " + words[0];
                });
            } catch (RuntimeException | SQLException e) {
                out.println("error " + oneLine(e));
            }
            if ("stop".equals(words[0])) {
                return;
            }
        }
    }

    private static String done(Runnable transition) {
        transition.run();
        return "ok";
    }

    private static String sessionNow(String url) throws SQLException {
        try (Connection db = DriverManager.getConnection(url);
             Statement sql = db.createStatement();
             ResultSet now = sql.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            now.next();
            return now.getString(1);
        }
    }

    private static String oneLine(Exception e) {
        return String.valueOf(e).replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public String toString() {
        return "StoreInAnotherJvm[" + timeZone + "]";
    }
}
