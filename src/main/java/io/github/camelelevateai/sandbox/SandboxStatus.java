package io.github.camelelevateai.sandbox;

/** The interaction status values the sandbox plays, by their names on the wire. */
enum SandboxStatus {

    DECLARED("declared"),
    /** Where an audio interaction stays: the sandbox takes no media. */
    FILE_PENDING_UPLOAD("filePendingUpload"),
    PENDING_PROCESSING("pendingProcessing"),
    PROCESSING("processing"),
    PROCESSED("processed"),
    PROCESSING_FAILED("processingFailed");

    private final String wireName;

    SandboxStatus(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    boolean terminal() {
        return this == PROCESSED || this == PROCESSING_FAILED;
    }
}
