package io.github.camelelevateai.component.chat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.Message;
import io.github.camelelevateai.component.model.Participant;
import io.github.camelelevateai.component.model.ParticipantRole;

/**
 * Checks a chat against the API's documented rules, so that a chat the API would refuse never costs a request, and
 * returns it as it goes on the wire (timestamps in UTC). The first problem found is thrown, naming field and position.
 */
final class ChatValidator {

    /** ISO 8601 date-time whose offset is optional, so that a missing zone can be told apart from a malformed value. */
    private static final DateTimeFormatter ISO_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmmss", "Z").optionalEnd()
            .toFormatter()
            // SMART would turn 30 February into 28 February and send it
            .withResolverStyle(ResolverStyle.STRICT);

    /** Where {@code yyyy-MM-ddTHH:mm:ss} has its separators; every other position of it is an ASCII digit. */
    private static final String CANONICAL_SEPARATORS = "    -  -  T  :  :  ";
    private static final int MOST_FRACTION_DIGITS = 9;

    /** Four-digit years, unsigned: ISO 8601 without the expanded-year extension, which the API does not take. */
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-.*", Pattern.DOTALL);

    /**
     * The instants the API takes: years 0001 to 9999 in UTC. An offset can carry a valid local time across either end
     * ({@code 9999-12-31T23:59:59-01:00} is in the year 10000 in UTC), and ISO_INSTANT would then write a five-digit or
     * a zero year, which the API refuses with a 400.
     */
    private static final Instant FIRST = LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST = LocalDate.of(10_000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static final int KNOWN_IDS_SHOWN = 10;
    private static final int KNOWN_ID_SHOWN = 40;

    private ChatValidator() {
    }

    static Chat validate(Chat chat, String path) {
        Map<String, Integer> positionById = validateParticipants(chat.participants(), path + "participants");
        List<Message> messages = validateMessages(chat.messages(), path + "messages", positionById);
        return new Chat(chat.participants(), messages);
    }

    private static Map<String, Integer> validateParticipants(List<Participant> participants, String path) {
        requireNonEmpty(participants, path, "participant");
        Map<String, Integer> positionById = new HashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            Participant participant = participants.get(i);
            if (participant == null) {
                throw new ChatValidationException(at(path, i, ""), "must be an object with participant_id, name and role");
            }
            String id = requireText(participant.participantId(), path, i, ".participant_id");
            Integer earlier = positionById.putIfAbsent(id, i);
            if (earlier != null) {
                throw new ChatValidationException(at(path, i, ".participant_id"), quote(id) + " is already used by "
                        + at(path, earlier, "") + ": participant ids must be unique");
            }
            if (participant.name() == null) {
                throw new ChatValidationException(at(path, i, ".name"), "is missing");
            }
            String role = participant.role();
            if (role != null && ParticipantRole.fromValue(role).isEmpty()) {
                throw new ChatValidationException(at(path, i, ".role"), quote(role) + " must be agent, customer or null");
            }
        }
        return positionById;
    }

