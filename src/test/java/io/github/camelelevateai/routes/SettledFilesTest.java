package io.github.camelelevateai.routes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The file route's filter on real files, as Camel's file consumer lists them. */
class SettledFilesTest {

    @TempDir
    Path inbox;

    @Test
    void aFileChangedWithinTheMinimumAgeIsLeftForALaterPoll() throws IOException {
        Path chat = Files.writeString(inbox.resolve("chat.json"), "{\"participants\": [");

        assertThat(new SettledFiles<File>(60_000).accept(listed(chat))).isFalse();
    }

    @Test
    void aFileLeftUnchangedForTheMinimumAgeIsTaken() throws IOException {
        Path chat = Files.writeString(inbox.resolve("chat.json"), "{}");
        Files.setLastModifiedTime(chat, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));

        assertThat(new SettledFiles<File>(60_000).accept(listed(chat))).isTrue();
    }

    @Test
    void aFileGoneSinceTheListingIsPassedOver() throws IOException {
        Path chat = Files.writeString(inbox.resolve("chat.json"), "{}");
        Files.setLastModifiedTime(chat, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
        GenericFile<File> listed = listed(chat);
        Files.delete(chat);

        assertThat(new SettledFiles<File>(1).accept(listed)).isFalse();
    }

    @Test
    void theMinimumAgeIsAtLeastOneMillisecond() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SettledFiles<>(0)).withMessageContaining("at least 1");
    }

    /** The file as the consumer lists it: its time is read when the filter asks for it. */
    private GenericFile<File> listed(Path file) {
        return FileConsumer.asGenericFile(inbox.toString(), file.toFile(), null, false);
    }
}
