package io.github.camelelevateai.component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.github.camelelevateai.component.model.Json;


/**
 * Bad chats of every kind the fuzz tests send, generated from a seeded {@link Random}: truncated, binary, not UTF-8,
 * raw control characters, huge numbers, deep nesting, arrays and other non-objects, null, duplicate keys, out-of-range
 * timestamps, control characters in values, 5 MB strings, wrong types and bad values, as text, bytes, streams or Maps.
 */
public final class BadChats {

    /** Cases of this kind are costly (a 5 MB body each), so they come at fixed places rather than by chance. */
    public static final int FIVE_MB_EVERY = 500;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRING_FIELDS = { "participant_id", "name", "role", "timestamp", "content" };
    private static final char[] UNSAFE = { '\n', '\r', '\t', '\u0000', '\u0001', '\u001B', '\u007F', '\u0085', '\u2028',
        '\u2029', '\u202E', '\u2066', '\u061C', '\uD800' };
    private static final byte[][] NOT_UTF8 = { { (byte) 0x80 }, { (byte) 0xBF }, { (byte) 0xC0, (byte) 0x80 },
        { (byte) 0xC1, (byte) 0xBF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xE0, (byte) 0x80, (byte) 0x80 },
        { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xF5 }, { (byte) 0xFE }, { (byte) 0xFF },
        { (byte) 0xC3 }, { (byte) 0xE2, (byte) 0x82 }, { (byte) 0xEB } };

    private static final String FIVE_MB = "x".repeat(5 * 1024 * 1024);

    public enum Kind {
        TRUNCATED, BINARY, NOT_UTF8, RAW_CONTROL_CHARACTER, HUGE_NUMBER, DEEP_NESTING, NOT_AN_OBJECT, NULL,
        DUPLICATE_KEY, TIMESTAMP_OUT_OF_RANGE, CONTROL_CHARACTERS_IN_VALUES, FIVE_MB_STRING, WRONG_TYPE, BAD_VALUE
    }

    private static final Kind[] CHEAP = Arrays.stream(Kind.values())
            .filter(kind -> kind != Kind.FIVE_MB_STRING).toArray(Kind[]::new);

    /** One generated input: what it is, for the failure message, and the body sent. */
    public record Case(Kind kind, String what, Object body) {
    }

    private BadChats() {
    }

    public static Case generate(Random random, int index) {
        if (index % FIVE_MB_EVERY == 1) {
            return fiveMbString(random);
        }
        Kind kind = CHEAP[random.nextInt(CHEAP.length)];
        return switch (kind) {
            case TRUNCATED -> truncated(random);
            case BINARY -> binary(random);
            case NOT_UTF8 -> notUtf8(random);
            case RAW_CONTROL_CHARACTER -> rawControlCharacter(random);
            case HUGE_NUMBER -> hugeNumber(random);
            case DEEP_NESTING -> deepNesting(random);
            case NOT_AN_OBJECT -> notAnObject(random);
            case NULL -> nullWhereAValueMustBe(random);
            case DUPLICATE_KEY -> duplicateKey(random);
            case TIMESTAMP_OUT_OF_RANGE -> timestampOutOfRange(random);
            case CONTROL_CHARACTERS_IN_VALUES -> controlCharactersInValues(random);
            case FIVE_MB_STRING -> fiveMbString(random);
            case WRONG_TYPE -> wrongType(random);
            case BAD_VALUE -> badValue(random);
        };
    }

    // ---- the kinds of bad input -------------------------------------------------------------------------------

    private static Case truncated(Random random) {
        String json = text(validRequest(random));
        int cut = random.nextInt(json.length());
        return asText(random, Kind.TRUNCATED, "cut at " + cut + " of " + json.length(), json.substring(0, cut));
    }

