package io.github.camelelevateai.component.chat;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.model.Json;

/**
 * What Jackson reports about a body, as a {@link ChatValidationException} a person can act on: the field whose value
 * has the wrong type, or the line and column where the text stops being JSON, in plain words. Jackson's own messages
 * name its internals ({@code [Source: REDACTED (`StreamReadFeature...`)}, "start marker at", feature names to enable)
 * and quote the input raw, so they are never passed on as they are: the usual cases are worded here, and anything else
 * is cut before its first internal part and escaped.
 */
final class JsonReadProblems {

    private static final StreamReadConstraints LIMITS = Json.MAPPER.getFactory().streamReadConstraints();
    private static final Pattern CHARACTER_CODE = Pattern.compile("\\(code (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("'(.*?)'");
    /** Where Jackson's message turns to its internals: its source description, a feature to enable, a class. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\s*(\\(start marker at|\\[Source|at \\[Source|\\(through reference chain|\\(to avoid|[:;]? ?enable `|`|\\(from `).*",
            Pattern.DOTALL);
    private static final int MAX_WORDS = 200;
    private static final int MAX_PATH = 200;
    private static final int MAX_NAME = 100;

    private JsonReadProblems() {
    }

    static ChatValidationException emptyBody() {
        return new ChatValidationException("", "body is empty: expected a chat as JSON");
    }

    /**
     * @param parser the parser that read the body, for where it stopped and in which field; null when there was none
     *               (a Map body)
     */
    static ChatValidationException of(JacksonException failure, JsonParser parser) {
        StreamConstraintsException limit = find(failure, StreamConstraintsException.class);
        if (limit != null) {
            return beyondLimit(limit, parser);
        }
        StreamReadException syntax = find(failure, StreamReadException.class);
        if (syntax != null) {
            return notJson(syntax, parser);
        }
        if (failure instanceof JsonMappingException mapping) {
            return wrongShape(mapping, parser);
        }
        return new ChatValidationException("", "body is not valid JSON" + at(location(failure, parser)) + ": "
                + inOwnWords(failure.getOriginalMessage()));
    }

    /** The JSON is well-formed, but a value has a type the chat does not allow there. */
    private static ChatValidationException wrongShape(JsonMappingException failure, JsonParser parser) {
        String path = path(failure);
        String message = String.valueOf(failure.getOriginalMessage());
        String where = at(failure.getLocation());
        if (message.startsWith("No content to map")) {
            return emptyBody();
        }
        if (message.contains("end-of-input")) {
            return new ChatValidationException("", "body is not valid JSON" + where + ": it ends before "
                    + (path.isEmpty() ? "it is complete" : path + " is closed"));
        }
        JsonToken token = token(failure, parser);
        if (path.isEmpty()) {
            if (message.startsWith("Trailing token")) {
                return new ChatValidationException("", "body holds more than one JSON value" + where);
            }
            return new ChatValidationException("", "body must be a JSON object (a chat or a declare request), got "
                    + describe(token) + where);
        }
        String expected = failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? expected(mismatch.getTargetType()) : "of another type";
        return new ChatValidationException(path, "must be " + expected + ", got " + describe(token) + where);
    }

    /** Valid JSON, but beyond what the reader takes: numbers, strings or nesting longer than its limits. */
    private static ChatValidationException beyondLimit(StreamConstraintsException failure, JsonParser parser) {
        String message = String.valueOf(failure.getOriginalMessage());
        String where = at(parser == null ? null : parser.currentLocation());
        String path = contextPath(parser);
        if (message.startsWith("Number value length")) {
            return valueTooLong(path, "a number of more than " + LIMITS.getMaxNumberLength() + " digits", where);
        } else if (message.startsWith("String value length")) {
            return valueTooLong(path, "a string of more than " + LIMITS.getMaxStringLength() + " characters", where);
        } else if (message.contains("nesting depth")) {
            return new ChatValidationException("", "body is nested more than " + LIMITS.getMaxNestingDepth()
                    + " levels deep" + where);
        } else if (message.startsWith("Name length")) {
            return new ChatValidationException("", "body holds a field name of more than "
                    + LIMITS.getMaxNameLength() + " characters" + where);
        } else if (message.startsWith("Document length")) {
            return new ChatValidationException("", "body is longer than " + LIMITS.getMaxDocumentLength()
                    + " characters");
        }
        return new ChatValidationException("", "body is beyond what the JSON reader takes" + where + ": "
                + inOwnWords(message));
    }

    private static ChatValidationException valueTooLong(String path, String what, String where) {
        return path.isEmpty() ? new ChatValidationException("", "body is " + what + where)
                : new ChatValidationException(path, "is " + what + where);
    }

    private static ChatValidationException notJson(StreamReadException failure, JsonParser parser) {
        String message = String.valueOf(failure.getOriginalMessage());
        String where = at(failure.getLocation() != null ? failure.getLocation() : location(failure, parser));
        if (message.startsWith("Duplicate field '")) {
            String path = contextPath(parser);
            return new ChatValidationException(path.isEmpty() ? name(quoted(message)) : path,
                    "is given twice in one object" + where + ": two values for one field are ambiguous, keep one");
        }
        return new ChatValidationException("", "body is not valid JSON" + where + ": " + inWords(failure, message,
                parser));
    }

    private static String inWords(StreamReadException failure, String message, JsonParser parser) {
        if (failure instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            String inside = containerPath(parser);
            return "it ends before " + unclosed(message) + (inside.isEmpty() ? "" : " (inside " + inside + ")");
        } else if (message.startsWith("Illegal unquoted character")) {
            String code = codePoint(message);
            return "a control character (" + code + ") inside a string: write it escaped, as \\u" + code.substring(2);
        } else if (message.startsWith("Illegal character")) {
            return "a control character (" + codePoint(message) + ") between values";
        } else if (message.startsWith("Unexpected character")) {
            return "unexpected character " + character(message) + where(message);
        } else if (message.startsWith("Unrecognized token")) {
            return "unexpected word " + Quoted.quote(quoted(message), 40) + ": text needs double quotes, and the only"
                    + " bare words are true, false and null";
        } else if (message.startsWith("Unrecognized character escape")) {
            return "an unknown escape \\" + Quoted.escape(quoted(message)) + " inside a string";
        } else if (message.startsWith("Non-standard token")) {
            return Quoted.quote(quoted(message), 40) + " is not a JSON value";
        } else if (message.contains("Leading zeroes")) {
            return "a number with a leading zero";
        } else if (message.contains("numeric value")) {
            return "a malformed number";
        } else if (message.startsWith("Invalid UTF-8")) {
            return "bytes that are not UTF-8 text";
        } else if (message.startsWith("Unexpected close marker")) {
            return "a closing bracket that does not match the open one";
        }
        return inOwnWords(message);
    }

    private static String unclosed(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("close marker for object")) {
            return "an object is closed";
        } else if (lower.contains("close marker for array")) {
            return "an array is closed";
        } else if (lower.contains("closing quote")) {
            return "a string is closed";
        } else if (lower.contains("field name")) {
            return "a field name is closed";
        }
        return "it is complete";
    }

