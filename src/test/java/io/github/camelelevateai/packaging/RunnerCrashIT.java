package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner jar in a JVM of its own, on the file route, killed with SIGKILL at several points of a batch of chats and
 * restarted on the same work folder each time; then every chat is put back in the inbox. Against a sandbox started
 * here, which records every declare: no chat is declared twice, none is lost (each has its result, naming the one
 * identifier the sandbox gave it, or was set aside with a reason), and only chats in flight at a kill are set aside
 * as unknown, at most {@value #CONCURRENCY} a kill. Results and reasons are found by their content, whatever their
 * file names. The kill points are drawn from a seed, printed with every failure; replay with
 * {@code -Dcrash.seed=<seed>} (and {@code -Dcrash.chats} for the batch's size).
 */
class RunnerCrashIT {

    private static final Path JAR = Path.of("target", "camel-elevateai-runner.jar");
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int CHATS = Integer.getInteger("crash.chats", 1_000);
    private static final int CONCURRENCY = 8;
    private static final String TOKEN = "crash-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("\\b[0-9a-f]{64}\\b");

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    /** What happened, in order, for the failure message: the seed and each kill. */
    private final List<String> story = new ArrayList<>();
    private int runs;

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killedAtAnyPointOfABatchAndRestartedEveryChatIsDeclaredOnceAtMostAndNoneIsLost() throws Exception {
        Random random = new Random(SEED);
        story.add("seed " + SEED + " (-Dcrash.seed), " + CHATS + " chats");
        Map<String, String> digests = writeChats();
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(TOKEN, 0)) {
            sandbox.latency(Duration.ofMillis(3)).retain(10 * CHATS);
            List<Set<String>> inFlightAtKills = new ArrayList<>();
            Set<String> unknownBefore = new HashSet<>();
            putChatsInTheInbox();

            // during the first second of declaring
            Process run = start(sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> sandbox.declaredCount() > 0 || !run.isAlive());
            long wait = random.nextInt(1_000);
            run.waitFor(wait, TimeUnit.MILLISECONDS);
            kill(run, "in its first second of declaring (" + wait + " ms after the first declare)", sandbox,
                    inFlightAtKills, unknownBefore);

            // early in a run: the JVM and Camel starting, the store reading (or rewriting) its file, the first chats
            Process starting = start(sandbox);
            long startUp = random.nextInt(3_000);
            starting.waitFor(startUp, TimeUnit.MILLISECONDS);
            kill(starting, startUp + " ms after launch", sandbox, inFlightAtKills, unknownBefore);

            // mid-batch
            int midBatch = CHATS * (35 + random.nextInt(31)) / 100;
            Process busy = start(sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(2))
                    .until(() -> sandbox.declaredCount() >= midBatch || !busy.isAlive());
            kill(busy, "mid-batch (at " + midBatch + " declares)", sandbox, inFlightAtKills, unknownBefore);

            // right after the inbox empties
            Process finishing = start(sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> chatFilesIn(inbox()) == 0 || !finishing.isAlive());
            kill(finishing, "right after the inbox emptied", sandbox, inFlightAtKills, unknownBefore);

            // every chat put back, and a clean stop once they have all left the inbox
            putChatsInTheInbox();
            Process last = start(sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> chatFilesIn(inbox()) == 0 || !last.isAlive());
            last.destroy();
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).as(story()).isTrue();
            assertThat(last.exitValue()).as(story() + "; the last run stops cleanly").isZero();
            story.add("the last run: " + lastLineOf(runs, "Stopped: "));

            checkEveryChat(digests, sandbox, inFlightAtKills);
        }
    }

    /**
     * The runner's own refusal, end to end: a second runner on the same work folder stops at start with status 2,
     * naming the first one's pid, and the first goes on.
     */
    @Test
    void aSecondRunnerOnTheSameWorkFolderRefusesToStartNamingTheFirst() throws Exception {
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(TOKEN, 0)) {
            Process first = start(sandbox);
            // the holder writes its pid in the lock file once it holds it (read from here, another process, safely)
            Path lock = work.resolve("state/declared-chats.txt.lock");
            Awaitility.await().atMost(Duration.ofSeconds(90))
                    .until(() -> Files.exists(lock) && Files.size(lock) > 0 || !first.isAlive());
            Process second = start(sandbox);
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(output(2)).contains("The de-duplication store " + work.resolve("state/declared-chats.txt")
                    + " is in use by another process (pid " + first.pid() + " on host ");
            assertThat(first.isAlive()).isTrue();
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isZero();
        }
    }

    /** Each chat's outcome, by content: at most one declare, and its result or a reason, never neither. */
    private void checkEveryChat(Map<String, String> digests, ElevateAiSandbox sandbox,
            List<Set<String>> inFlightAtKills) throws Exception {
        Map<String, String> nameOfDigest = new HashMap<>();
        digests.forEach((name, digest) -> nameOfDigest.put(digest, name));

        // the sandbox: every request it took (none failed: no fault is scripted), by the digest of its body
        assertThat(sandbox.requestCount()).as(story()).isEqualTo(sandbox.declaredCount());
        Map<String, Integer> declares = new HashMap<>();
        for (RecordedRequest request : sandbox.requests()) {
            String digest = sha256(request.body());
            assertThat(nameOfDigest).as(story() + ": a request for no chat of the batch").containsKey(digest);
            declares.merge(digest, 1, Integer::sum);
        }
        assertThat(declares.values()).as(story() + ": declares of one chat").allMatch(count -> count == 1);

        // results, by content: the source names the chat, the identifier is the sandbox's for that very chat
        Map<String, String> resultOf = new HashMap<>();
        for (Path file : filesIn(work.resolve("outbox"))) {
            JsonNode result = JSON.readTree(file.toFile());
            String source = result.path("source").asText();
            String identifier = result.path("interactionIdentifier").asText();
            assertThat(digests).as(story() + ": the source of " + file.getFileName()).containsKey(source);
            JsonNode declared = sandbox.declared(identifier);
            assertThat(declared).as(story() + ": " + identifier + " in " + file.getFileName()).isNotNull();
            assertThat(declaredChat(sandbox, identifier)).as(story() + ": the chat " + identifier + " was declared for")
                    .isEqualTo(source);
            resultOf.put(source, identifier);
        }

        // reasons, by content: each names the chat's digest (how to release it)
        Map<String, String> reasonOf = new HashMap<>();
        for (Path file : filesIn(inbox())) {
            if (!file.getFileName().toString().endsWith(".error.txt")) {
                continue;
            }
            String reason = Files.readString(file);
            Matcher digest = DIGEST.matcher(reason);
            assertThat(digest.find()).as(story() + ": a reason naming no chat: " + reason).isTrue();
            assertThat(nameOfDigest).as(story()).containsKey(digest.group());
            reasonOf.put(nameOfDigest.get(digest.group()), reason);
        }

        Set<String> inFlightAtAKill = new HashSet<>();
        inFlightAtKills.forEach(inFlightAtAKill::addAll);
        for (Map.Entry<String, String> chat : digests.entrySet()) {
            String name = chat.getKey();
            String digest = chat.getValue();
            String as = story() + ": " + name;
            assertThat(resultOf.containsKey(name) || reasonOf.containsKey(name)).as(as + " is lost").isTrue();
            assertThat(resultOf.containsKey(name) && reasonOf.containsKey(name)).as(as + " has a result and a reason")
                    .isFalse();
            if (reasonOf.containsKey(name)) {
                assertThat(reasonOf.get(name)).as(as).contains("without a known outcome");
                assertThat(inFlightAtAKill).as(as + " is set aside as unknown without being in flight at a kill")
                        .contains(digest);
            } else {
                assertThat(declares.getOrDefault(digest, 0)).as(as + " has a result").isEqualTo(1);
            }
        }
        for (Set<String> inFlight : inFlightAtKills) {
            assertThat(inFlight.size()).as(story() + ": chats in flight at a kill").isLessThanOrEqualTo(CONCURRENCY);
        }
        assertThat(lastLineOf(runs, "Stopped: ")).as(story() + ": the last run's counts")
                .isEqualTo("Stopped: 0 declared, " + resultOf.size() + " already declared, " + reasonOf.size()
                           + " set aside.");
        System.out.println("RunnerCrashIT: " + story() + " " + declares.size() + " chats declared, none twice; "
                           + resultOf.size() + " with their result, " + reasonOf.size() + " set aside as unknown"
                           + " (in flight at a kill), 0 lost.");
    }

    /** The name of the chat the sandbox declared under this identifier (its message says it). */
    private static String declaredChat(ElevateAiSandbox sandbox, String identifier) {
        String content = sandbox.declared(identifier).path("chat").path("messages").path(0).path("content").asText();
        return content.substring(content.lastIndexOf(' ') + 1);
    }

    private void kill(Process process, String when, ElevateAiSandbox sandbox, List<Set<String>> inFlightAtKills,
            Set<String> unknownBefore) throws Exception {
        boolean wasAlive = process.isAlive();
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Set<String> unknown = claimedWithoutResult();
        Set<String> inFlight = new HashSet<>(unknown);
        inFlight.removeAll(unknownBefore);
        unknownBefore.addAll(unknown);
        inFlightAtKills.add(inFlight);
        story.add("run " + runs + " killed " + when + (wasAlive ? "" : " (it had already ended!)") + ": "
                  + sandbox.declaredCount() + " declares so far, " + inFlight.size() + " chats in flight, "
                  + chatFilesIn(inbox()) + " files left in the inbox");
        assertThat(wasAlive).as(story() + "; output: " + output(runs)).isTrue();
    }

    /** The chats the store holds claimed, with no result and not released: in flight when the runner was killed. */
    private Set<String> claimedWithoutResult() throws IOException {
        Path store = work.resolve("state/declared-chats.txt");
        Set<String> claimed = new HashSet<>();
        if (!Files.exists(store)) {
            return claimed;
        }
        for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("@")) {
                continue;
            }
            if (line.startsWith("-")) {
                claimed.remove(line.substring(1).strip());
            } else if (line.strip().length() == 64) {
                claimed.add(line.strip());
            } else {
                claimed.remove(line.substring(0, line.indexOf(' ')));
            }
        }
        return claimed;
    }

    /** Chats written once, outside the inbox; each has a message unique to it, ending with its name. */
    private Map<String, String> writeChats() throws Exception {
        Path chats = Files.createDirectories(work.resolve("chats"));
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < CHATS; i++) {
            String name = String.format("chat-%05d.json", i);
            String chat = "{\"type\": \"chat\", \"languageTag\": \"en-us\", \"vertical\": \"default\", \"chat\": {"
                          + "\"participants\": [{\"participant_id\": \"agent-1\", \"name\": \"Madison\","
                          + " \"role\": \"agent\"},"
                          + " {\"participant_id\": \"cust-1\", \"name\": \"Jordan\", \"role\": \"customer\"}],"
                          + " \"messages\": [{\"participant_id\": \"cust-1\", \"timestamp\": \"2024-03-11T09:02:11Z\","
                          + " \"content\": \"Crash test " + SEED + ", chat " + name + "\"},"
                          + " {\"participant_id\": \"agent-1\", \"timestamp\": \"2024-03-11T09:02:40Z\","
                          + " \"content\": \"Thank you.\"}]}}";
            Files.writeString(chats.resolve(name), chat);
            // what the route claims: the digest of the exact declare request, made by the component's own code
            digests.put(name, sha256(ChatMarshaller.toBytes(ChatMarshaller.toRequest(chat, null, ChatSettings.NONE,
                    ChatSettings.NONE))));
        }
        return digests;
    }

    /** Each chat appears in the inbox whole: written beside it, then moved in. */
    private void putChatsInTheInbox() throws IOException {
        Files.createDirectories(inbox());
        Path staging = Files.createDirectories(work.resolve("staging"));
        for (Path chat : filesIn(work.resolve("chats"))) {
            Path copy = Files.copy(chat, staging.resolve(chat.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.move(copy, inbox().resolve(chat.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Process start(ElevateAiSandbox sandbox) throws IOException {
        assertThat(JAR).as("built by mvn package").exists();
        runs++;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the declaring route alone: its exactly-once under kills is what this test proves
                "-jar", JAR.toAbsolutePath().toString(), "routes/file-to-elevateai.yaml").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ELEVATEAI_"));
        builder.environment().put("ELEVATEAI_API_TOKEN", TOKEN);
        builder.environment().put("ELEVATEAI_BASE_URL", sandbox.baseUrl());
        builder.environment().put("ELEVATEAI_WORK_DIR", work.toString());
        builder.environment().put("ELEVATEAI_CONCURRENCY", String.valueOf(CONCURRENCY));
        builder.environment().put("ELEVATEAI_FILE_MIN_AGE", "1");
        builder.environment().put("ELEVATEAI_FILE_POLL_DELAY", "50");
        // run from the work folder, so that the routes and settings packaged in the jar are the ones used
        builder.directory(work.toFile());
        builder.redirectOutput(work.resolve("out-" + runs + ".txt").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String output(int run) throws IOException {
        Path out = work.resolve("out-" + run + ".txt");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    private String lastLineOf(int run, String prefix) throws IOException {
        return output(run).lines().filter(line -> line.startsWith(prefix)).reduce((a, b) -> b).orElse("(none)");
    }

    private String story() {
        return String.join("; ", story);
    }

    private Path inbox() {
        return work.resolve("inbox");
    }

    private static long chatFilesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).count();
        }
    }

    /**
     * Every file under the folder, however deep: result and reason files are found by content, not by place. Not one
     * under the hidden name a file is written with before it is renamed: a kill can leave one behind, empty or cut
     * short, for a chat that is taken again at the next run (and its reason then named anew).
     */
    private static List<Path> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
