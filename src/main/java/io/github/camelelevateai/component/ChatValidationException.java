package io.github.camelelevateai.component;

/**
 * The chat would be refused by the API, so no request was sent (and no quota spent). The message names the field and
 * its position, for example {@code messages[3].participant_id 'bot-7' is not a participant (known: agent-1, cust-1)}.
 */
public class ChatValidationException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ChatValidationException(String field, String problem) {
        this(field, problem, null);
    }

    public ChatValidationException(String field, String problem, Throwable cause) {
        super(field == null || field.isEmpty() ? problem : field + " " + problem, 0, null, cause);
        this.field = field;
    }

    /** The JSON path of the offending field, such as {@code messages[3].timestamp}; empty for the body as a whole. */
    public String getField() {
        return field;
    }
}
