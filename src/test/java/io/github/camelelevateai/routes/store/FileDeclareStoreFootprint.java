package io.github.camelelevateai.routes.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

/**
 * What the file store costs for a given number of chats at a given rate a day: the file's size, the heap its memory
 * takes, and the time to start on it, remembering every chat and then with a retention that forgets half of them (the
 * file is then rewritten). Each chat is claimed and declared with a result shaped as the routes write it. Not a test:
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *   io.github.camelelevateai.routes.store.FileDeclareStoreFootprint 3650000 10000
 * </pre>
 */
public final class FileDeclareStoreFootprint {

    private static final Instant FIRST_DAY = Instant.parse("2025-01-01T08:00:00Z");

    private FileDeclareStoreFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int chats = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int chatsPerDay = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path folder = Files.createTempDirectory("declare-store-footprint");
        Path file = folder.resolve("declared-chats.txt");
        try {
            FileDeclareStoreTest.MovableClock clock = new FileDeclareStoreTest.MovableClock(FIRST_DAY);
            long started = System.nanoTime();
            write(file, chats, chatsPerDay, clock);
            long days = chats / chatsPerDay;
            System.out.printf("%,d chats claimed and declared, %,d a day, in %.1f s: file %.1f MB (%.0f bytes a"
                    + " chat)%n", chats, chatsPerDay, seconds(started), Files.size(file) / 1e6,
                    (double) Files.size(file) / chats);

            measureStart("start, every chat remembered", file, null, clock, chats);
            measureStart("start again", file, null, clock, chats);
            Duration retention = Duration.ofDays(days / 2);
            measureStart("start with a retention of " + retention.toDays() + " days (forgets half)", file, retention,
                    clock, chats / 2);
            measureStart("start again with that retention", file, retention, clock, chats / 2);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path path : files.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(folder);
        }
    }

    private static void write(Path file, int chats, int chatsPerDay, FileDeclareStoreTest.MovableClock clock) {
        Random random = new Random(1);
        byte[] digest = new byte[32];
        FileDeclareStore writer = new FileDeclareStore(file, null, clock);
        writer.start();
        for (int i = 0; i < chats; i++) {
            if (i > 0 && i % chatsPerDay == 0) {
                clock.advance(Duration.ofDays(1));
            }
            random.nextBytes(digest);
            String key = HexFormat.of().formatHex(digest);
            writer.claim(key);
            writer.declared(key, "{\"interactionIdentifier\":\"" + UUID.randomUUID() + "\",\"source\":\"chat-"
                    + String.format("%08d", i) + ".json\",\"declaredAt\":\"" + clock.instant().plusNanos(123_456_000)
                    + "\"}");
        }
        writer.stop();
    }

    private static void measureStart(String run, Path file, Duration retention, Clock clock, int remembered)
            throws Exception {
        long before = usedHeap();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        FileDeclareStore store = new FileDeclareStore(file, retention, clock);
        store.start();
        double startSeconds = seconds(started);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        long after = usedHeap();
        long[] footprint = store.footprint();
        System.out.printf("%s: %.2f s (%.2f s of CPU); %,d chats remembered; file %.1f MB; heap %.1f MB (%.1f bytes a"
                + " chat remembered), of which the table %.1f MB%n", run, startSeconds, cpuSeconds, footprint[0],
                Files.size(file) / 1e6, (after - before) / 1e6, (double) (after - before) / footprint[0],
                footprint[1] / 1e6);
        if (footprint[0] < remembered * 0.9 || footprint[0] > remembered * 1.1) {
            throw new AssertionError("expected about " + remembered + " chats remembered");
        }
        store.stop();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** After collections, the least seen: what is still reachable. */
    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
