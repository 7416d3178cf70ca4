package io.github.camelelevateai.sandbox;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The declare checks the API documents, written from the documentation and not from the component, so the sandbox can
 * catch the component sending what the API would refuse. Each returns the API-style error message, or null.
 */
final class SandboxRules {

    static final Set<String> CHAT_LANGUAGES = Set.of("en-us", "en", "es-419");
    static final Set<String> AUDIO_LANGUAGES = Set.of("en-us", "en", "es-419", "pt-br", "ja");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-.*", Pattern.DOTALL);

    private SandboxRules() {
    }

    static String checkDeclare(JsonNode request) {
        if (request == null || !request.isObject()) {
            return "The request body must be a JSON object.";
        }
        String type = text(request, "type");
        if (!"chat".equals(type) && !"audio".equals(type)) {
            return "type must be 'chat' or 'audio'.";
        }
        String language = text(request, "languageTag");
        Set<String> languages = "chat".equals(type) ? CHAT_LANGUAGES : AUDIO_LANGUAGES;
        if (language == null || !languages.contains(language)) {
            return "languageTag '" + language + "' is not supported for " + type + ".";
        }
        // the declare page: "vertical associated with interaction, will be default" (shared/API.md, shared/seeds): the
        // one value documented, for chat and audio alike. The component refuses any other from the same page
        // (ChatMarshaller.VERTICAL), so a chat it lets through is never refused here for its vertical.
        if (!"default".equals(text(request, "vertical"))) {
            return "vertical must be 'default'.";
        }
        return "chat".equals(type) ? checkChat(request.get("chat")) : null;
    }

    private static String checkChat(JsonNode chat) {
        if (chat == null || !chat.isObject()) {
            return "chat must be an object with participants and messages.";
        }
        JsonNode participants = chat.get("participants");
        if (participants == null || !participants.isArray() || participants.isEmpty()) {
            return "chat.participants must hold at least one participant.";
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode participant : participants) {
            String id = text(participant, "participant_id");
            if (id == null || id.isEmpty() || !ids.add(id)) {
                return "Each participant needs a unique participant_id.";
            }
            if (text(participant, "name") == null) {
                return "Each participant needs a name.";
            }
            JsonNode role = participant.get("role");
            if (role != null && !role.isNull() && !Set.of("agent", "customer").contains(role.asText())) {
                return "A participant's role must be agent, customer or null.";
            }
        }
        JsonNode messages = chat.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "chat.messages must hold at least one message.";
        }
        for (JsonNode message : messages) {
            if (!ids.contains(text(message, "participant_id"))) {
                return "Each message's participant_id must name a participant.";
            }
            if (!isUtcTimestamp(text(message, "timestamp"))) {
                return "Each message needs an ISO 8601 UTC timestamp.";
            }
            if (text(message, "content") == null) {
                return "Each message needs content.";
            }
        }
        return null;
    }

    /**
     * ISO 8601 in UTC, as the API takes it: a four-digit year from 0001 (ISO 8601's expanded years, {@code +10000},
     * and the year 0000 come back 400), {@code Z} for the zone.
     */
    private static boolean isUtcTimestamp(String value) {
        if (value == null || !value.endsWith("Z") || !FOUR_DIGIT_YEAR.matcher(value).matches()) {
            return false;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).getYear() >= 1;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The field's text if it is a JSON string, else null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
