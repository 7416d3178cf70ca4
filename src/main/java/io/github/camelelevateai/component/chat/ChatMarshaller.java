package io.github.camelelevateai.component.chat;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import io.github.camelelevateai.component.ChatReadException;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.DeclareChatRequest;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.component.model.LanguageTag;
import org.apache.camel.TypeConverter;

/**
 * Turns whatever a route carries (JSON text, bytes, a stream, a file, a Map, a {@link Chat} or a
 * {@link DeclareChatRequest}) into the exact bytes of a declare request, or a {@link ChatValidationException} that names
 * the field and position at fault.
 * <p>
 * What a body may be, and what becomes of it:
 * <ul>
 * <li>JSON text, bytes, a stream or a file: one JSON object, a chat or a whole declare request. Anything else (an array,
 * a number, {@code null}, two values, nothing) is refused naming what it got. Bytes must be UTF-8 (JSON's encoding
 * between systems, RFC 8259), with or without a byte-order mark; UTF-16 and UTF-32 with a byte-order mark, as Windows
 * tools write them, are read too. A text body may start with a byte-order mark. A raw NUL or other control character is
 * not JSON; written escaped ({@code \u0000}) inside a string it is JSON's own way to carry it, and passes on.</li>
 * <li>A key given twice in one object is refused (the mapper's {@code STRICT_DUPLICATE_DETECTION}): two values for one
 * field are ambiguous, and keeping either would send what the sender may not have meant. The same for
 * {@code participant_id} and {@code participantId} with different values, and for a declare request with
 * {@code participants} or {@code messages} beside its {@code chat}.</li>
 * <li>Numbers longer than 1000 digits, strings longer than 20,000,000 characters and nesting deeper than 1000 levels
 * (Jackson's stream limits) are refused naming the field and position.</li>
 * <li>A Map is read as the JSON it would be written as; one nested more than 1000 levels deep, holding itself, or
 * holding a value with no JSON form (an {@code Instant}, a bean without properties) is refused.</li>
 * <li>A failure to read a stream or file is not the chat's fault: {@link ChatReadException}, and nothing was sent.</li>
 * </ul>
 */
public final class ChatMarshaller {

    /**
     * The only vertical the API documents for a chat: "vertical associated with interaction, will be default" on its
     * "Declare a Chat Interaction" page (shared/API.md, and the scraped page in shared/seeds). The sandbox applies the
     * same rule from the same page, in {@code SandboxRules}.
     */
    public static final String VERTICAL = "default";

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final ObjectReader READER = Json.MAPPER.readerFor(ChatInput.class);
    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(DeclareChatRequest.class);
    private static final int MAX_MAP_DEPTH = Json.MAPPER.getFactory().streamReadConstraints().getMaxNestingDepth();
    /** Far above any chat; only stops a Map whose values share one another from being walked for ever. */
    private static final int MAX_MAP_VALUES = 10_000_000;

    private ChatMarshaller() {
    }

    /**
     * @param overrides per-message settings (headers): win over everything
     * @param defaults  the endpoint's settings: apply where neither the headers nor the body say otherwise
     * @throws ChatValidationException when the API would refuse the chat, naming the field at fault
     * @throws ChatReadException       when the body could not be read at all (a stream or file that failed)
     */
    public static DeclareChatRequest toRequest(
            Object body, TypeConverter converter, ChatSettings overrides, ChatSettings defaults) {
        Body read = read(body, converter);
        if (read.type() != null && !DeclareChatRequest.TYPE_CHAT.equals(read.type())) {
            throw new ChatValidationException("type",
                    Quoted.quote(read.type()) + " is not a chat: declareChat sends type 'chat' only");
        }
        String languageTag = languageTag(overrides, read, defaults);
        String vertical = vertical(overrides, read, defaults);
        Chat chat = ChatValidator.validate(read.chat(), read.chatPath());
        return DeclareChatRequest.of(languageTag, vertical, chat);
    }

    public static byte[] toBytes(DeclareChatRequest request) {
        try {
            return WRITER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated chat could not be written as JSON", e);
        }
    }

    /** Whether the API takes this vertical for a chat (see {@link #VERTICAL}). */
    public static boolean isChatVertical(String vertical) {
        return VERTICAL.equals(vertical);
    }

