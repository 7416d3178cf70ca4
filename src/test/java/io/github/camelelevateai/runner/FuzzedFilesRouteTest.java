package io.github.camelelevateai.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.camelelevateai.component.BadChats;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file route on seeded bad chats ({@link BadChats}, the component fuzz test's generator) under odd file names: no
 * request, no crash or hang, every file set aside in .error beside a reason, no ERROR line.
 */
class FuzzedFilesRouteTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    private static final long SEED = Long.getLong("elevateai.fuzz.seed", new Random().nextLong());
    private static final int COUNT = Integer.getInteger("elevateai.fuzz.files", 300);
    private static final String[] ODD_NAMES = { "with space", "dots.in.the.name", "-leading-dash", "ünïcödé", "tab\tin",
        "quote'in", "percent%20", "semi;colon", "a".repeat(180) };

    @TempDir
    Path work;

    private ElevateAiRunner runner;

    @AfterEach
    void stopRunner() throws Exception {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void everyBadFileIsSetAsideWithAReasonAndNothingIsSent() throws Exception {
        String replay = "seed " + SEED + " (replay with -Delevateai.fuzz.seed=" + SEED + ")";
        Random random = new Random(SEED);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        List<String> stems = new ArrayList<>();
        for (int i = 0; stems.size() < COUNT; i++) {
            byte[] bytes = BadChats.asFileBytes(BadChats.generate(random, i));
            if (bytes == null) {
                continue;
            }
            String stem = ODD_NAMES[i % ODD_NAMES.length] + "-" + i;
            Path written = Files.write(work.resolve(stem + ".part"), bytes);
            Files.move(written, inbox.resolve(stem + ".json"));
            stems.add(stem);
        }

        List<String> errors;
        try (RouteLog capture = RouteLog.errors()) {
            errors = capture.lines();
            Map<String, String> properties = RouteTestProperties.against(ELEVATEAI.sandbox(), work);
            properties.putAll(Map.of("elevateai.file.min.age", "1", "elevateai.file.poll.delay", "50"));
            runner = new ElevateAiRunner(System.out);
            runner.start(List.of("routes/file-to-elevateai.yaml"), properties);
            // a chat is counted when it is set aside; its file moves once its exchange completes, a moment later
            await().atMost(Duration.ofSeconds(120 + COUNT / 5))
                    .until(() -> runner.outcomes() != null && runner.outcomes().setAsideCount() == COUNT
                                 && stems.stream().noneMatch(stem -> Files.exists(inbox.resolve(stem + ".json"))));
        }

        Path error = inbox.resolve(".error");
        for (String stem : stems) {
            assertThat(inbox.resolve(stem + ".json")).as(stem + ", " + replay).doesNotExist();
            assertThat(RouteFiles.kept(error, stem)).as(stem + ", " + replay).exists();
            assertThat(Files.readString(RouteFiles.reason(error, stem))).as(stem + ", " + replay)
                    .startsWith("The chat is not valid, so it was not sent: ").doesNotContain("\n", "may have been");
        }
        assertThat(ELEVATEAI.sandbox().requestCount()).as(replay).isZero();
        assertThat(runner.outcomes().summary()).as(replay).isEqualTo("0 declared, 0 already declared, " + COUNT
                + " set aside");
        assertThat(errors).as("ERROR lines, " + replay).isEmpty();
        System.out.println("FuzzedFilesRouteTest: " + COUNT + " bad files set aside with a reason, none sent (" + replay
                           + ")");
    }
}
