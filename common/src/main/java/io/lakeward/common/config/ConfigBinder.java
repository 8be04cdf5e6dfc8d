package io.lakeward.common.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a YAML configuration file, overridden by environment variables, to an immutable typed
 * configuration object, once at start-up.
 *
 * <p>Every key the configuration type knows can be overridden by the environment variable named
 * {@code LAKEWARD_} + the key in upper case with '.' and '-' replaced by '_': {@code
 * ams.database.type} is {@code LAKEWARD_AMS_DATABASE_TYPE}. Unknown keys in the file and unknown
 * {@code LAKEWARD_<ROOT>_*} variables are errors, so a typo never silently falls back to a default.
 */
public final class ConfigBinder {
  public static final String ENV_PREFIX = "LAKEWARD_";

  private final ObjectMapper mapper;

  public ConfigBinder() {
    SimpleModule durations = new SimpleModule("lakeward-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    durations.addSerializer(Duration.class, new DurationSerializer());
    this.mapper = new ObjectMapper(new YAMLFactory())
        .registerModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** Binds the file (absent file = all defaults) with overrides from env. */
  public <T> T bind(Path file, Map<String, String> env, Class<T> type) {
    ObjectNode tree = readTree(file);
    applyEnvironment(tree, env, type);
    return convert(tree, type, file);
  }

  /** The variable that overrides a key, e.g. LAKEWARD_AMS_DATABASE_TYPE for ams.database.type. */
  public static String environmentVariable(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every key the type knows, in declaration order, with its default rendered as text (null when unset). */
  public <T> Map<String, String> defaults(Class<T> type) {
    JsonNode tree = mapper.valueToTree(convert(JsonNodeFactory.instance.objectNode(), type, null));
    Map<String, String> keys = new LinkedHashMap<>();
    flatten("", tree, keys);
    return keys;
  }

  private ObjectNode readTree(Path file) {
    if (file == null || !Files.exists(file)) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = mapper.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file.toString(), "the top level must be a mapping of keys");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(file.toString(), "not valid YAML" + where + ": " + firstLine(e.getOriginalMessage()).strip());
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  private <T> void applyEnvironment(ObjectNode tree, Map<String, String> env, Class<T> type) {
    Map<String, String> keys = defaults(type);
    Map<String, String> byVariable = keys.keySet().stream()
        .collect(Collectors.toMap(ConfigBinder::environmentVariable, k -> k, (a, b) -> a));
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String key = byVariable.get(entry.getKey());
      if (key != null) {
        set(tree, key, entry.getValue());
      }
    }
    for (String variable : env.keySet()) {
      boolean reserved = keys.keySet().stream()
          .map(k -> environmentVariable(k.substring(0, k.indexOf('.') < 0 ? k.length() : k.indexOf('.'))) + "_")
          .anyMatch(variable::startsWith);
      if (reserved && !byVariable.containsKey(variable)) {
        throw new ConfigException(variable, "no configuration key matches this environment variable");
      }
    }
  }

  private static void set(ObjectNode tree, String key, String value) {
    String[] parts = key.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private <T> T convert(ObjectNode tree, Class<T> type, Path file) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConfigException config) {
          throw config;
        }
      }
      String key = e.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
      if (e instanceof UnrecognizedPropertyException) {
        throw new ConfigException(key, "unknown key" + (file == null ? "" : " in " + file));
      }
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new ConfigException(key, "cannot read the value: " + firstLine(problem));
    } catch (JsonProcessingException e) {
      throw new ConfigException(String.valueOf(file), e.getOriginalMessage());
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
    } else if (!prefix.isEmpty()) {
      out.put(prefix, node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString());
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid value";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return Durations.parse(parser.getValueAsString());
    }
  }

  private static final class DurationSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(Durations.format(value));
    }
  }
}
