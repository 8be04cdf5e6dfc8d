package io.lakeward.common;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

/**
 * Rules for the names of catalogs, databases, tables and optimizer groups. Names end up in file paths
 * and in database keys, so anything that could escape a directory or overflow a column is refused.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 128;

  private Identifiers() {}

  /** Returns the name if valid; throws InvalidInputException naming what (e.g. "catalog") and why otherwise. */
  public static String checkName(String what, String name) {
    checkArgument(name != null && !name.isEmpty(), "Invalid %s name: empty", what);
    checkArgument(name.length() <= MAX_LENGTH, "Invalid %s name: longer than %s characters", what, MAX_LENGTH);
    checkArgument(!name.equals(".") && !name.contains(".."), "Invalid %s name '%s': must not contain '..'", what, name);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      checkArgument(c != '/' && c != '\\', "Invalid %s name '%s': must not contain path separators", what, name);
      checkArgument(!Character.isISOControl(c), "Invalid %s name: contains a control character", what);
    }
    checkArgument(name.strip().equals(name), "Invalid %s name '%s': leading or trailing whitespace", what, name);
    return name;
  }
}
