package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.camelelevateai.component.ElevateAiComponent;
import io.github.camelelevateai.component.ElevateAiConfiguration;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The main job: declares every chat file ({@code *.json}) under a folder, {@code examples} by default, and says what
 * became of each. Without {@code ELEVATEAI_API_TOKEN} it declares against the embedded sandbox, so nothing leaves the
 * machine; with it, against {@code ELEVATEAI_BASE_URL} or the real API.
 */
public final class ElevateAiRunner {

    static final String LOG_CONFIGURATION = "io/github/camelelevateai/runner/log4j2-runner.properties";
    static final String BASE_URL_VARIABLE = "ELEVATEAI_BASE_URL";

    private final PrintStream out;

    ElevateAiRunner(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
        Path folder = Path.of(args.length > 0 ? args[0] : "examples");
        if (!Files.isDirectory(folder)) {
            System.err.println("No such folder: " + folder.toAbsolutePath());
            System.exit(2);
        }
        new ElevateAiRunner(System.out).run(folder);
    }

    /** @return how many chats were set aside */
    int run(Path folder) throws Exception {
        ElevateAiComponent component = new ElevateAiComponent();
        ElevateAiSandbox sandbox = null;
        if (isBlank(System.getenv(ElevateAiConfiguration.API_TOKEN_VARIABLE))) {
            sandbox = ElevateAiSandbox.start();
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            component.getConfiguration().setApiToken(sandbox.apiToken());
            out.println("No " + ElevateAiConfiguration.API_TOKEN_VARIABLE + " set: declaring against the embedded"
                        + " ElevateAI sandbox at " + sandbox.baseUrl() + " (nothing leaves this machine).");
        } else {
            // the component reads the token from the environment itself, so it never passes through a property
            String baseUrl = System.getenv(BASE_URL_VARIABLE);
            if (!isBlank(baseUrl)) {
                component.getConfiguration().setBaseUrl(baseUrl);
            }
            out.println("Declaring against " + component.getConfiguration().getBaseUrl()
                        + " with the token from " + ElevateAiConfiguration.API_TOKEN_VARIABLE + ".");
        }
        Main main = new Main();
        main.bind("elevateai", component);
        main.start();
        try {
            return declareAll(main.getCamelContext().createProducerTemplate(), folder);
        } finally {
            main.stop();
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private int declareAll(ProducerTemplate template, Path folder) throws IOException {
        List<Path> chats;
        try (Stream<Path> files = Files.walk(folder)) {
            chats = files.filter(file -> file.toString().endsWith(".json") && Files.isRegularFile(file)).sorted()
                    .toList();
        }
        int declared = 0;
        int setAside = 0;
        for (Path chat : chats) {
            Exchange result = template.send("elevateai:declareChat", e -> e.getMessage().setBody(chat.toFile()));
            Exception failure = result.getException();
            if (failure == null) {
                declared++;
                out.println("declared   " + folder.relativize(chat) + " as " + result.getMessage().getBody(String.class));
            } else {
                setAside++;
                out.println("set aside  " + folder.relativize(chat) + ": " + describe(failure));
            }
        }
        out.println(declared + " declared, " + setAside + " set aside, of " + chats.size() + " chat files in "
                    + folder + ".");
        return setAside;
    }

    private static String describe(Exception failure) {
        return failure instanceof ElevateAiException ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
