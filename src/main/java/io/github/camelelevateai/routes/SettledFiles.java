package io.github.camelelevateai.routes;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The file route's filter: a file is taken once it has not changed for a minimum age, so that a chat still being
 * written is left for a later poll rather than read half-way. It is judged on the listing, so that a file still being
 * written never holds up the ones that are ready, as a read lock that waits for it would (Camel's {@code changed} read
 * lock waits on the polling thread, up to its timeout, for every such file). A file gone since the listing is passed
 * over.
 */
public final class SettledFiles<T> implements GenericFileFilter<T> {

    private final long minAgeMillis;

    /** @param minAgeMillis how long a file must have been left unchanged, at least 1 */
    public SettledFiles(long minAgeMillis) {
        if (minAgeMillis < 1) {
            throw new IllegalArgumentException("the minimum age of a chat file must be at least 1 ms, not "
                                               + minAgeMillis);
        }
        this.minAgeMillis = minAgeMillis;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return true;
        }
        // 0 when the file is gone
        long modified = file.getLastModified();
        return modified > 0 && System.currentTimeMillis() - modified >= minAgeMillis;
    }
}
