package io.github.camelelevateai.component;

/**
 * The chat would be refused by the API, so no request was sent (and no quota spent). The message names the field and
 * its position, for example {@code messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)}.
 * <p>
 * The message goes into reasons and log lines as it is, so it is built here to be safe there whatever the input held:
 * on one line ({@link Quoted#escape(String)}, also applied to the field, whose path can hold the body's own key names)
 * and bounded in length.
 */
public class ChatValidationException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    /** Values are cut where they are quoted; this only bounds a message that quotes many of them. */
    static final int MAX_MESSAGE = 2_000;

    private final String field;

    public ChatValidationException(String field, String problem) {
        this(field, problem, null);
    }

    public ChatValidationException(String field, String problem, Throwable cause) {
        super(message(field, problem), 0, null, cause);
        this.field = field == null ? "" : Quoted.escape(field);
    }

    private static String message(String field, String problem) {
        String message = Quoted.escape(field == null || field.isEmpty() ? problem : field + " " + problem);
        if (message.length() <= MAX_MESSAGE) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
        return message.substring(0, end) + "…";
    }

    /** The JSON path of the offending field, such as {@code messages[3].timestamp}; empty for the body as a whole. */
    public String getField() {
        return field;
    }
}
