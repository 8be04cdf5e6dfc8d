package io.lakeward.ams.catalog;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which databases and tables of a catalog the AMS manages, from catalog properties:
 * {@code filter.database.include} / {@code filter.database.exclude} match database names,
 * {@code filter.table.include} / {@code filter.table.exclude} match "database.table". Unset
 * includes match everything; an exclude wins over an include.
 */
public record TableFilter(Pattern databaseInclude, Pattern databaseExclude, Pattern tableInclude, Pattern tableExclude) {
  public static final String DATABASE_INCLUDE = "filter.database.include";
  public static final String DATABASE_EXCLUDE = "filter.database.exclude";
  public static final String TABLE_INCLUDE = "filter.table.include";
  public static final String TABLE_EXCLUDE = "filter.table.exclude";

  public static TableFilter of(Map<String, String> properties) {
    return new TableFilter(compile(properties, DATABASE_INCLUDE), compile(properties, DATABASE_EXCLUDE),
        compile(properties, TABLE_INCLUDE), compile(properties, TABLE_EXCLUDE));
  }

  public boolean acceptsDatabase(String database) {
    return matches(databaseInclude, database, true) && !matches(databaseExclude, database, false);
  }

  public boolean acceptsTable(String database, String table) {
    String name = database + "." + table;
    return acceptsDatabase(database) && matches(tableInclude, name, true) && !matches(tableExclude, name, false);
  }

  private static boolean matches(Pattern pattern, String value, boolean whenUnset) {
    return pattern == null ? whenUnset : pattern.matcher(value).matches();
  }

  private static Pattern compile(Map<String, String> properties, String key) {
    String regex = properties.get(key);
    if (regex == null || regex.isBlank()) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw InvalidInputException.of("Invalid %s '%s': %s", key, regex, e.getDescription());
    }
  }
}
