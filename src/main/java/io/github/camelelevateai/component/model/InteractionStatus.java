package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code GET /interactions/{id}/status}. Times are kept as the API writes them (ISO 8601 text), since the
 * docs do not pin their form down.
 *
 * @param status       the status as the API spelled it; {@link #processingStatus()} reads it
 * @param errorMessage why processing failed, when it did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InteractionStatus(
        @JsonProperty("identifier") String identifier,
        @JsonProperty("status") String status,
        @JsonProperty("declared") String declared,
        @JsonProperty("uploaded") String uploaded,
        @JsonProperty("downloaded") String downloaded,
        @JsonProperty("processed") String processed,
        @JsonProperty("errorMessage") String errorMessage) {

    /** The status as an enum: {@link ProcessingStatus#UNKNOWN} for a value this version does not know. */
    @JsonIgnore
    public ProcessingStatus processingStatus() {
        return ProcessingStatus.fromValue(status);
    }

    @JsonIgnore
    public boolean isTerminal() {
        return processingStatus().isTerminal();
    }
}
