package io.lakeward.benchmarks.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The key=value arguments of one engine command. */
record Args(Map<String, String> values) {
  String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing argument " + key);
    }
    return value;
  }

  String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  long getLong(String key) {
    return Long.parseLong(get(key));
  }

  int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  boolean getBoolean(String key) {
    return Boolean.parseBoolean(get(key, "false"));
  }

  /** Arguments named {@code prefix.key}, without the prefix (table properties, action options). */
  Map<String, String> prefixed(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k.substring(prefix.length() + 1), v);
      }
    });
    return out;
  }
}
