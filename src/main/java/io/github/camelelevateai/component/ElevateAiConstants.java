package io.github.camelelevateai.component;

import org.apache.camel.spi.Metadata;

/** The message headers {@code elevateai:} reads and writes. */
public final class ElevateAiConstants {

    @Metadata(label = "producer", description = "Overrides the languageTag for this message: en-us, en or es-419.",
              javaType = "String")
    public static final String LANGUAGE_TAG = "CamelElevateAiLanguageTag";

    @Metadata(label = "producer", description = "Overrides the vertical for this message.", javaType = "String")
    public static final String VERTICAL = "CamelElevateAiVertical";

    @Metadata(label = "producer", description = "The interactionIdentifier the API gave the declared chat (also the body"
                                                + " after a declare).",
              javaType = "String")
    public static final String INTERACTION_IDENTIFIER = "CamelElevateAiInteractionIdentifier";

    @Metadata(label = "producer", description = "The HTTP status of the API's answer.", javaType = "Integer")
    public static final String HTTP_STATUS = "CamelElevateAiHttpStatus";

    @Metadata(label = "producer", description = "How many times the component retried the call by itself (429s and"
                                                + " connections that failed before the request was sent).",
              javaType = "Integer")
    public static final String RETRIES = "CamelElevateAiRetries";

    @Metadata(label = "producer", description = "The SHA-256 (hex) of the declare request's bytes as sent: the same chat"
                                                + " with the same languageTag and vertical always gives the same digest."
                                                + " Set by validateChat and declareChat.",
              javaType = "String")
    public static final String REQUEST_DIGEST = "CamelElevateAiRequestDigest";

    /**
     * Exchange property (not a header, so it never leaves the route): true once any declare attempt of this exchange may
     * have declared the chat (it succeeded, or ended with an unknown outcome, or failed in a way that cannot be told).
     * It never goes back to false, so a route that redelivers or releases on it can never send a chat twice.
     */
    public static final String MAYBE_DECLARED = "CamelElevateAiMaybeDeclared";

    private ElevateAiConstants() {
    }
}
