package io.github.camelelevateai.component;

/** What the body holds after an interaction operation. */
public enum ResultFormat {
    /** The answer as an object of the model package. */
    typed,
    /** The API's answer as it came, as text. */
    json
}
