package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.camelelevateai.component.LogCapture;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** routes/sftp-to-elevateai.yaml, the very file, through the runner, against a real embedded SFTP server (MINA SSHD). */
class SftpRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final String USER = "elevateai";
    private static final String PASSWORD = "sftp-secret";

    @TempDir
    Path work;

    private SshServer server;
    private KeyPair clientKey;
    private final AtomicInteger sessions = new AtomicInteger();
    private ElevateAiRunner runner;

    @BeforeEach
    void startServer() throws Exception {
        Files.createDirectories(remote().resolve("chats"));
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(work.resolve("host-key.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(remote()));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        server.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (runner != null) {
            runner.stop();
        }
        server.stop(true);
    }

    @Test
    void withAPasswordDeclaresEachChatOnceAndSetsTheBrokenOneAsideOnTheServer() throws Exception {
        for (int i = 0; i < 20; i++) {
            upload("chat-" + i + ".json", FileRouteTest.chat("customer " + i));
        }
        upload("broken.json", "{\"participants\": []}");
        start(Map.of("elevateai.sftp.password", PASSWORD), knownHosts(serverKey()));

        await().atMost(Duration.ofSeconds(60)).until(() -> count(remote().resolve("chats/.done")) == 20
                                                           && count(remote().resolve("chats/.error")) == 2);
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(20);
        assertThat(count(work.resolve("outbox"))).isEqualTo(20);
        assertThat(Files.readString(RouteFiles.result(work.resolve("outbox"), "chat-3")))
                .contains("\"source\":\"sftp://127.0.0.1:" + server.getPort() + "/chats/chat-3.json\"");
        assertThat(Files.readString(RouteFiles.reason(remote().resolve("chats/.error"), "broken")))
                .startsWith("The chat is not valid, so it was not sent: participants is empty");
        assertThat(count(remote().resolve("chats"))).as("only .done and .error are left").isEqualTo(2);
    }

    @Test
    void theSameNameInTwoFoldersGivesTwoResultsInOneOutbox() throws Exception {
        Files.createDirectories(remote().resolve("east"));
        Files.createDirectories(remote().resolve("west"));
        Files.writeString(remote().resolve("east/export.2024-03-11.json"), FileRouteTest.chat("Jordan"));
        Files.writeString(remote().resolve("west/export.2024-03-11.json"), FileRouteTest.chat("Alex"));
        Path outbox = work.resolve("shared-outbox");
        ElevateAiRunner west = null;
        try {
            for (String folder : List.of("east", "west")) {
                Map<String, String> properties = RouteTestProperties.against(ELEVATEAI.sandbox(), work.resolve(folder));
                properties.putAll(Map.of(
                        "elevateai.sftp.host", "127.0.0.1",
                        "elevateai.sftp.port", String.valueOf(server.getPort()),
                        "elevateai.sftp.user", USER,
                        "elevateai.sftp.password", PASSWORD,
                        "elevateai.sftp.folder", folder,
                        "elevateai.sftp.outbox", outbox.toString(),
                        "elevateai.sftp.known.hosts", knownHosts(serverKey()).toString(),
                        "elevateai.sftp.min.age", "1",
                        "elevateai.sftp.poll.delay", "100"));
                ElevateAiRunner started = new ElevateAiRunner(System.out);
                started.start(List.of("routes/sftp-to-elevateai.yaml"), properties);
                if (folder.equals("east")) {
                    runner = started;
                } else {
                    west = started;
                }
            }
            // by their names: a result is written under a hidden name first, which a count of the folder would take in
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> RouteFiles.all(outbox, "export.2024-03-11", ".*\\.interaction\\.json").size() == 2);
        } finally {
            if (west != null) {
                west.stop();
            }
        }
        assertThat(RouteFiles.all(outbox, "export.2024-03-11", ".*\\.interaction\\.json"))
                .extracting(file -> Files.readString(file)).hasSize(2)
                .anyMatch(result -> result.contains("/east/export.2024-03-11.json"))
                .anyMatch(result -> result.contains("/west/export.2024-03-11.json"));
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(2);
    }

    @Test
    void withAPrivateKeyLogsInWithoutAPassword() throws Exception {
        Path key = work.resolve("id_rsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "elevateai", null, out);
        }
        upload("chat.json", FileRouteTest.chat("Jordan"));
        start(Map.of("elevateai.sftp.private.key", key.toString()), knownHosts(serverKey()));

        await().atMost(Duration.ofSeconds(60)).until(() -> count(remote().resolve("chats/.done")) == 1);
        assertThat(ELEVATEAI.sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void aServerWhoseHostKeyIsUnknownIsRefusedAndItsChatsAreLeftAlone() throws Exception {
        upload("chat.json", FileRouteTest.chat("Jordan"));
        PublicKey someoneElse = KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048).getPublic();
        try (LogCapture log = new LogCapture()) {
            start(Map.of("elevateai.sftp.password", PASSWORD, "elevateai.sftp.warn.every", "1000"),
                    knownHosts(someoneElse));

            // the route has tried (and refused the server) a few times, and said so plainly more than once
            await().atMost(Duration.ofSeconds(60)).until(() -> sessions.get() >= 4 && log.lines().stream()
                    .filter(line -> line.startsWith("WARN io.github.camelelevateai.routes cannot poll sftp://")).count() >= 2);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN io.github.camelelevateai.routes cannot poll"))
                    .allMatch(line -> line.contains("reject HostKey"));
            assertThat(log.lines()).as("said once, plainly, not by Camel at every poll")
                    .noneMatch(line -> line.contains("Failed polling endpoint"));
        }
        assertThat(remote().resolve("chats/chat.json")).exists();
        assertThat(remote().resolve("chats/.done")).doesNotExist();
        assertThat(ELEVATEAI.sandbox().requestCount()).isZero();
    }

    private void start(Map<String, String> sftp, Path knownHosts) throws Exception {
        Map<String, String> properties = RouteTestProperties.against(ELEVATEAI.sandbox(), work);
        properties.putAll(Map.of(
                "elevateai.sftp.host", "127.0.0.1",
                "elevateai.sftp.port", String.valueOf(server.getPort()),
                "elevateai.sftp.user", USER,
                "elevateai.sftp.known.hosts", knownHosts.toString(),
                "elevateai.sftp.min.age", "1",
                "elevateai.sftp.poll.delay", "100"));
        properties.putAll(sftp);
        runner = new ElevateAiRunner(System.out);
        runner.start(List.of("routes/sftp-to-elevateai.yaml"), properties);
    }

    private PublicKey serverKey() throws Exception {
        return server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    }

    private Path knownHosts(PublicKey hostKey) throws IOException {
        return Files.writeString(work.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    private Path remote() {
        return work.resolve("sftp-root");
    }

    private void upload(String name, String content) throws IOException {
        Inbox.drop(remote().resolve("chats"), name, content);
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