    private static String where(String message) {
        if (message.contains("double-quote to start field name")) {
            return " where a field name in double quotes should start";
        } else if (message.contains("colon to separate field name and value")) {
            return " where a colon should follow a field name";
        } else if (message.contains("comma to separate Object entries")) {
            return " where a comma or } should be";
        } else if (message.contains("comma to separate Array entries")) {
            return " where a comma or ] should be";
        } else if (message.contains("expected a valid value") || message.contains("expected a value")) {
            return " where a value should be";
        } else if (message.contains("comment")) {
            return " (comments are not part of JSON)";
        }
        return "";
    }

    /** The character Jackson names by its code: shown as itself when printable ASCII, else as U+XXXX. */
    private static String character(String message) {
        Matcher code = CHARACTER_CODE.matcher(message);
        if (!code.find()) {
            return "";
        }
        int c = Integer.parseInt(code.group(1));
        return c > 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    private static String codePoint(String message) {
        Matcher code = CHARACTER_CODE.matcher(message);
        return code.find() ? String.format("U+%04X", Integer.parseInt(code.group(1))) : "U+0000";
    }

    private static String quoted(String message) {
        Matcher quoted = QUOTED.matcher(message);
        return quoted.find() ? quoted.group(1) : "";
    }

    /** A message of Jackson's not worded here: up to its first internal part, escaped and short. */
    static String inOwnWords(String message) {
        String plain = INTERNALS.matcher(String.valueOf(message)).replaceFirst("").strip();
        if (plain.endsWith(":") || plain.endsWith(",")) {
            plain = plain.substring(0, plain.length() - 1);
        }
        String escaped = Quoted.escape(plain);
        return escaped.length() <= MAX_WORDS ? escaped : escaped.substring(0, MAX_WORDS) + "…";
    }

    /** The field the parser was in, such as {@code chat.messages[3].content}. */
    private static String contextPath(JsonParser parser) {
        return parser == null ? "" : path(parser.getParsingContext());
    }

    /** The object or array the parser was in, such as {@code chat.messages[3]}. */
    private static String containerPath(JsonParser parser) {
        if (parser == null) {
            return "";
        }
        JsonStreamContext context = parser.getParsingContext();
        return context.inObject() ? path(context.getParent()) : path(context);
    }

    private static String path(JsonStreamContext innermost) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = innermost; context != null; context = context.getParent()) {
            if (context.inArray()) {
                path.insert(0, "[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.inObject() && context.getCurrentName() != null) {
                path.insert(0, (context.getParent() != null && !context.getParent().inRoot() ? "." : "")
                        + name(context.getCurrentName()));
            }
        }
        return shortPath(path);
    }

    /** The field a mapping failure names, such as {@code messages[0].content}. */
    static String path(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(name(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return shortPath(path);
    }

    private static String shortPath(CharSequence path) {
        return path.length() <= MAX_PATH ? path.toString() : path.subSequence(0, MAX_PATH) + "…";
    }

    /** A key of the body, as a path names it: escaped and short, since it is the sender's text. */
    private static String name(String key) {
        String escaped = Quoted.escape(key);
        return escaped.length() <= MAX_NAME ? escaped : escaped.substring(0, MAX_NAME) + "…";
    }

    private static JsonLocation location(JacksonException failure, JsonParser parser) {
        if (failure.getLocation() != null) {
            return failure.getLocation();
        }
        return parser == null ? null : parser.currentLocation();
    }

    static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static JsonToken token(JsonMappingException failure, JsonParser parser) {
        if (failure.getProcessor() instanceof JsonParser processor) {
            return processor.currentToken();
        }
        return parser == null ? null : parser.currentToken();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        } else if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    static String describe(JsonToken token) {
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

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 10; cause = cause.getCause(), depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