    private static String languageTag(ChatSettings overrides, Body body, ChatSettings defaults) {
        String field;
        String value;
        if (overrides.languageTag() != null) {
            field = "header " + ElevateAiConstants.LANGUAGE_TAG;
            value = overrides.languageTag();
        } else if (body.languageTag() != null) {
            field = "languageTag";
            value = body.languageTag();
        } else {
            field = "option languageTag";
            value = defaults.languageTag();
        }
        if (!LanguageTag.isChatTag(value)) {
            throw new ChatValidationException(field, Quoted.quote(value)
                    + " is not a language the API supports for chat (supported: en-us, en, es-419)");
        }
        return LanguageTag.normalise(value);
    }

    private static String vertical(ChatSettings overrides, Body body, ChatSettings defaults) {
        String field;
        String value;
        if (overrides.vertical() != null) {
            field = "header " + ElevateAiConstants.VERTICAL;
            value = overrides.vertical();
        } else if (body.vertical() != null) {
            field = "vertical";
            value = body.vertical();
        } else {
            field = "option vertical";
            value = defaults.vertical();
        }
        if (!isChatVertical(value)) {
            throw new ChatValidationException(field, Quoted.quote(value)
                    + " is not a vertical the API takes: its documentation names only '" + VERTICAL + "'");
        }
        return value;
    }

    /** A body as the declare needs it: the chat, and the request's own settings if it is a whole request. */
    private record Body(String type, String languageTag, String vertical, Chat chat, String chatPath) {
    }

    private static Body read(Object body, TypeConverter converter) {
        if (body == null) {
            throw JsonReadProblems.emptyBody();
        } else if (body instanceof Chat chat) {
            return new Body(null, null, null, chat, "");
        } else if (body instanceof DeclareChatRequest request) {
            if (request.chat() == null) {
                throw new ChatValidationException("chat", "is missing: a declare request needs a chat");
            }
            return new Body(request.type(), request.languageTag(), request.vertical(), request.chat(), "chat.");
        } else if (body instanceof Map<?, ?> map) {
            return toBody(readMap(map));
        } else if (body instanceof String text) {
            String json = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
            if (json.isBlank()) {
                throw JsonReadProblems.emptyBody();
            }
            return toBody(parse(json));
        } else if (body instanceof byte[] bytes) {
            return toBody(parse(bytes));
        }
        InputStream stream = toStream(body, converter);
        try {
            return toBody(parse(stream));
        } finally {
            closeQuietly(stream);
        }
    }

    private static Body toBody(ChatInput input) {
        if (input.isWholeRequest() && input.hasChatFieldsBeside()) {
            throw new ChatValidationException("", "body holds a chat and also participants or messages beside it:"
                    + " which of them is the chat is ambiguous, send one");
        }
        if (input.hasNoChat()) {
            throw input.looksLikeRequest()
                    ? new ChatValidationException("chat", "is missing: a declare request needs a chat")
                    : new ChatValidationException("", "body is neither a chat (participants, messages) nor a declare"
                            + " request (type, languageTag, vertical, chat)");
        }
        return new Body(input.type(), input.languageTag(), input.vertical(), input.theChat(), input.chatPath());
    }

    private static ChatInput parse(String json) {
        try (JsonParser parser = READER.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw new IllegalStateException("Reading a string failed", e);
        }
    }

    private static ChatInput parse(byte[] bytes) {
        try {
            StrictUtf8.check(bytes);
        } catch (StrictUtf8.NotUtf8 e) {
            throw notUtf8(e);
        }
        // Jackson detects UTF-16 and UTF-32 and skips a byte-order mark itself
        try (JsonParser parser = READER.createParser(bytes)) {
            return parse(parser);
        } catch (IOException e) {
            throw new IllegalStateException("Reading a byte array failed", e);
        }
    }

    private static ChatInput parse(InputStream in) {
        JsonParser parser = null;
        try {
            parser = READER.createParser(StrictUtf8.checking(in));
            return parse(parser);
        } catch (StrictUtf8.NotUtf8 e) {
            throw notUtf8(e);
        } catch (IOException e) {
            throw new ChatReadException("The chat body could not be read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "): nothing was sent", e);
        } finally {
            closeQuietly(parser);
        }
    }

    /** Once the body is read, a failure to close its source changes nothing about the chat. */
    private static void closeQuietly(AutoCloseable source) {
        if (source != null) {
            try {
                source.close();
            } catch (Exception e) {
                // nothing to do: the body was read, or its failure is already being reported
            }
        }
    }

