package io.lakeward.scheduler;

/** Kinds of optimizing, from the cheapest to the most thorough. */
public enum OptimizingType {
  /** Compacts fragments (tiny files) with the deletes that apply to them. */
  MINOR,
  /** Merges undersized segments into full files and rewrites files carrying many position deletes. */
  MAJOR,
  /** Rewrites every file, applying all deletes and the table's sort order. */
  FULL
}