    private static List<Message> validateMessages(
            List<Message> messages, String path, Map<String, Integer> positionById) {
        requireNonEmpty(messages, path, "message");
        List<Message> normalised = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message == null) {
                throw new ChatValidationException(at(path, i, ""),
                        "must be an object with participant_id, timestamp and content");
            }
            String id = requireText(message.participantId(), path, i, ".participant_id");
            if (!positionById.containsKey(id)) {
                throw new ChatValidationException(at(path, i, ".participant_id"),
                        quote(id) + " is not a participant (known: " + knownIds(positionById) + ")");
            }
            String timestamp = toUtc(message.timestamp(), path, i);
            if (message.content() == null) {
                throw new ChatValidationException(at(path, i, ".content"), "is missing");
            }
            normalised.add(timestamp.equals(message.timestamp())
                    ? message : new Message(message.participantId(), timestamp, message.content()));
        }
        return normalised;
    }

    /** Any offset becomes UTC with {@code Z}; fractional seconds are kept. A timestamp without a zone is refused. */
    static String toUtc(String timestamp, String path, int index) {
        if (timestamp == null) {
            throw new ChatValidationException(at(path, index, ".timestamp"), "is missing");
        }
        if (isValidUtc(timestamp)) {
            return timestamp;
        }
        return toUtcOrExplain(timestamp, at(path, index, ".timestamp"));
    }

    /**
     * The form nearly every export uses, {@code 2022-07-04T14:25:15[.fff]Z} (up to 9 digits of fraction), is already
     * what the API wants: recognised here character by character, without DateTimeFormatter, whose parse allocates a
     * map per call, or a regular expression, which cost as much as reading the rest of the message. The JDK still
     * judges the values ({@link LocalDateTime#of} refuses a 13th month or a 30 February); the year 0000 is left to the
     * full check, which explains it.
     */
    static boolean isValidUtc(String timestamp) {
        int length = timestamp.length();
        int fraction = length - CANONICAL_SEPARATORS.length() - 1;
        if (fraction < 0 || fraction == 1 || fraction > MOST_FRACTION_DIGITS + 1
                || timestamp.charAt(length - 1) != 'Z') {
            return false;
        }
        for (int i = 0; i < CANONICAL_SEPARATORS.length(); i++) {
            char separator = CANONICAL_SEPARATORS.charAt(i);
            if (separator == ' ' ? !isAsciiDigit(timestamp.charAt(i)) : timestamp.charAt(i) != separator) {
                return false;
            }
        }
        if (fraction > 0) {
            if (timestamp.charAt(CANONICAL_SEPARATORS.length()) != '.') {
                return false;
            }
            for (int i = CANONICAL_SEPARATORS.length() + 1; i < length - 1; i++) {
                if (!isAsciiDigit(timestamp.charAt(i))) {
                    return false;
                }
            }
        }
        int year = Integer.parseInt(timestamp, 0, 4, 10);
        if (year < 1) {
            return false;
        }
        try {
            LocalDateTime.of(year, Integer.parseInt(timestamp, 5, 7, 10),
                    Integer.parseInt(timestamp, 8, 10, 10), Integer.parseInt(timestamp, 11, 13, 10),
                    Integer.parseInt(timestamp, 14, 16, 10), Integer.parseInt(timestamp, 17, 19, 10));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String toUtcOrExplain(String timestamp, String field) {
        TemporalAccessor parsed;
        String trimmed = timestamp.trim();
        try {
            parsed = ISO_DATE_TIME.parseBest(trimmed, OffsetDateTime::from, LocalDateTime::from);
        } catch (DateTimeParseException e) {
            throw new ChatValidationException(field,
                    quote(timestamp) + " is not an ISO 8601 date-time (expected, for example, 2022-07-04T14:25:15Z)");
        }
        if (!FOUR_DIGIT_YEAR.matcher(trimmed).matches()) {
            throw new ChatValidationException(field, quote(timestamp)
                    + " does not start with a four-digit year: the API takes the years 0001 to 9999, without a sign");
        }
        if (parsed instanceof OffsetDateTime offsetDateTime) {
            Instant instant = offsetDateTime.toInstant();
            if (instant.isBefore(FIRST) || !instant.isBefore(AFTER_LAST)) {
                throw new ChatValidationException(field, quote(timestamp) + " is "
                        + DateTimeFormatter.ISO_INSTANT.format(instant)
                        + " in UTC, outside the years 0001 to 9999 that the API takes");
            }
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        throw new ChatValidationException(field, quote(timestamp)
                + " has no zone: add Z or an offset such as +02:00 (the API needs UTC and the component does not guess)");
    }

    private static void requireNonEmpty(List<?> list, String path, String what) {
        if (list == null) {
            throw new ChatValidationException(path, "is missing: a chat needs at least one " + what);
        }
        if (list.isEmpty()) {
            throw new ChatValidationException(path, "is empty: a chat needs at least one " + what);
        }
    }

    private static String requireText(String value, String path, int index, String field) {
        if (value == null) {
            throw new ChatValidationException(at(path, index, field), "is missing");
        }
        if (value.isBlank()) {
            throw new ChatValidationException(at(path, index, field), "is empty");
        }
        return value;
    }

    /** A field's path, built only when an error names it. */
    private static String at(String path, int index, String field) {
        return path + "[" + index + "]" + field;
    }

    /** Quoted only where needed, so the usual {@code agent-1, cust-1} reads as it did; each one short and escaped. */
    private static String knownIds(Map<String, Integer> positionById) {
        List<String> ids = positionById.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .limit(KNOWN_IDS_SHOWN)
                .map(Map.Entry::getKey)
                .map(id -> id.length() <= KNOWN_ID_SHOWN && Quoted.escape(id).equals(id) && !id.contains(", ")
                        ? id : Quoted.quote(id, KNOWN_ID_SHOWN))
                .collect(Collectors.toList());
        String shown = String.join(", ", ids);
        return positionById.size() > KNOWN_IDS_SHOWN
                ? shown + " and " + (positionById.size() - KNOWN_IDS_SHOWN) + " more" : shown;
    }

    private static String quote(String value) {
        return Quoted.quote(value);
    }
}