    private static Case binary(Random random) {
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 0) {
            bytes[0] = '{';
        }
        return asBytes(random, Kind.BINARY, bytes.length + " random bytes", bytes);
    }

    private static Case notUtf8(Random random) {
        byte[] valid = text(validRequest(random)).getBytes(StandardCharsets.UTF_8);
        byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
        int at = random.nextInt(valid.length + 1);
        byte[] bytes = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, bytes, 0, at);
        System.arraycopy(bad, 0, bytes, at, bad.length);
        System.arraycopy(valid, at, bytes, at + bad.length, valid.length - at);
        return asBytes(random, Kind.NOT_UTF8, "byte " + Integer.toHexString(bad[0] & 0xFF) + " at " + at, bytes);
    }

    private static Case rawControlCharacter(Random random) {
        String json = text(validRequest(random));
        int at = random.nextInt(json.length() + 1);
        char control = random.nextInt(4) == 0 ? '\u0000' : (char) (1 + random.nextInt(8));
        return asText(random, Kind.RAW_CONTROL_CHARACTER, "U+" + Integer.toHexString(control) + " at " + at,
                json.substring(0, at) + control + json.substring(at));
    }

    private static Case hugeNumber(Random random) {
        ObjectNode request = validRequest(random);
        String digits = (random.nextBoolean() ? "-" : "") + "9".repeat(1_001 + random.nextInt(4_000))
                        + (random.nextBoolean() ? "" : ".5e7");
        if (random.nextBoolean()) {
            // in place of a string: wrong type and too long at once
            ObjectNode holder = randomEntry(random, chatOf(request));
            holder.putRawValue(STRING_FIELDS[random.nextInt(STRING_FIELDS.length)],
                    new RawValue(digits));
        } else {
            // where it would be dropped as unknown, were it readable
            randomObject(random, request).putRawValue("score", new RawValue(digits));
        }
        return asText(random, Kind.HUGE_NUMBER, digits.length() + " digits", text(request));
    }

    private static Case deepNesting(Random random) {
        ObjectNode request = validRequest(random);
        int depth = 1_001 + random.nextInt(4_000);
        boolean arrays = random.nextBoolean();
        String deep = arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        randomObject(random, request).putRawValue("extra", new RawValue(deep));
        if (random.nextInt(5) == 0) {
            Object nested = "leaf";
            for (int i = 0; i < depth; i++) {
                nested = arrays ? List.of(nested) : Map.of("a", nested);
            }
            Map<String, Object> map = map(validRequest(random));
            map.put("extra", nested);
            return new Case(Kind.DEEP_NESTING, "a Map nested " + depth + " deep", map);
        }
        return asText(random, Kind.DEEP_NESTING, depth + " levels of " + (arrays ? "arrays" : "objects"), text(request));
    }

    private static Case notAnObject(Random random) {
        String chat = text(validRequest(random));
        String[] values = { "[" + chat + "]", "[]", "[" + chat + "," + chat + "]", "42", "-1.5e300", "\"" + chat.replace(
            "\"", "\\\"") + "\"", "true", "false", "[null]", chat + " " + chat, chat + " 1", "{}", "{\"chat\": {}}" };
        int pick = random.nextInt(values.length + 3);
        if (pick == values.length) {
            return new Case(Kind.NOT_AN_OBJECT, "a List", List.of(map(validRequest(random))));
        } else if (pick == values.length + 1) {
            return new Case(Kind.NOT_AN_OBJECT, "an Integer", random.nextInt());
        } else if (pick == values.length + 2) {
            return new Case(Kind.NOT_AN_OBJECT, "an Object", new Object());
        }
        return asText(random, Kind.NOT_AN_OBJECT, "value " + pick, values[pick]);
    }

    private static Case nullWhereAValueMustBe(Random random) {
        if (random.nextInt(6) == 0) {
            return asText(random, Kind.NULL, "the body", random.nextBoolean() ? "null" : " \n null \t");
        }
        ObjectNode request = validRequest(random);
        ObjectNode chat = chatOf(request);
        String what;
        switch (random.nextInt(5)) {
            case 0 -> {
                what = random.nextBoolean() ? "participants" : "messages";
                chat.putNull(what);
            }
            case 1 -> {
                ArrayNode list = (ArrayNode) chat.get(random.nextBoolean() ? "participants" : "messages");
                int at = random.nextInt(list.size());
                list.set(at, NODES.nullNode());
                what = "an element";
            }
            case 2 -> {
                what = "participant_id";
                randomEntry(random, chat).putNull(what);
            }
            case 3 -> {
                String[] required = { "name", "timestamp", "content" };
                what = required[random.nextInt(required.length)];
                ((ObjectNode) (what.equals("name") ? chat.get("participants") : chat.get("messages")).get(0)).putNull(what);
            }
            default -> {
                what = "chat";
                request.removeAll();
                request.put("type", "chat").putNull("chat");
            }
        }
        return asTextOrMap(random, Kind.NULL, what + " null", request);
    }

    /** Keys appear in compact JSON as {@code "key":}; the copy goes before the first, in the same object. */
    private static Case duplicateKey(Random random) {
        ObjectNode request = validRequest(random);
        if (random.nextInt(4) == 0) {
            // the two spellings of an id, with different values: one field given twice
            ObjectNode entry = randomEntry(random, chatOf(request));
            entry.put("participantId", entry.get("participant_id").asText() + "-other");
            return asTextOrMap(random, Kind.DUPLICATE_KEY, "participant_id and participantId", request);
        }
        String json = text(request);
        String[] keys = { "participants", "messages", "participant_id", "name", "role", "timestamp", "content", "type",
            "languageTag", "vertical", "chat" };
        String key;
        int at;
        do {
            key = keys[random.nextInt(keys.length)];
            at = json.indexOf("\"" + key + "\":");
        } while (at < 0);
        String[] values = { "\"x\"", "1", "null", "[]", "{}", "\"" + key + "\"" };
        String copy = "\"" + key + "\":" + values[random.nextInt(values.length)] + ",";
        return asText(random, Kind.DUPLICATE_KEY, key + " twice", json.substring(0, at) + copy + json.substring(at));
    }

    private static Case timestampOutOfRange(Random random) {
        int hours = 1 + random.nextInt(18);
        int minutes = random.nextInt(hours * 60);
        String timestamp = switch (random.nextInt(7)) {
            // late on 31 December 9999 at a negative offset: in the year 10000 in UTC
            case 0 -> String.format("9999-12-31T%s-%02d:00", clock(24 * 60 - 1 - minutes, random), hours);
            // early on 1 January 0001 at a positive offset: in the year 0 in UTC
            case 1 -> String.format("0001-01-01T%s+%02d:00", clock(minutes, random), hours);
            case 2 -> "0000-" + dayAndTime(random) + "Z";
            case 3 -> "+10000-" + dayAndTime(random) + "Z";
            case 4 -> "-0001-" + dayAndTime(random) + (random.nextBoolean() ? "Z" : "+01:00");
            case 5 -> (10_000 + random.nextInt(90_000)) + "-" + dayAndTime(random) + "Z";
            default -> "+00" + (1_000 + random.nextInt(9_000)) + "-" + dayAndTime(random) + "Z";
        };
        ObjectNode request = validRequest(random);
        ArrayNode messages = (ArrayNode) chatOf(request).get("messages");
        ((ObjectNode) messages.get(random.nextInt(messages.size()))).put("timestamp", timestamp);
        return asTextOrMap(random, Kind.TIMESTAMP_OUT_OF_RANGE, timestamp, request);
    }

    private static Case controlCharactersInValues(Random random) {
        ObjectNode request = validRequest(random);
        ObjectNode chat = chatOf(request);
        String unsafe = unsafeText(random);
        String what;
        switch (random.nextInt(6)) {
            case 0 -> {
                // a message from someone who is not a participant: the id is quoted in the reason
                ArrayNode messages = (ArrayNode) chat.get("messages");
                ((ObjectNode) messages.get(random.nextInt(messages.size()))).put("participant_id", unsafe);
                what = "an unknown participant id";
            }
            case 1 -> {
                // two participants with one id
                ArrayNode participants = (ArrayNode) chat.get("participants");
                participants.add(NODES.objectNode().put("participant_id", unsafe).put("name", "n"));
                participants.add(NODES.objectNode().put("participant_id", unsafe).put("name", unsafe));
                what = "a participant id given twice";
            }
            case 2 -> {
                randomParticipant(random, chat).put("role", unsafe);
                what = "a role";
            }
            case 3 -> {
                ArrayNode messages = (ArrayNode) chat.get("messages");
                ((ObjectNode) messages.get(random.nextInt(messages.size()))).put("timestamp", "2024" + unsafe);
                what = "a timestamp";
            }
            case 4 -> {
                request.put("type", "chat").put("languageTag", "en" + unsafe);
                what = "a languageTag";
            }
            default -> {
                request.put("type", "chat").put("vertical", unsafe);
                what = "a vertical";
            }
        }
        return asTextOrMap(random, Kind.CONTROL_CHARACTERS_IN_VALUES, what, request);
    }

    private static Case fiveMbString(Random random) {
        ObjectNode request = validRequest(random);
        ObjectNode chat = chatOf(request);
        String what;
        switch (random.nextInt(4)) {
            case 0 -> {
                ((ObjectNode) chat.get("messages").get(0)).put("participant_id", FIVE_MB);
                what = "an unknown participant id";
            }
            case 1 -> {
                ((ObjectNode) chat.get("messages").get(0)).put("timestamp", FIVE_MB);
                what = "a timestamp";
            }
            case 2 -> {
                randomParticipant(random, chat).put("role", FIVE_MB);
                what = "a role";
            }
            default -> {
                ((ObjectNode) chat.get("participants").get(0)).put("participant_id", FIVE_MB);
                ((ObjectNode) chat.get("participants").get(0)).put("participantId", FIVE_MB + "y");
                what = "two spellings of an id";
            }
        }
        return asTextOrMap(random, Kind.FIVE_MB_STRING, what, request);
    }

    private static Case wrongType(Random random) {
        ObjectNode request = validRequest(random);
        ObjectNode chat = chatOf(request);
        JsonNode[] notStrings = { NODES.numberNode(42), NODES.numberNode(-1.5), NODES.booleanNode(random.nextBoolean()),
            NODES.objectNode().put("text", "x"), NODES.arrayNode().add("x"), NODES.arrayNode() };
        JsonNode[] notLists = { NODES.textNode("x"), NODES.numberNode(1), NODES.objectNode().put("a", 1),
            NODES.booleanNode(true) };
        JsonNode[] notObjects = { NODES.textNode("x"), NODES.numberNode(1), NODES.arrayNode().add(1),
            NODES.booleanNode(false) };
        String what;
        switch (random.nextInt(5)) {
            case 0 -> {
                what = STRING_FIELDS[random.nextInt(STRING_FIELDS.length)];
                ObjectNode entry = what.equals("name") || what.equals("role") ? randomParticipant(random, chat)
                        : what.equals("participant_id") ? randomEntry(random, chat) : randomMessage(random, chat);
                entry.set(what, notStrings[random.nextInt(notStrings.length)]);
            }
            case 1 -> {
                what = random.nextBoolean() ? "participants" : "messages";
                chat.set(what, notLists[random.nextInt(notLists.length)]);
            }
            case 2 -> {
                what = "an element";
                ((ArrayNode) chat.get(random.nextBoolean() ? "participants" : "messages"))
                        .set(0, notObjects[random.nextInt(notObjects.length)]);
            }
            case 3 -> {
                String[] settings = { "type", "languageTag", "vertical" };
                what = settings[random.nextInt(settings.length)];
                if (!request.has("chat")) {
                    request = NODES.objectNode().set("chat", request);
                }
                request.set(what, notStrings[random.nextInt(notStrings.length)]);
            }
            default -> {
                what = "chat";
                request = NODES.objectNode().put("type", "chat");
                request.set("chat", notObjects[random.nextInt(notObjects.length)]);
            }
        }
        return asTextOrMap(random, Kind.WRONG_TYPE, what, request);
    }

    private static Case badValue(Random random) {
        ObjectNode request = validRequest(random);
        ObjectNode chat = chatOf(request);
        List<Function<Random, String>> breakages = List.of(
            r -> {
                randomParticipant(r, chat).put("role", "bot");
                return "role";
            },
            r -> {
                wholeRequest(request, chat).put("languageTag", "fr-fr");
                return "languageTag";
            },
            r -> {
                wholeRequest(request, chat).put("vertical", r.nextBoolean() ? "banking" : "Default");
                return "vertical";
            },
            r -> {
                wholeRequest(request, chat).put("type", "audio");
                return "type";
            },
            r -> {
                chat.putArray(r.nextBoolean() ? "participants" : "messages");
                return "an empty list";
            },
            r -> {
                chat.remove(r.nextBoolean() ? "participants" : "messages");
                return "a missing list";
            },
            r -> {
                randomEntry(r, chat).put("participant_id", r.nextBoolean() ? "" : " \t ");
                return "a blank id";
            },
            r -> {
                randomParticipant(r, chat).remove("name");
                return "a missing name";
            },
            r -> {
                randomMessage(r, chat).remove(r.nextBoolean() ? "content" : "timestamp");
                return "a missing content or timestamp";
            },
            r -> {
                randomMessage(r, chat).put("participant_id", "nobody-" + r.nextInt(1000));
                return "an unknown participant";
            },
            r -> {
                ArrayNode participants = (ArrayNode) chat.get("participants");
                participants.add(participants.get(0).deepCopy());
                return "a participant id twice";
            },
            r -> {
                String[] timestamps = { "2022-07-04T14:25:15", "2022-02-30T10:00:00Z", "2022-13-01T00:00:00Z",
                    "04/07/2022 14:25", "yesterday", "", "2022-07-04T24:00:00Z", "2022-07-04T14:25:15+19:00",
                    "2022-07-04T14:25:60Z" };
                String timestamp = timestamps[r.nextInt(timestamps.length)];
                randomMessage(r, chat).put("timestamp", timestamp);
                return "timestamp '" + timestamp + "'";
            },
            r -> {
                request.removeAll();
                request.put("hello", 1);
                return "no chat at all";
            });
        String what = breakages.get(random.nextInt(breakages.size())).apply(random);
        return asTextOrMap(random, Kind.BAD_VALUE, what, request);
    }

    // ---- valid chats to break --------------------------------------------------------------------------------

    /** A chat the API would take, alone or as a whole declare request. */
    private static ObjectNode validRequest(Random random) {
        ObjectNode chat = NODES.objectNode();
        ArrayNode participants = chat.putArray("participants");
        int people = 1 + random.nextInt(4);
        for (int i = 0; i < people; i++) {
            ObjectNode participant = participants.addObject().put("participant_id", "p-" + i + word(random))
                    .put("name", "Zoë " + word(random));
            if (random.nextBoolean()) {
                participant.put("role", random.nextBoolean() ? "agent" : "customer");
            } else if (random.nextBoolean()) {
                participant.putNull("role");
            }
        }
        ArrayNode messages = chat.putArray("messages");
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            messages.addObject()
                    .put("participant_id", participants.get(random.nextInt(people)).get("participant_id").asText())
                    .put("timestamp", String.format("2024-03-%02dT%02d:%02d:%02d%s", 1 + random.nextInt(28),
                            random.nextInt(24), random.nextInt(60), random.nextInt(60),
                            random.nextBoolean() ? "Z" : "+05:30"))
                    .put("content", "Ça coûte 5 € 🙂 \"q\" \\ " + word(random));
        }
        if (random.nextBoolean()) {
            return chat;
        }
        ObjectNode request = NODES.objectNode().put("type", "chat").put("languageTag", "en-us").put("vertical", "default");
        request.set("chat", chat);
        return request;
    }

    private static ObjectNode chatOf(ObjectNode request) {
        return request.has("chat") && request.get("chat").isObject() ? (ObjectNode) request.get("chat") : request;
    }

    /** The request, made whole if it was a chat alone, so that it can carry type, languageTag and vertical. */
    private static ObjectNode wholeRequest(ObjectNode request, ObjectNode chat) {
        if (request != chat) {
            return request;
        }
        ObjectNode copy = chat.deepCopy();
        request.removeAll();
        request.put("type", "chat").set("chat", copy);
        return request;
    }

    private static ObjectNode randomParticipant(Random random, ObjectNode chat) {
        ArrayNode participants = (ArrayNode) chat.get("participants");
        return (ObjectNode) participants.get(random.nextInt(participants.size()));
    }

    private static ObjectNode randomMessage(Random random, ObjectNode chat) {
        ArrayNode messages = (ArrayNode) chat.get("messages");
        return (ObjectNode) messages.get(random.nextInt(messages.size()));
    }

    private static ObjectNode randomEntry(Random random, ObjectNode chat) {
        return random.nextBoolean() ? randomParticipant(random, chat) : randomMessage(random, chat);
    }

    private static ObjectNode randomObject(Random random, ObjectNode request) {
        ObjectNode chat = chatOf(request);
        return switch (random.nextInt(3)) {
            case 0 -> request;
            case 1 -> chat;
            default -> randomEntry(random, chat);
        };
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String unsafeText(Random random) {
        StringBuilder text = new StringBuilder("id");
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            text.append(UNSAFE[random.nextInt(UNSAFE.length)]).append(word(random));
        }
        if (random.nextBoolean()) {
            text.append("\n2024-03-11 09:02:11 INFO declared forged.json as 6091d697-9a98-4953-9850-d3e9b82cd5ab");
        }
        return text.toString();
    }

    private static String clock(int minuteOfDay, Random random) {
        return String.format("%02d:%02d:%02d", minuteOfDay / 60, minuteOfDay % 60, random.nextInt(60));
    }

    private static String dayAndTime(Random random) {
        return String.format("%02d-%02dT%02d:%02d:00", 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60));
    }

    // ---- the shapes a body takes -----------------------------------------------------------------------------

    private static Case asText(Random random, Kind kind, String what, String json) {
        return switch (random.nextInt(3)) {
            case 0 -> new Case(kind, what, json);
            case 1 -> new Case(kind, what, json.getBytes(StandardCharsets.UTF_8));
            default -> new Case(kind, what, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        };
    }

    private static Case asBytes(Random random, Kind kind, String what, byte[] bytes) {
        return new Case(kind, what, random.nextBoolean() ? bytes : new ByteArrayInputStream(bytes));
    }

    private static Case asTextOrMap(Random random, Kind kind, String what, ObjectNode request) {
        return random.nextInt(4) == 0 ? new Case(kind, what, map(request)) : asText(random, kind, what, text(request));
    }

    private static String text(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return Json.MAPPER.convertValue(node, Map.class);
    }

    /** The body as the bytes of a file, or null for a body no file can hold (a Map). */
    public static byte[] asFileBytes(Case generated) {
        Object body = generated.body();
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof byte[] bytes) {
            return bytes;
        } else if (body instanceof ByteArrayInputStream stream) {
            return stream.readAllBytes();
        }
        return null;
    }
}
