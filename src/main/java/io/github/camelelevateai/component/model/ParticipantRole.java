package io.github.camelelevateai.component.model;

import java.util.Optional;

/** The roles the API documents for a chat participant; a participant may also have none ({@code null}). */
public enum ParticipantRole {
    AGENT("agent"),
    CUSTOMER("customer");

    private static final ParticipantRole[] ROLES = values();

    private final String value;

    ParticipantRole(String value) {
        this.value = value;
    }

    /** The spelling on the wire. */
    public String value() {
        return value;
    }

    public static Optional<ParticipantRole> fromValue(String value) {
        // checked for every participant of every chat: a loop over the two, not a stream
        for (ParticipantRole role : ROLES) {
            if (role.value.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
