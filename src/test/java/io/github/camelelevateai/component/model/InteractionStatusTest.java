package io.github.camelelevateai.component.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status answer is read tolerantly: a status or field the API adds later never breaks a route. */
class InteractionStatusTest {

    @Test
    void everyDocumentedStatusIsKnownAndTheTerminalOnesAreTheDocumentedOnes() {
        String[] documented = { "declared", "filePendingUpload", "fileUploading", "fileUploaded", "fileUploadFailed",
                "filePendingDownload", "fileDownloading", "fileDownloaded", "fileDownloadFailed", "pendingProcessing",
                "processing", "processed", "processingFailed" };
        for (String value : documented) {
            ProcessingStatus status = ProcessingStatus.fromValue(value);
            assertThat(status).as(value).isNotEqualTo(ProcessingStatus.UNKNOWN);
            assertThat(status.value()).isEqualTo(value);
            assertThat(status.isTerminal()).as(value)
                    .isEqualTo(value.equals("processed") || value.endsWith("Failed"));
        }
    }

    @Test
    void aStatusOrFieldAddedLaterReadsAsUnknownAndNotTerminal() throws Exception {
        InteractionStatus status = Json.ANSWERS.readValue("{\"identifier\": \"id-1\", \"status\": \"reprocessing\","
                + " \"declared\": \"2026-12-01T10:00:00Z\", \"processed\": null, \"priority\": 3, \"declaredAt\": 17}",
                InteractionStatus.class);

        assertThat(status.status()).isEqualTo("reprocessing");
        assertThat(status.processingStatus()).isEqualTo(ProcessingStatus.UNKNOWN);
        assertThat(status.isTerminal()).isFalse();
        assertThat(ProcessingStatus.fromValue(null)).isEqualTo(ProcessingStatus.UNKNOWN);
        assertThat(ProcessingStatus.fromValue("Processed")).as("the API's spelling, exactly")
                .isEqualTo(ProcessingStatus.UNKNOWN);
    }
}
