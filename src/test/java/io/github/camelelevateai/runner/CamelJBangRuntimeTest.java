package io.github.camelelevateai.runner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.apache.camel.main.KameletMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The route files run the way Camel JBang's {@code camel run routes/file-to-elevateai.yaml routes/elevateai-declare.yaml
 * examples/file-to-elevateai/application.properties} runs them: by Camel's KameletMain, with this jar on the classpath
 * and nothing of the runner. JBang itself cannot be had on the build machine; KameletMain is what it hands the files to.
 */
class CamelJBangRuntimeTest {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    @TempDir
    Path work;

    @Test
    void kameletMainRunsTheFileRouteAsItIs() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Files.writeString(inbox.resolve("chat.json"), FileRouteTest.chat("Jordan"), StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("broken.json"), "{\"participants\": []", StandardCharsets.UTF_8);

        // the instance type Camel JBang gives it
        KameletMain main = new KameletMain("camel.jbang");
        // everything is on the test classpath; JBang would download what the files need
        main.setDownload(false);
        main.configure().withRoutesIncludePattern("file:routes/file-to-elevateai.yaml,file:routes/elevateai-declare.yaml");
        main.setPropertyPlaceholderLocations("file:examples/file-to-elevateai/application.properties");
        RouteTestProperties.against(ELEVATEAI.sandbox(), work).forEach(main::addOverrideProperty);
        main.addOverrideProperty("elevateai.file.min.age", "1");
        main.start();
        try {
            // the reason file is written after it appears: wait for its words, not for its name
            await().atMost(Duration.ofSeconds(60)).until(() -> RouteFiles.all(inbox.resolve(".done"), "chat", ".*json").size() == 1
                    && RouteFiles.all(inbox.resolve(".error"), "broken", ".*error\\.txt").size() == 1
                    && Files.size(RouteFiles.reason(inbox.resolve(".error"), "broken")) > 0);
            String identifier = new ObjectMapper().readTree(RouteFiles.result(work.resolve("outbox"), "chat").toFile())
                    .path("interactionIdentifier").asText();
            assertThat(ELEVATEAI.sandbox().declared(identifier)).isNotNull();
            assertThat(Files.readString(RouteFiles.reason(inbox.resolve(".error"), "broken"))).startsWith("The chat is not valid");
            assertThat(ELEVATEAI.sandbox().requestCount()).isEqualTo(1);
        } finally {
            main.stop();
        }
    }
}
