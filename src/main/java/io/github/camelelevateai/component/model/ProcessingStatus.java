package io.github.camelelevateai.component.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Where an interaction is in the API's processing, as {@code GET /interactions/{id}/status} names it. A value the API
 * adds later reads as {@link #UNKNOWN} (the text itself stays in {@link InteractionStatus#status()}), so that a new
 * status never breaks a route; an unknown status is not terminal, and a route's deadline ends the wait.
 */
public enum ProcessingStatus {
    DECLARED("declared"),
    FILE_PENDING_UPLOAD("filePendingUpload"),
    FILE_UPLOADING("fileUploading"),
    FILE_UPLOADED("fileUploaded"),
    FILE_UPLOAD_FAILED("fileUploadFailed"),
    FILE_PENDING_DOWNLOAD("filePendingDownload"),
    FILE_DOWNLOADING("fileDownloading"),
    FILE_DOWNLOADED("fileDownloaded"),
    FILE_DOWNLOAD_FAILED("fileDownloadFailed"),
    PENDING_PROCESSING("pendingProcessing"),
    PROCESSING("processing"),
    PROCESSED("processed"),
    PROCESSING_FAILED("processingFailed"),
    UNKNOWN(null);

    private static final Map<String, ProcessingStatus> BY_VALUE = new HashMap<>();

    static {
        for (ProcessingStatus status : values()) {
            if (status.value != null) {
                BY_VALUE.put(status.value, status);
            }
        }
    }

    private final String value;

    ProcessingStatus(String value) {
        this.value = value;
    }

    /** The spelling on the wire; null for {@link #UNKNOWN}. */
    public String value() {
        return value;
    }

    /** Processing has ended: the results exist ({@link #PROCESSED}) or never will (a failed status). */
    public boolean isTerminal() {
        return this == PROCESSED || isFailed();
    }

    /** Ended without results. */
    public boolean isFailed() {
        return this == PROCESSING_FAILED || this == FILE_UPLOAD_FAILED || this == FILE_DOWNLOAD_FAILED;
    }

    /** The status a value names, or {@link #UNKNOWN}; never null. */
    public static ProcessingStatus fromValue(String value) {
        return value == null ? UNKNOWN : BY_VALUE.getOrDefault(value, UNKNOWN);
    }
}
