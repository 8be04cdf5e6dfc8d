package io.lakeward.ams.maintenance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A set of path keys held as 128-bit hashes in one primitive array with open addressing: 16 bytes a
 * path (32 at the highest load) instead of a String and a hash-map node, so the files of a table
 * with millions of them fit in tens of megabytes.
 *
 * <p>Membership is by hash, so two different keys with the same 128-bit hash look alike. Callers
 * use the set only to decide what to keep: a false "contains" keeps an orphan, it can never cause
 * a referenced file to be deleted. Not thread-safe.
 */
final class PathHashSet {
  private static final double MAX_LOAD = 0.5;
  private static final int MAX_CAPACITY = 1 << 28;

  private final MessageDigest md5;
  private long hashHigh;
  private long hashLow;
  private long[] slots;
  private int mask;
  private int size;

  PathHashSet(int expectedSize) {
    int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(MAX_CAPACITY, expectedSize / MAX_LOAD)) * 2 - 1);
    this.slots = new long[capacity * 2];
    this.mask = capacity - 1;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has MD5", e);
    }
  }

  /** Adds a key; true when it was not there yet. */
  boolean add(String key) {
    hash(key);
    if (size + 1 > (slots.length / 2) * MAX_LOAD) {
      grow();
    }
    if (insert(slots, mask, hashHigh, hashLow)) {
      size++;
      return true;
    }
    return false;
  }

  boolean contains(String key) {
    hash(key);
    int index = index(hashLow, mask);
    while (true) {
      long high = slots[index * 2];
      long low = slots[index * 2 + 1];
      if (high == 0 && low == 0) {
        return false;
      }
      if (high == hashHigh && low == hashLow) {
        return true;
      }
      index = (index + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  /** The bytes the table of hashes takes, for logs. */
  long footprintBytes() {
    return slots.length * 8L;
  }

  /** Sets hashHigh and hashLow to the key's hash. */
  private void hash(String key) {
    ByteBuffer digest = ByteBuffer.wrap(md5.digest(key.getBytes(StandardCharsets.UTF_8)));
    hashHigh = digest.getLong(0);
    hashLow = digest.getLong(8);
    if (hashHigh == 0 && hashLow == 0) {
      hashLow = 1; // (0, 0) marks an empty slot; the merge only ever makes more keys look present.
    }
  }

  private static boolean insert(long[] table, int mask, long high, long low) {
    int index = index(low, mask);
    while (true) {
      long h = table[index * 2];
      long l = table[index * 2 + 1];
      if (h == 0 && l == 0) {
        table[index * 2] = high;
        table[index * 2 + 1] = low;
        return true;
      }
      if (h == high && l == low) {
        return false;
      }
      index = (index + 1) & mask;
    }
  }

  private static int index(long low, int mask) {
    return (int) (low ^ (low >>> 32)) & mask;
  }

  private void grow() {
    int capacity = (mask + 1) * 2;
    if (capacity > MAX_CAPACITY) {
      throw new IllegalStateException("Too many referenced files to hold: " + size);
    }
    long[] bigger = new long[capacity * 2];
    int biggerMask = capacity - 1;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0 || slots[i + 1] != 0) {
        insert(bigger, biggerMask, slots[i], slots[i + 1]);
      }
    }
    slots = bigger;
    mask = biggerMask;
  }
}
