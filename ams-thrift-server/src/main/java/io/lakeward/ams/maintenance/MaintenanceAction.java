package io.lakeward.ams.maintenance;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The maintenance actions, with the table property that switches each on (the names users of
 * lakehouse management services know) and its default.
 */
public enum MaintenanceAction {
  EXPIRE_SNAPSHOTS("expire-snapshots", "table-expire.enabled", true),
  CLEAN_ORPHAN_FILES("clean-orphan-files", "clean-orphan-file.enabled", false),
  CLEAN_DANGLING_DELETES("clean-dangling-deletes", "clean-dangling-delete-files.enabled", true),
  EXPIRE_DATA("expire-data", "data-expire.enabled", false),
  AUTO_TAG("auto-tag", "tag.auto-create.enabled", false);

  private final String wireName;
  private final String enabledProperty;
  private final boolean enabledByDefault;

  MaintenanceAction(String wireName, String enabledProperty, boolean enabledByDefault) {
    this.wireName = wireName;
    this.enabledProperty = enabledProperty;
    this.enabledByDefault = enabledByDefault;
  }

  /** The name in REST paths, config keys and process records, e.g. expire-snapshots. */
  public String wireName() {
    return wireName;
  }

  public String enabledProperty() {
    return enabledProperty;
  }

  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  /** The table property that overrides the server-level interval of this action for one table. */
  public String intervalProperty() {
    return "maintenance." + wireName + ".interval";
  }

  /** The action of a wire name (or enum name); InvalidInputException listing the valid names otherwise. */
  public static MaintenanceAction of(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(a -> a.wireName.equals(wanted)).findFirst()
        .orElseThrow(() -> InvalidInputException.of("Unknown maintenance action: '%s' (one of %s)", name,
            Arrays.stream(values()).map(MaintenanceAction::wireName).collect(Collectors.joining(", "))));
  }
}
