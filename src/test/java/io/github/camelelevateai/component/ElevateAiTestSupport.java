package io.github.camelelevateai.component;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import io.github.camelelevateai.sandbox.ElevateAiSandboxExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A CamelContext whose {@code elevateai} component talks to a real sandbox over loopback HTTP. */
abstract class ElevateAiTestSupport extends CamelTestSupport {

    @RegisterExtension
    static final ElevateAiSandboxExtension ELEVATEAI = new ElevateAiSandboxExtension();

    protected ElevateAiSandbox sandbox() {
        return ELEVATEAI.sandbox();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        ElevateAiComponent component = new ElevateAiComponent();
        ElevateAiConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(sandbox().baseUrl());
        configuration.setApiToken(sandbox().apiToken());
        // keep retry waits short; the policy itself is what is under test
        configuration.setRetryBackoff(10);
        configuration.setMaxRetryDelay(2_000);
        context.addComponent("elevateai", component);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                from("direct:declare").to("elevateai:declareChat");
                moreRoutes(this);
            }
        };
    }

    /** Routes a test adds beside {@code direct:declare}. */
    protected void moreRoutes(RouteBuilder routes) throws Exception {
    }

    protected Exchange declare(Object body) {
        return declare(body, Map.of());
    }

    protected Exchange declare(Object body, Map<String, Object> headers) {
        return template.send("direct:declare", exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    /** The body of the last request the sandbox received, parsed. */
    protected JsonNode lastRequestBody() throws Exception {
        var requests = sandbox().requests();
        return Json.MAPPER.readTree(requests.get(requests.size() - 1).body());
    }

    static String chatJson() {
        return """
                {"participants": [
                   {"participant_id": "agent-1", "name": "Madison", "role": "agent"},
                   {"participant_id": "cust-1", "name": "Developer", "role": "customer"}],
                 "messages": [
                   {"participant_id": "agent-1", "timestamp": "2022-07-04T14:25:15Z", "content": "We hope this documentation is useful!"},
                   {"participant_id": "cust-1", "timestamp": "2022-07-04T14:26:45Z", "content": "It is, thank you!"}]}
                """;
    }
}
