package io.lakeward.ams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from the lakeward-version.properties resource Maven writes. */
public final class LakewardVersion {
  private LakewardVersion() {}

  public static String current() {
    try (InputStream in = LakewardVersion.class.getResourceAsStream("/lakeward-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
