package io.github.camelelevateai.routes;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The file results route's view of the outbox: an interaction file {@code <name>.interaction.json} is waiting for its
 * analysis until {@code <name>.analysis.json} is written beside it, or its reason {@code .error/<name>.analysis.txt}.
 * Those files are the whole state: a restart finds every chat still waiting by listing the outbox.
 */
public final class AnalysisFiles<T> implements GenericFileFilter<T> {

    static final String INTERACTION = ".interaction.json";
    static final String ANALYSIS = ".analysis.json";
    static final String REASON = ".analysis.txt";
    static final String SET_ASIDE_FOLDER = ".error";
    /** Exchange property: the interaction file's name without {@value #INTERACTION}. */
    public static final String STEM = "elevateaiAnalysisStem";

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return false;
        }
        String name = file.getFileNameOnly();
        // a name starting with a dot is one being written (tempPrefix)
        if (!name.endsWith(INTERACTION) || name.startsWith(".")) {
            return false;
        }
        return !settled(Path.of(file.getAbsoluteFilePath()));
    }

    /**
     * Whether the interaction file taken has its analysis or reason already. Camel's file consumer applies the filter
     * before it marks a file in progress, so an exchange ending between the two has a file taken again that the filter
     * saw still waiting.
     */
    public boolean settled(Exchange exchange) {
        return settled(Path.of(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class)));
    }

    private static boolean settled(Path interactionFile) {
        Path folder = interactionFile.getParent();
        String stem = stemOf(interactionFile.getFileName().toString());
        return Files.exists(folder.resolve(stem + ANALYSIS))
               || Files.exists(folder.resolve(SET_ASIDE_FOLDER).resolve(stem + REASON));
    }

    /** Sets {@link #STEM} from the file's name. */
    public void stem(Exchange exchange) {
        exchange.setProperty(STEM, stemOf(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
    }

    static String stemOf(String name) {
        return name.substring(0, name.length() - INTERACTION.length());
    }
}
