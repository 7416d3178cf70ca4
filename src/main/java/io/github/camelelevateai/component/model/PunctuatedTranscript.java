package io.github.camelelevateai.component.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code GET /interactions/{id}/transcripts/punctuated}: sentence by sentence. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PunctuatedTranscript(
        @JsonProperty("sentenceSegments") List<SentenceSegment> sentenceSegments,
        @JsonProperty("redactionSegments") List<JsonNode> redactionSegments) {

    /** One sentence: who said it, when (offsets in the recording), and how sure the transcription is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SentenceSegment(
            @JsonProperty("participant") String participant,
            @JsonProperty("startTimeOffset") Long startTimeOffset,
            @JsonProperty("endTimeOffset") Long endTimeOffset,
            @JsonProperty("phrase") String phrase,
            @JsonProperty("score") Double score) {
    }
}
