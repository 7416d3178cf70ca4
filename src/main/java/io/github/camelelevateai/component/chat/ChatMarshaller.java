package io.github.camelelevateai.component.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.DeclareChatRequest;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.component.model.LanguageTag;
import org.apache.camel.TypeConverter;

/**
 * Turns whatever a route carries (JSON text, bytes, a stream, a file, a Map, a {@link Chat} or a
 * {@link DeclareChatRequest}) into the exact bytes of a declare request, or a {@link ChatValidationException} that names
 * the field and position at fault.
 */
public final class ChatMarshaller {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final ObjectReader READER = Json.MAPPER.readerFor(ChatInput.class);
    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(DeclareChatRequest.class);

    private ChatMarshaller() {
    }

    /**
     * @param overrides per-message settings (headers): win over everything
     * @param defaults  the endpoint's settings: apply where neither the headers nor the body say otherwise
     */
    public static DeclareChatRequest toRequest(
            Object body, TypeConverter converter, ChatSettings overrides, ChatSettings defaults) {
        ChatInput input = read(body, converter);
        if (input.isWholeRequest() && input.type() != null && !DeclareChatRequest.TYPE_CHAT.equals(input.type())) {
            throw new ChatValidationException("type",
                    ChatValidator.quote(input.type()) + " is not a chat: declareChat sends type 'chat' only");
        }
        if (!input.isWholeRequest() && input.participants() == null && input.messages() == null) {
            throw new ChatValidationException("",
                    "body is neither a chat (participants, messages) nor a declare request (type, languageTag, vertical, chat)");
        }
        String languageTag = languageTag(overrides, input, defaults);
        String vertical = firstNonNull(overrides.vertical(), input.vertical(), defaults.vertical());
        Chat chat = ChatValidator.validate(input.theChat(), input.chatPath());
        return DeclareChatRequest.of(languageTag, vertical, chat);
    }

    public static byte[] toBytes(DeclareChatRequest request) {
        try {
            return WRITER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated chat could not be written as JSON", e);
        }
    }

    private static String languageTag(ChatSettings overrides, ChatInput input, ChatSettings defaults) {
        String field;
        String value;
        if (overrides.languageTag() != null) {
            field = "header " + ElevateAiConstants.LANGUAGE_TAG;
            value = overrides.languageTag();
        } else if (input.languageTag() != null) {
            field = "languageTag";
            value = input.languageTag();
        } else {
            field = "option languageTag";
            value = defaults.languageTag();
        }
        if (!LanguageTag.isChatTag(value)) {
            throw new ChatValidationException(field, ChatValidator.quote(value)
                    + " is not a language the API supports for chat (supported: en-us, en, es-419)");
        }
        return LanguageTag.normalise(value);
    }

    private static ChatInput read(Object body, TypeConverter converter) {
        try {
            if (body == null) {
                throw empty();
            } else if (body instanceof Chat chat) {
                return ChatInput.ofChat(chat);
            } else if (body instanceof DeclareChatRequest request) {
                return new ChatInput(request.type(), request.languageTag(), request.vertical(), request.chat(), null, null);
            } else if (body instanceof Map<?, ?> map) {
                return Json.MAPPER.convertValue(map, ChatInput.class);
            } else if (body instanceof String text) {
                String json = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
                if (json.isBlank()) {
                    throw empty();
                }
                return READER.readValue(json);
            } else if (body instanceof byte[] bytes) {
                // Jackson detects the encoding and skips a UTF-8 byte-order mark itself
                return READER.readValue(bytes);
            }
            InputStream stream = converter.convertTo(InputStream.class, body);
            if (stream == null) {
                throw new ChatValidationException("", "body of type " + body.getClass().getName()
                        + " cannot be read as a chat: send JSON text, bytes, a stream, a file, a Map or a Chat");
            }
            try (InputStream in = stream) {
                return READER.readValue(in);
            }
        } catch (IllegalArgumentException e) {
            // Map bodies: convertValue wraps the mapping problem
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw describe(mapping);
            }
            throw e;
        } catch (JsonParseException e) {
            throw new ChatValidationException("", "body is not valid JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            throw describe(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the chat body", e);
        }
    }

    private static ChatValidationException describe(JsonMappingException e) {
        String path = path(e);
        if (!path.isEmpty() && String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
            return new ChatValidationException("", "body is not valid JSON" + at(e.getLocation())
                    + ": it ends before " + path + " is closed", e);
        }
        if (path.isEmpty()) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("No content to map")) {
                return empty();
            }
            if (message.startsWith("Trailing token")) {
                return new ChatValidationException("", "body holds more than one JSON value" + at(e.getLocation()), e);
            }
            return new ChatValidationException("", "body must be a JSON object (a chat or a declare request), got "
                    + describe(currentToken(e)), e);
        }
        String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? expected(mismatch.getTargetType()) : "of another type";
        return new ChatValidationException(path, "must be " + expected + ", got " + describe(currentToken(e))
                + at(e.getLocation()), e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        } else if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static JsonToken currentToken(JsonMappingException e) {
        return e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "something else";
        }
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ChatValidationException empty() {
        return new ChatValidationException("", "body is empty: expected a chat as JSON");
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
