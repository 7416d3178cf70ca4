package io.github.camelelevateai.routes.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file store's table against a HashMap, through seeded random puts, removals (which shift entries back) and sweeps,
 * across growth. Replay a failure with {@code -Ddigest.index.seed=<seed>}.
 */
class DigestIndexTest {

    private static final long SEED = Long.getLong("digest.index.seed", System.nanoTime());

    @Test
    void holdsWhatAHashMapHoldsThroughPutsRemovalsSweepsAndGrowth() {
        Random random = new Random(SEED);
        DigestIndex index = new DigestIndex();
        Map<String, Long> expected = new HashMap<>();
        List<String> digests = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int action = random.nextInt(100);
            if (action < 60 || digests.isEmpty()) {
                String digest = digest(random);
                digests.add(digest);
                long value = random.nextLong() & Long.MAX_VALUE;
                index.put(digest, value);
                expected.put(digest, value);
            } else if (action < 75) {
                String digest = digests.get(random.nextInt(digests.size()));
                long value = random.nextLong() & Long.MAX_VALUE;
                index.put(digest, value);
                expected.put(digest, value);
            } else if (action < 99) {
                String digest = digests.get(random.nextInt(digests.size()));
                assertThat(index.remove(digest)).as("seed %d, step %d", SEED, step)
                        .isEqualTo(expected.remove(digest) != null);
            } else {
                long below = random.nextLong() & Long.MAX_VALUE;
                int removed = index.removeIf(value -> value < below);
                int before = expected.size();
                expected.values().removeIf(value -> value < below);
                assertThat(removed).as("seed %d, step %d", SEED, step).isEqualTo(before - expected.size());
            }
            assertThat(index.size()).as("seed %d, step %d", SEED, step).isEqualTo(expected.size());
        }
        for (String digest : digests) {
            assertThat(index.get(digest)).as("seed %d", SEED).isEqualTo(expected.getOrDefault(digest, -1L));
        }
    }

    @Test
    void digestsThatDifferOnlyAtTheirEndOrInCaseAreTheirOwnOrTheSameKey() {
        DigestIndex index = new DigestIndex();
        index.put("0".repeat(63) + "1", 1);
        index.put("0".repeat(63) + "2", 2);
        index.put("not a sha-256", 3);
        assertThat(index.get("0".repeat(63) + "1")).isEqualTo(1);
        assertThat(index.get("0".repeat(63) + "2")).isEqualTo(2);
        assertThat(index.get("not a sha-256")).isEqualTo(3);
        assertThat(index.get("A".repeat(64))).isEqualTo(index.get("a".repeat(64)));
    }

    private static String digest(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