    /** @throws IOException only when the source itself fails; every problem of the body's content is a validation one */
    private static ChatInput parse(JsonParser parser) throws IOException {
        ChatInput input;
        try {
            input = READER.readValue(parser);
        } catch (JacksonException e) {
            IOException source = sourceFailure(e);
            if (source != null) {
                throw source;
            }
            throw JsonReadProblems.of(e, parser);
        } catch (StrictUtf8.NotUtf8 e) {
            throw e;
        } catch (CharConversionException e) {
            // Jackson's UTF-32 decoder, on bytes whose first ones made it guess UTF-32
            throw new ChatValidationException("", "body is not text: its first bytes make it look like UTF-32, and"
                    + " it is not valid UTF-32 (send the chat as UTF-8)");
        }
        if (input == null) {
            throw new ChatValidationException("", "body must be a JSON object (a chat or a declare request), got null");
        }
        return input;
    }

    /** A failure of the stream itself (or its UTF-8 check), should Jackson have wrapped it in one of its own. */
    private static IOException sourceFailure(JacksonException failure) {
        int depth = 0;
        for (Throwable cause = failure.getCause(); cause != null && depth < 10; cause = cause.getCause(), depth++) {
            if (cause instanceof IOException io && !(cause instanceof JacksonException)) {
                return io;
            }
        }
        return null;
    }

    private static ChatValidationException notUtf8(StrictUtf8.NotUtf8 e) {
        return new ChatValidationException("", "body is not UTF-8 text (line " + e.line() + ", column " + e.column()
                + "): " + e.getMessage() + "; save the chat as UTF-8");
    }

    private static InputStream toStream(Object body, TypeConverter converter) {
        InputStream stream;
        try {
            stream = converter.convertTo(InputStream.class, body);
        } catch (RuntimeException e) {
            IOException io = JsonReadProblems.find(e, IOException.class);
            if (io != null) {
                throw new ChatReadException("The chat body (" + body.getClass().getName() + ") could not be opened ("
                        + io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage())
                        + "): nothing was sent", e);
            }
            throw unreadable(body);
        }
        if (stream == null) {
            throw unreadable(body);
        }
        return stream;
    }

    private static ChatValidationException unreadable(Object body) {
        return new ChatValidationException("", "body of type " + body.getClass().getName()
                + " cannot be read as a chat: send JSON text, bytes, a stream, a file, a Map or a Chat");
    }

    private static ChatInput readMap(Map<?, ?> map) {
        checkMap(map, 1, new int[] { 0 });
        ChatInput input;
        try {
            input = Json.MAPPER.convertValue(map, ChatInput.class);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof InvalidDefinitionException definition && definition.getType() != null) {
                // a value the mapper cannot write as JSON: the failure is on the writing side, its path that of the Map
                String path = JsonReadProblems.path(definition);
                throw new ChatValidationException(path, (path.isEmpty() ? "body holds a " : "is a ")
                        + definition.getType().getRawClass().getName() + ", which has no JSON form: use a string");
            }
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw JsonReadProblems.of(mapping, null);
            }
            throw new ChatValidationException("", "body of type " + map.getClass().getName()
                    + " cannot be read as a chat: " + JsonReadProblems.inOwnWords(e.getMessage()));
        }
        if (input == null) {
            throw JsonReadProblems.emptyBody();
        }
        return input;
    }

    /**
     * Jackson writes a Map recursively and has no depth limit on that side: a Map holding itself, or nested deep enough,
     * would end in a StackOverflowError. Walked here first, bounded in depth and in values.
     */
    private static void checkMap(Object value, int depth, int[] values) {
        if (depth > MAX_MAP_DEPTH) {
            throw new ChatValidationException("", "body is a Map nested more than " + MAX_MAP_DEPTH
                    + " levels deep, or one that holds itself");
        }
        if (++values[0] > MAX_MAP_VALUES) {
            throw new ChatValidationException("", "body is a Map of more than " + MAX_MAP_VALUES + " values");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new ChatValidationException("", "body is a Map with a null key: JSON keys are strings");
                }
                checkMap(entry.getValue(), depth + 1, values);
            }
        } else if (value instanceof Iterable<?> iterable) {
            for (Object element : iterable) {
                checkMap(element, depth + 1, values);
            }
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                checkMap(element, depth + 1, values);
            }
        }
    }

}
