package io.github.camelelevateai.routes.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The file store's memory: for each chat, a value of 63 bits (where its line lies in the file, and what the line says),
 * keyed by 128 bits of its digest, in one array with no object per chat: 24 bytes a slot, so about 32 to 48 bytes a
 * chat. A SHA-256 folded to 128 bits leaves two chats among billions a chance of sharing a key below 10^-20.
 * <p>
 * Open addressing with linear probing; removal shifts the following entries back, so no tombstones pile up however
 * many claims are released.
 */
final class DigestIndex {

    private static final int MIN_CAPACITY = 1024;
    private static final double MAX_LOAD = 0.75;
    private static final long OCCUPIED = Long.MIN_VALUE;
    private static final int HEX_DIGEST_LENGTH = 64;
    /** Each ASCII character's value as a hex digit, or -1. */
    private static final byte[] HEX = new byte[128];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX[Character.forDigit(i, 16)] = (byte) i;
            HEX[Character.toUpperCase(Character.forDigit(i, 16))] = (byte) i;
        }
    }

    /** Per slot: the key's high and low halves, then the value with {@link #OCCUPIED} set; all zero when empty. */
    private long[] slots = new long[3 * MIN_CAPACITY];
    private int capacity = MIN_CAPACITY;
    private int size;

    /** @return the value, or -1 when the digest has none */
    long get(String digest) {
        long[] key = new long[2];
        key(digest, key);
        return get(key[0], key[1]);
    }

    long get(long high, long low) {
        int slot = find(high, low);
        return slot < 0 ? -1 : slots[3 * slot + 2] & ~OCCUPIED;
    }

    /**
     * @param value not negative
     * @return the value it replaces, or -1
     */
    long put(String digest, long value) {
        long[] key = new long[2];
        key(digest, key);
        return put(key[0], key[1], value, true);
    }

    long put(long high, long low, long value) {
        return put(high, low, value, true);
    }

    /** @return the value already there, left as it is, or -1 when this one went in */
    long putIfAbsent(long high, long low, long value) {
        return put(high, low, value, false);
    }

    private long put(long high, long low, long value, boolean replace) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        int slot = find(high, low);
        if (slot >= 0) {
            long earlier = slots[3 * slot + 2] & ~OCCUPIED;
            if (replace) {
                slots[3 * slot + 2] = value | OCCUPIED;
            }
            return earlier;
        }
        if (size + 1 > capacity * MAX_LOAD) {
            grow();
        }
        insert(high, low, value | OCCUPIED);
        size++;
        return -1;
    }

    boolean remove(String digest) {
        long[] key = new long[2];
        key(digest, key);
        return remove(key[0], key[1]);
    }

    boolean remove(long high, long low) {
        int slot = find(high, low);
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    /** Removes every entry whose value matches, in place (no second table, so no peak of memory). */
    int removeIf(LongPredicate value) {
        int start = 0;
        while (occupied(start)) {
            start++;
        }
        // from an empty slot, no run of entries wraps around the scan's start; a removal shifts only entries not yet
        // seen into the slot, which is then looked at again
        int removed = 0;
        int slot = next(start);
        for (int seen = 1; seen < capacity;) {
            if (occupied(slot) && value.test(slots[3 * slot + 2] & ~OCCUPIED)) {
                removeAt(slot);
                removed++;
            } else {
                slot = next(slot);
                seen++;
            }
        }
        return removed;
    }

    int size() {
        return size;
    }

    /** The heap the table takes, for figures. */
    long bytes() {
        return 8L * slots.length;
    }

    private int find(long high, long low) {
        for (int slot = home(high); occupied(slot); slot = next(slot)) {
            if (slots[3 * slot] == high && slots[3 * slot + 1] == low) {
                return slot;
            }
        }
        return -1;
    }

    private void insert(long high, long low, long occupiedValue) {
        int slot = home(high);
        while (occupied(slot)) {
            slot = next(slot);
        }
        slots[3 * slot] = high;
        slots[3 * slot + 1] = low;
        slots[3 * slot + 2] = occupiedValue;
    }

    private void removeAt(int hole) {
        for (int slot = next(hole); occupied(slot); slot = next(slot)) {
            int home = home(slots[3 * slot]);
            // the entry moves into the hole unless its home lies cyclically after the hole, up to where it is
            boolean staysPut = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!staysPut) {
                System.arraycopy(slots, 3 * slot, slots, 3 * hole, 3);
                hole = slot;
            }
        }
        slots[3 * hole] = 0;
        slots[3 * hole + 1] = 0;
        slots[3 * hole + 2] = 0;
        size--;
    }

    /** By half, not double: the table's share of empty slots, so of wasted memory, stays smaller. */
    private void grow() {
        long[] old = slots;
        int oldCapacity = capacity;
        long grown = oldCapacity + (long) (oldCapacity >> 1);
        if (3 * grown > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the file store holds too many chats for one table (" + size + ")");
        }
        capacity = (int) grown;
        slots = new long[3 * capacity];
        for (int slot = 0; slot < oldCapacity; slot++) {
            if (old[3 * slot + 2] != 0) {
                insert(old[3 * slot], old[3 * slot + 1], old[3 * slot + 2]);
            }
        }
    }

    private boolean occupied(int slot) {
        return slots[3 * slot + 2] != 0;
    }

    private int home(long high) {
        return (int) Long.remainderUnsigned(high, capacity);
    }

    private int next(int slot) {
        return slot + 1 == capacity ? 0 : slot + 1;
    }

    /**
     * The key of a digest, into {@code key} (high and low halves): the digest's 256 bits folded in half when it is
     * SHA-256 in hex, as the routes' digests are (folded rather than cut, so that digests made up by hand that differ
     * only at their end stay apart); a SHA-256 of any other.
     */
    static void key(String digest, long[] key) {
        byte[] bytes = digest.getBytes(StandardCharsets.ISO_8859_1);
        key(bytes, 0, bytes.length, key);
    }

    /** The same, of a digest read from the file as bytes. */
    static void key(byte[] digest, int from, int to, long[] key) {
        if (to - from == HEX_DIGEST_LENGTH && isHex(digest, from, to)) {
            key[0] = hex(digest, from) ^ Long.rotateLeft(hex(digest, from + 32), 31);
            key[1] = hex(digest, from + 16) ^ Long.rotateLeft(hex(digest, from + 48), 31);
        } else {
            hashed(digest, from, to, key);
        }
    }

    private static long hex(byte[] digest, int from) {
        long bits = 0;
        for (int i = from; i < from + 16; i++) {
            bits = bits << 4 | HEX[digest[i]];
        }
        return bits;
    }

    private static boolean isHex(byte[] digest, int from, int to) {
        for (int i = from; i < to; i++) {
            if (digest[i] < 0 || HEX[digest[i]] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Any other key is hashed to SHA-256 first, so that its bits are as evenly spread. */
    private static void hashed(byte[] digest, int from, int to, long[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(digest, from, to - from);
            byte[] hash = sha256.digest();
            for (int half = 0; half < 2; half++) {
                long bits = 0;
                for (int i = 8 * half; i < 8 * half + 8; i++) {
                    bits = bits << 8 | hash[i] & 0xff;
                }
                key[half] = bits;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
