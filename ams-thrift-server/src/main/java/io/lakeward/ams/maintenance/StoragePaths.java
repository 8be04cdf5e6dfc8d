package io.lakeward.ams.maintenance;

import java.util.Locale;

/**
 * Comparable forms of file locations for orphan cleaning. One file can be written down in several
 * ways ({@code file:/t/x}, {@code file:///t/x}, {@code /t/x}; {@code s3://b/k} and {@code s3a://b/k};
 * {@code hdfs://nn:8020/p} and {@code hdfs://nn/p}; doubled or trailing slashes), and it must be
 * recognised whichever form the metadata and the listing use. Two questions, two strictnesses:
 *
 * <ul>
 *   <li>"Is this file referenced?" compares {@link StorageLocation#key()}, the path alone. Dropping
 *       scheme and authority is the safe direction here: two different files that share a key are
 *       both kept when either is referenced; a file a reader needs is never mistaken for an orphan.
 *   <li>"Is this file inside the table's location?" ({@link StorageLocation#isBelow}) also compares
 *       scheme family and authority, because there merging would be the unsafe direction.
 * </ul>
 */
final class StoragePaths {
  private StoragePaths() {}

  /**
   * A parsed location.
   *
   * @param family the scheme, with s3a and s3n as s3; "" for a plain path
   * @param authority bucket or host, lower case, without port; "" when absent or localhost
   * @param key the path below scheme and authority, single slashes, no trailing slash
   */
  record StorageLocation(String family, String authority, String key) {
    /**
     * Whether this location lies strictly below the root: its path continues the root's path after
     * a slash ({@code /t/data} does not contain {@code /t/data2/x}), on the same storage. A root
     * without a scheme or authority stands for the default file system, whatever the listing calls it.
     */
    boolean isBelow(StorageLocation root) {
      return sameOrUnstated(root.family, family) && sameOrUnstated(root.authority, authority)
          && pathBelow(root.key, key);
    }

    /**
     * Whether this location sits in a hidden place below the root: a directory or file name
     * starting with '.' or '_' (checksums, _SUCCESS markers, _temporary directories of other
     * tools), unless the name is a partition directory such as {@code _bucket=3}.
     */
    boolean isHiddenBelow(StorageLocation root) {
      int start = root.key.length() + 1;
      while (start < key.length()) {
        int end = key.indexOf('/', start);
        if (end < 0) {
          end = key.length();
        }
        char first = key.charAt(start);
        if ((first == '.' || first == '_') && key.substring(start, end).indexOf('=') < 0) {
          return true;
        }
        start = end + 1;
      }
      return false;
    }

    /** The number of path segments: 0 for the root of a bucket or file system. */
    int depth() {
      int depth = 0;
      for (int i = 0; i < key.length(); i++) {
        if (key.charAt(i) == '/' && i + 1 < key.length()) {
          depth++;
        }
      }
      return depth;
    }

    private static boolean sameOrUnstated(String root, String other) {
      return root.isEmpty() || other.isEmpty() || root.equals(other);
    }

    private static boolean pathBelow(String rootKey, String key) {
      return key.length() > rootKey.length() + 1 && key.startsWith(rootKey)
          && (rootKey.equals("/") || key.charAt(rootKey.length()) == '/');
    }
  }

  static StorageLocation parse(String location) {
    String rest = location.trim();
    String family = "";
    String authority = "";
    int schemeEnd = schemeEnd(rest);
    if (schemeEnd > 0) {
      family = family(rest.substring(0, schemeEnd));
      rest = rest.substring(schemeEnd + 1);
      if (rest.startsWith("//")) {
        int pathStart = rest.indexOf('/', 2);
        authority = authority(rest.substring(2, pathStart < 0 ? rest.length() : pathStart));
        rest = pathStart < 0 ? "" : rest.substring(pathStart);
      }
    }
    return new StorageLocation(family, authority, pathKey(rest));
  }

  /** The path-only key of a location, what reference checks compare. */
  static String key(String location) {
    return parse(location).key();
  }

  private static String pathKey(String path) {
    StringBuilder key = new StringBuilder(path.length() + 1);
    if (!path.startsWith("/")) {
      key.append('/');
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/' && key.length() > 0 && key.charAt(key.length() - 1) == '/') {
        continue;
      }
      key.append(c);
    }
    if (key.length() > 1 && key.charAt(key.length() - 1) == '/') {
      key.setLength(key.length() - 1);
    }
    return key.toString();
  }

  private static String family(String scheme) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    return lower.equals("s3a") || lower.equals("s3n") ? "s3" : lower;
  }

  private static String authority(String authority) {
    String host = authority.toLowerCase(Locale.ROOT);
    int at = host.lastIndexOf('@');
    host = at < 0 ? host : host.substring(at + 1);
    int colon = host.lastIndexOf(':');
    host = colon < 0 || host.endsWith("]") ? host : host.substring(0, colon);
    return host.equals("localhost") ? "" : host;
  }

  /** The index of the ':' that ends a URI scheme, or -1 when the location has no scheme. */
  private static int schemeEnd(String location) {
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (c == ':') {
        // A one-letter "scheme" is a Windows drive letter, not a scheme.
        return i > 1 ? i : -1;
      }
      boolean valid = Character.isLetter(c) || (i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.'));
      if (!valid) {
        return -1;
      }
    }
    return -1;
  }
}
