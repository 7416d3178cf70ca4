package io.github.camelelevateai.component.chat;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path for timestamps already in the API's form is taken for exactly the strings the pattern
 * {@code \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z} (ASCII digits) matches with real values, and for no other:
 * a string it took wrongly would go on the wire unchanged instead of being normalised (four fraction digits, say) or
 * refused. Seeded mutations of canonical timestamps; replay with {@code -Delevateai.fuzz.seed=<seed>}.
 */
class CanonicalTimestampTest {

    private static final long SEED = Long.getLong("elevateai.fuzz.seed", new Random().nextLong());
    private static final Pattern CANONICAL_UTC = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    /** What a mutation may put in: digits (ASCII and not), the separators, their look-alikes, letters, space. */
    private static final String ALPHABET = "0123456789-T:.Z+ tz\u0663\uFF11\u2010/,Ee";

    @Test
    void theFastPathTakesExactlyTheCanonicalForm() {
        Random random = new Random(SEED);
        int taken = 0;
        for (int i = 0; i < 200_000; i++) {
            String timestamp = mutate(canonical(random), random);
            boolean expected = reference(timestamp);
            assertThat(ChatValidator.isValidUtc(timestamp))
                    .as("'%s' (seed %d, replay with -Delevateai.fuzz.seed=%d)", timestamp, SEED, SEED)
                    .isEqualTo(expected);
            taken += expected ? 1 : 0;
        }
        // the mutations must leave both kinds in numbers, or the comparison proves little
        assertThat(taken).as("canonical timestamps among 200,000 (seed %d)", SEED).isBetween(20_000, 180_000);
    }

    private static String canonical(Random random) {
        StringBuilder timestamp = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                random.nextInt(10_000), 1 + random.nextInt(13), 1 + random.nextInt(31), random.nextInt(25),
                random.nextInt(60), random.nextInt(60)));
        int fraction = random.nextInt(12) - 1;
        if (fraction >= 0) {
            timestamp.append('.');
            for (int d = 0; d < fraction; d++) {
                timestamp.append((char) ('0' + random.nextInt(10)));
            }
        }
        return timestamp.append('Z').toString();
    }

    /** None, one or two changes: a character replaced, inserted or removed. */
    private static String mutate(String timestamp, Random random) {
        StringBuilder mutated = new StringBuilder(timestamp);
        for (int changes = random.nextInt(3); changes > 0 && mutated.length() > 0; changes--) {
            int at = random.nextInt(mutated.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.setCharAt(at, c);
                case 1 -> mutated.insert(at, c);
                default -> mutated.deleteCharAt(at);
            }
        }
        return mutated.toString();
    }

    /** The check as the pattern and the JDK's calendar say it. */
    private static boolean reference(String timestamp) {
        if (!CANONICAL_UTC.matcher(timestamp).matches()) {
            return false;
        }
        int year = Integer.parseInt(timestamp.substring(0, 4));
        if (year < 1) {
            return false;
        }
        try {
            LocalDateTime.of(year, Integer.parseInt(timestamp.substring(5, 7)),
                    Integer.parseInt(timestamp.substring(8, 10)), Integer.parseInt(timestamp.substring(11, 13)),
                    Integer.parseInt(timestamp.substring(14, 16)), Integer.parseInt(timestamp.substring(17, 19)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
