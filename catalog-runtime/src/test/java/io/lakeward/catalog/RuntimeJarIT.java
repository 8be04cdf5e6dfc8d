package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime jar engines put on their classpath carries only Lakeward's own classes: Thrift is
 * relocated under io.lakeward.shaded, and Iceberg, Hadoop, slf4j, Jackson and Guava come from the engine.
 */
class RuntimeJarIT {
  @Test
  void containsOnlyLakewardPackages() throws IOException {
    Path jar = runtimeJar();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> classes = file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
      assertThat(classes).contains("io/lakeward/catalog/LakewardCatalog.class",
          "io/lakeward/shaded/thrift/TBase.class", "io/lakeward/api/CatalogService.class");
      assertThat(classes).allSatisfy(name -> assertThat(name).startsWith("io/lakeward/"));
      assertThat(classes).noneMatch(name -> name.startsWith("io/lakeward/common/config/"));
    }
  }

  private static Path runtimeJar() throws IOException {
    Path target = Paths.get(System.getProperty("lakeward.repo.root", "..")).resolve("catalog-runtime/target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("lakeward-catalog-runtime-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no runtime jar in " + target));
    }
  }
}
