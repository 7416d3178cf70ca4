package io.github.camelelevateai.sandbox;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's analysis of a chat: CX AI results, a summary and transcripts, each computed from the declare request
 * alone (its parsed body and the digest of its bytes), never from the identifier or the clock, so that the same chat
 * gets the same answers, byte for byte, from any sandbox at any time. The shapes follow the official .NET SDK's models
 * (an enlighten bundle holds models with a score, its minimum and maximum with their offsets, and four quartiles); the
 * substance is made up: scores come from the chat's digest, not from what was said.
 * <p>
 * Time offsets are milliseconds from the chat's first message. Of the participants, the first declared is
 * {@code participantOne} and the second {@code participantTwo}, as the API names the two sides of a call; the messages
 * of any further participant appear under {@code allParticipants} only, and their sentence segments name the
 * participant by its {@code participant_id}.
 */
final class ChatAnalysis {

    /** How much of the customer's first message the summary quotes, in characters. */
    static final int FIRST_WORDS = 60;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] SIDES = { "participantOne", "participantTwo" };

    private ChatAnalysis() {
    }

    /** {@code GET /interactions/{id}/ai}: a "Customer Satisfaction" and a "Vulnerable Customer" bundle. */
    static ObjectNode aiResults(JsonNode request, String digest) {
        byte[] seed = HexFormat.of().parseHex(digest);
        List<Message> messages = messages(request);
        long length = messages.stream().mapToLong(Message::endOffset).max().orElse(0);
        ArrayNode bundles = JSON.arrayNode()
                .add(bundle("Customer Satisfaction", seed, 0, 101, length))
                .add(bundle("Vulnerable Customer", seed, 8, 31, length));
        ObjectNode results = JSON.objectNode();
        results.set("allParticipants", participantResults(bundles));
        results.set("participantOne", participantResults(JSON.arrayNode()));
        results.set("participantTwo", participantResults(JSON.arrayNode()));
        return results;
    }

    /**
     * {@code GET /interactions/{id}/gen-ai/cx/summary}: who took part, how many messages, and the customer's first
     * words (the first speaker's when no participant is a customer), cut short.
     */
    static String summary(JsonNode request) {
        JsonNode participants = request.path("chat").path("participants");
        List<String> names = new ArrayList<>();
        for (JsonNode participant : participants) {
            String role = participant.path("role").isTextual() ? participant.path("role").asText() : null;
            names.add(participant.path("name").asText() + (role == null ? "" : " (" + role + ")"));
        }
        JsonNode messages = request.path("chat").path("messages");
        StringBuilder summary = new StringBuilder("A chat of ").append(messages.size())
                .append(messages.size() == 1 ? " message" : " messages")
                .append(names.size() == 1 ? " from " : " between ").append(joined(names)).append('.');
        String customer = customerId(participants);
        JsonNode quoted = null;
        for (JsonNode message : messages) {
            if (customer != null && customer.equals(message.path("participant_id").asText())) {
                quoted = message;
                break;
            }
        }
        summary.append(quoted != null ? " The customer's first words: \"" : " The first words: \"");
        quoted = quoted != null ? quoted : messages.path(0);
        summary.append(cut(quoted.path("content").asText())).append("\".");
        return summary.toString();
    }

    /** {@code GET /interactions/{id}/transcript}: each message a phrase. */
    static ObjectNode transcript(JsonNode request) {
        List<Message> messages = messages(request);
        ObjectNode transcript = JSON.objectNode();
        transcript.set("allParticipants", phrases(messages, -1));
        for (int side = 0; side < SIDES.length; side++) {
            transcript.set(SIDES[side], phrases(messages, side));
        }
        transcript.set("redactionSegments", JSON.arrayNode());
        return transcript;
    }

    /** {@code GET /interactions/{id}/transcripts/punctuated}: each message a sentence segment. */
    static ObjectNode punctuatedTranscript(JsonNode request) {
        ArrayNode segments = JSON.arrayNode();
        for (Message message : messages(request)) {
            segments.addObject()
                    .put("participant", message.participant() < SIDES.length ? SIDES[message.participant()]
                            : message.participantId())
                    .put("startTimeOffset", message.offset())
                    .put("endTimeOffset", message.endOffset())
                    .put("phrase", message.content())
                    .put("score", 1.0);
        }
        ObjectNode transcript = JSON.objectNode();
        transcript.set("sentenceSegments", segments);
        transcript.set("redactionSegments", JSON.arrayNode());
        return transcript;
    }

    /**
     * One enlighten bundle of one model, from 4 bytes of the digest: the quartiles' scores in hundredths below
     * {@code range}, the score their mean, the minimum and maximum at the start of their quarter of the chat.
     */
    private static ObjectNode bundle(String name, byte[] seed, int from, int range, long length) {
        double[] quartiles = new double[4];
        int lowest = 0;
        int highest = 0;
        int sum = 0;
        for (int i = 0; i < 4; i++) {
            int hundredths = (seed[from + i] & 0xff) % range;
            sum += hundredths;
            quartiles[i] = hundredths / 100.0;
            lowest = quartiles[i] < quartiles[lowest] ? i : lowest;
            highest = quartiles[i] > quartiles[highest] ? i : highest;
        }
        ObjectNode model = JSON.objectNode()
                .put("name", name)
                .put("score", Math.round(sum / 4.0) / 100.0)
                .put("minScore", quartiles[lowest])
                .put("minScoreOffset", length * lowest / 4)
                .put("maxScore", quartiles[highest])
                .put("maxScoreOffset", length * highest / 4);
        for (int i = 0; i < 4; i++) {
            model.put("quartile" + (i + 1), quartiles[i]);
        }
        ObjectNode bundle = JSON.objectNode().put("name", name);
        bundle.putArray("models").add(model);
        return bundle;
    }

    private static ObjectNode participantResults(ArrayNode bundles) {
        ObjectNode results = JSON.objectNode();
        results.set("enlightenBundles", bundles);
        results.set("voiceActivitySegments", JSON.arrayNode());
        return results;
    }

    /** @param side a participant's index, or -1 for all of them */
    private static ObjectNode phrases(List<Message> messages, int side) {
        ObjectNode phrases = JSON.objectNode();
        ArrayNode texts = phrases.putArray("phrases");
        ArrayNode segments = phrases.putArray("phraseSegments");
        for (Message message : messages) {
            if (side < 0 || message.participant() == side) {
                segments.addObject()
                        .put("startTimeOffset", message.offset())
                        .put("endTimeOffset", message.endOffset())
                        .put("phraseIndex", texts.size())
                        .put("score", 1.0);
                texts.add(message.content());
            }
        }
        return phrases;
    }

    /** The messages with their offsets; a message lasts until the next one (the last one, no time). */
    private static List<Message> messages(JsonNode request) {
        Map<String, Integer> participants = new HashMap<>();
        for (JsonNode participant : request.path("chat").path("participants")) {
            participants.putIfAbsent(participant.path("participant_id").asText(), participants.size());
        }
        List<Message> messages = new ArrayList<>();
        long start = 0;
        long[] offsets = new long[request.path("chat").path("messages").size()];
        int i = 0;
        for (JsonNode message : request.path("chat").path("messages")) {
            long at = OffsetDateTime.parse(message.path("timestamp").asText()).toInstant().toEpochMilli();
            start = i == 0 ? at : start;
            offsets[i++] = Math.max(0, at - start);
        }
        i = 0;
        for (JsonNode message : request.path("chat").path("messages")) {
            String id = message.path("participant_id").asText();
            long end = i + 1 < offsets.length ? Math.max(offsets[i], offsets[i + 1]) : offsets[i];
            messages.add(new Message(participants.getOrDefault(id, -1), id, offsets[i], end,
                    message.path("content").asText()));
            i++;
        }
        return messages;
    }

    private static String customerId(JsonNode participants) {
        for (JsonNode participant : participants) {
            if ("customer".equals(participant.path("role").asText(null))) {
                return participant.path("participant_id").asText();
            }
        }
        return null;
    }

    private static String joined(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The text on one line, and at most {@link #FIRST_WORDS} characters of it (whole code points). */
    private static String cut(String content) {
        String line = content.strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) <= FIRST_WORDS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, FIRST_WORDS)) + "...";
    }

    private record Message(int participant, String participantId, long offset, long endOffset, String content) {
    }
}
