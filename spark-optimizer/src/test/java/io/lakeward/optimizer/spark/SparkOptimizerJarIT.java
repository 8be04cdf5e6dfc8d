package io.lakeward.optimizer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged Spark application: one jar whose classes cannot clash with what a stock Spark 3.5
 * cluster has on its classpath. Only Lakeward's own packages (the relocated libraries included) and
 * Iceberg may be in it.
 */
class SparkOptimizerJarIT {
  private static final Path JAR = Paths.get(System.getProperty("lakeward.repo.root", ".."))
      .resolve("spark-optimizer/target/lakeward-spark-optimizer.jar").toAbsolutePath().normalize();

  @Test
  void relocatesEverythingSparkAlsoCarries() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes = jar.stream().map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class"))
          .map(name -> name.startsWith("META-INF/versions/") ? name.replaceFirst("META-INF/versions/\\d+/", "") : name)
          .filter(name -> !name.equals("module-info.class"))
          .toList();

      assertThat(classes).as("classes in the jar").hasSizeGreaterThan(5000);
      for (String clashing : List.of("org/apache/thrift/", "com/fasterxml/jackson/", "com/google/common/",
          "org/apache/parquet/", "org/apache/avro/", "org/apache/hadoop/", "scala/", "org/slf4j/",
          "org/apache/logging/", "org/apache/commons/", "org/roaringbitmap/", "io/airlift/", "org/apache/arrow/", "io/netty/")) {
        assertThat(classes).as("unrelocated classes under " + clashing).noneMatch(name -> name.startsWith(clashing));
      }
      // iceberg-spark has a few classes of its own in Spark's packages (procedure interfaces, plan nodes):
      // they may be in the jar, Spark's own classes may not.
      for (String name : classes.stream().filter(name -> name.startsWith("org/apache/spark/")).toList()) {
        assertThat(Collections.list(ClassLoader.getSystemClassLoader().getResources(name)))
            .as("where " + name + " comes from").isNotEmpty()
            .allMatch(url -> url.toString().contains("/iceberg-spark-3.5_"), "is in iceberg-spark, not Spark");
      }
      assertThat(classes).as("classes outside Lakeward's packages and Iceberg")
          .allMatch(name -> name.startsWith("io/lakeward/") || name.startsWith("org/apache/iceberg/")
              || name.startsWith("org/apache/spark/"));
      assertThat(classes).contains("io/lakeward/optimizer/spark/SparkOptimizer.class",
          "io/lakeward/shaded/thrift/TServiceClient.class", "io/lakeward/shaded/jackson/databind/ObjectMapper.class",
          "io/lakeward/shaded/parquet/hadoop/ParquetFileWriter.class",
          "org/apache/iceberg/relocated/com/google/common/collect/ImmutableList.class",
          "org/apache/iceberg/spark/source/IcebergSource.class", "io/lakeward/shaded/arrow/vector/VectorSchemaRoot.class");
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.lakeward.optimizer.spark.SparkOptimizer");
    }
  }
}
