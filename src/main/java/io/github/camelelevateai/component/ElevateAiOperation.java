package io.github.camelelevateai.component;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an {@code elevateai:} endpoint does; the rest of the API joins here as it is built. */
public enum ElevateAiOperation {

    /** {@code POST /interactions} with {@code type: chat}: declares a chat and answers its interactionIdentifier. */
    declareChat,

    /**
     * Checks the chat and turns it into the exact declare request that {@code declareChat} would send, without sending
     * it: nothing leaves the machine and no quota is spent. A route uses it to key de-duplication on what would be
     * declared.
     */
    validateChat;

    /** Accepts {@code declareChat}, {@code declare-chat} and {@code DECLARE_CHAT}; says which exist when none fits. */
    public static ElevateAiOperation fromValue(String value) {
        String wanted = normalise(value);
        return Arrays.stream(values())
                .filter(operation -> normalise(operation.name()).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown elevateai operation '" + value
                        + "': valid operations are " + Arrays.stream(values()).map(Enum::name)
                                .collect(Collectors.joining(", "))));
    }

    private static String normalise(String value) {
        return value == null ? "" : value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
