package io.github.camelelevateai.runner;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;

/** The settings every route test starts the runner with: the sandbox, a work folder of its own, short waits. */
final class RouteTestProperties {

    private RouteTestProperties() {
    }

    static Map<String, String> against(ElevateAiSandbox sandbox, Path work) {
        return new HashMap<>(Map.of(
                "camel.component.elevateai.baseUrl", sandbox.baseUrl(),
                "camel.component.elevateai.apiToken", sandbox.apiToken(),
                "camel.component.elevateai.retryBackoff", "20",
                "elevateai.work.dir", work.toString(),
                "elevateai.redelivery.delay", "20"));
    }
}
