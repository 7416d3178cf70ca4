package io.github.camelelevateai.component.model;

import java.util.Arrays;
import java.util.Optional;

/** The roles the API documents for a chat participant; a participant may also have none ({@code null}). */
public enum ParticipantRole {
    AGENT("agent"),
    CUSTOMER("customer");

    private final String value;

    ParticipantRole(String value) {
        this.value = value;
    }

    /** The spelling on the wire. */
    public String value() {
        return value;
    }

    public static Optional<ParticipantRole> fromValue(String value) {
        return Arrays.stream(values()).filter(role -> role.value.equals(value)).findFirst();
    }
}
