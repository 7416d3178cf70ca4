package io.github.camelelevateai.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link ElevateAiSandbox} once for a test class, resets it before each test, and stops it afterwards.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();
 * // ELEVATEAI.sandbox().baseUrl(), ELEVATEAI.sandbox().apiToken()
 * </pre>
 */
public class ElevateAiSandboxExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private ElevateAiSandbox sandbox;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        sandbox = ElevateAiSandbox.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    public ElevateAiSandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("The sandbox runs only while the test class runs");
        }
        return sandbox;
    }
}
