package io.lakeward.ams.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Storage settings of a catalog: Hadoop site files (as XML content or as paths), any single Hadoop
 * key, and FileIO properties (S3 endpoint, region, credentials, io-impl) that Iceberg reads directly.
 */
public final class StorageSettings {
  /** XML content of core-site.xml. */
  public static final String CORE_SITE = "hadoop.core-site";
  /** XML content of hdfs-site.xml. */
  public static final String HDFS_SITE = "hadoop.hdfs-site";
  /** Path of a core-site.xml on the AMS host. */
  public static final String CORE_SITE_PATH = "hadoop.core-site.path";
  /** Path of an hdfs-site.xml on the AMS host. */
  public static final String HDFS_SITE_PATH = "hadoop.hdfs-site.path";
  /** Prefix of single Hadoop keys: hadoop.conf.fs.defaultFS=hdfs://nn:8020. */
  public static final String HADOOP_CONF_PREFIX = "hadoop.conf.";

  private StorageSettings() {}

  public static Configuration hadoopConfiguration(CatalogDefinition catalog) {
    Map<String, String> storage = catalog.storageConfigs();
    Configuration conf = new Configuration();
    addXml(conf, storage.get(CORE_SITE), "core-site");
    addXml(conf, storage.get(HDFS_SITE), "hdfs-site");
    if (storage.containsKey(CORE_SITE_PATH)) {
      conf.addResource(new Path(storage.get(CORE_SITE_PATH)));
    }
    if (storage.containsKey(HDFS_SITE_PATH)) {
      conf.addResource(new Path(storage.get(HDFS_SITE_PATH)));
    }
    storage.forEach((key, value) -> {
      if (key.startsWith(HADOOP_CONF_PREFIX)) {
        conf.set(key.substring(HADOOP_CONF_PREFIX.length()), value);
      }
    });
    return conf;
  }

  /** Iceberg catalog properties: catalog properties plus storage keys that are not Hadoop site settings. */
  public static Map<String, String> icebergProperties(CatalogDefinition catalog) {
    Map<String, String> properties = new HashMap<>();
    catalog.storageConfigs().forEach((key, value) -> {
      if (!key.startsWith("hadoop.")) {
        properties.put(key, value);
      }
    });
    properties.putAll(catalog.properties());
    return properties;
  }

  private static void addXml(Configuration conf, String xml, String name) {
    if (xml != null && !xml.isBlank()) {
      conf.addResource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), name);
    }
  }
}
