package io.lakeward.ams.rest;

import io.lakeward.common.exceptions.InvalidInputException;

/** Parsing of query parameters the REST routes share; a bad value is a 400 naming it. */
final class QueryParams {
  static final int MAX_LIMIT = 1000;

  private QueryParams() {
  }

  /** {@code ?limit=}: 1 to 1000, the default when absent. */
  static int limit(String value, int defaultLimit) {
    if (value == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit > 0 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InvalidInputException.of("Invalid limit: %s (1 to %s)", value, MAX_LIMIT);
  }
}
