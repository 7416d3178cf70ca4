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
                                                + " after a declare). The interaction operations read it (it wins over"
                                                + " the body) and set it.",
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

    @Metadata(label = "producer", description = "getStatus: the interaction's status as the API spelled it (declared,"
                                                + " pendingProcessing, processing, processed, processingFailed, ...).",
              javaType = "String")
    public static final String PROCESSING_STATUS = "CamelElevateAiProcessingStatus";

    @Metadata(label = "producer", description = "getStatus: true once processing has ended, with results (processed)"
                                                + " or without (a failed status).",
              javaType = "Boolean")
    public static final String PROCESSING_TERMINAL = "CamelElevateAiProcessingTerminal";

    @Metadata(label = "producer", description = "getStatus: true when the answer is that of a status request made less"
                                                + " than 5 s before for the same interaction, and no request was sent"
                                                + " (the API asks for no more than one poll every 5 s).",
              javaType = "Boolean")
    public static final String STATUS_FROM_EARLIER_REQUEST = "CamelElevateAiStatusFromEarlierRequest";

    /**
     * Exchange property (not a header, so it never leaves the route): true once any declare attempt of this exchange may
     * have declared the chat (it succeeded, or ended with an unknown outcome, or failed in a way that cannot be told).
     * It never goes back to false, so a route that redelivers or releases on it can never send a chat twice.
     */
    public static final String MAYBE_DECLARED = "CamelElevateAiMaybeDeclared";

    private ElevateAiConstants() {
    }
}
