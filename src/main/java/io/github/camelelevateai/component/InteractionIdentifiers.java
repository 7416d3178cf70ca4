package io.github.camelelevateai.component;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.client.DeclaredInteraction;
import io.github.camelelevateai.component.model.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Finds the interaction an exchange is about: the header {@link ElevateAiConstants#INTERACTION_IDENTIFIER} wins; else
 * the body, as the identifier itself (text, bytes, a file) or as a declare's result (JSON or a Map with
 * {@code interactionIdentifier}, such as the file route's outbox files). It goes into the request's path, so it must
 * be one path segment of letters, digits, {@code -} and {@code _} (the API's identifiers are UUIDs): anything else is
 * refused before any request.
 */
final class InteractionIdentifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String FIELD = "interactionIdentifier";
    private static final int SHOWN = 60;

    private InteractionIdentifiers() {
    }

    static String of(Exchange exchange) {
        Message message = exchange.getMessage();
        Object header = message.getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER);
        if (header != null) {
            return checked(header.toString(), "header " + ElevateAiConstants.INTERACTION_IDENTIFIER);
        }
        Object body = message.getBody();
        if (body == null) {
            throw new InteractionIdentifierException("No interaction identifier: set the header "
                    + ElevateAiConstants.INTERACTION_IDENTIFIER + ", or send the identifier (or a declare's result"
                    + " with " + FIELD + ") as the body; nothing was sent");
        }
        if (body instanceof DeclaredInteraction declared) {
            return checked(declared.interactionIdentifier(), "body");
        }
        if (body instanceof Map<?, ?> map) {
            Object value = map.get(FIELD);
            if (!(value instanceof String text)) {
                throw new InteractionIdentifierException("The body is a Map without a text " + FIELD
                        + ": nothing was sent");
            }
            return checked(text, "body's " + FIELD);
        }
        String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        if (text == null) {
            throw new InteractionIdentifierException("The body (" + body.getClass().getName() + ") is not an"
                    + " interaction identifier, nor a declare's result: nothing was sent");
        }
        String trimmed = text.strip();
        return trimmed.startsWith("{") ? fromJson(trimmed) : checked(trimmed, "body");
    }

    private static String fromJson(String json) {
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(json).get(FIELD);
        } catch (JsonProcessingException e) {
            throw new InteractionIdentifierException("The body looks like JSON but is not ("
                    + Quoted.escape(e.getOriginalMessage()) + "): expected a declare's result with " + FIELD
                    + "; nothing was sent");
        }
        if (value == null || !value.isTextual()) {
            throw new InteractionIdentifierException("The body's JSON has no text " + FIELD + ": nothing was sent");
        }
        return checked(value.textValue(), "body's " + FIELD);
    }

    private static String checked(String identifier, String where) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new InteractionIdentifierException("The interaction identifier in the " + where + ", "
                    + Quoted.quote(identifier, SHOWN) + ", is not one: expected 1 to 128 letters, digits, '-' or '_'"
                    + " (the API's identifiers are UUIDs); nothing was sent");
        }
        return identifier;
    }
}
