package io.github.camelelevateai.kamelet;

/** A valid chat, as a route would carry it, and the declare request the component makes of it. */
final class Chats {

    static final String CHAT = """
            {"participants": [
               {"participant_id": "agent-1", "name": "Madison", "role": "agent"},
               {"participant_id": "cust-1", "name": "Developer", "role": "customer"}],
             "messages": [
               {"participant_id": "agent-1", "timestamp": "2022-07-04T14:25:15Z", "content": "How can I help?"},
               {"participant_id": "cust-1", "timestamp": "2022-07-04T14:26:45Z", "content": "My invoice is wrong."}]}
            """;

    /** Mentions a participant the chat does not have: refused before anything is sent. */
    static final String UNKNOWN_PARTICIPANT = CHAT.replace("\"participant_id\": \"cust-1\", \"timestamp\"",
            "\"participant_id\": \"bot-7\", \"timestamp\"");

    private Chats() {
    }

    static String declareRequest(String languageTag) {
        return ("{\"type\":\"chat\",\"languageTag\":\"" + languageTag + "\",\"vertical\":\"default\",\"chat\":{"
                + "\"participants\":[{\"participant_id\":\"agent-1\",\"name\":\"Madison\",\"role\":\"agent\"},"
                + "{\"participant_id\":\"cust-1\",\"name\":\"Developer\",\"role\":\"customer\"}],"
                + "\"messages\":[{\"participant_id\":\"agent-1\",\"timestamp\":\"2022-07-04T14:25:15Z\","
                + "\"content\":\"How can I help?\"},{\"participant_id\":\"cust-1\","
                + "\"timestamp\":\"2022-07-04T14:26:45Z\",\"content\":\"My invoice is wrong.\"}]}}");
    }
}
