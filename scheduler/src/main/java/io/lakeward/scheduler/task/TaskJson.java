package io.lakeward.scheduler.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Reads the fields of a task document and turns every way it can be wrong into an
 * {@link InvalidInputException} that names the document and the field, so a bad payload never
 * surfaces as a NullPointerException or ClassCastException deep inside a parser.
 */
final class TaskJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String subject;

  TaskJson(String subject) {
    this.subject = subject;
  }

  InvalidInputException invalid(String format, Object... args) {
    return InvalidInputException.of("Invalid %s: %s", subject, String.format(format, args));
  }

  /** Parses the whole payload as one JSON object. */
  JsonNode root(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw invalid("empty payload");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT,
          String.format("Invalid %s: not a complete JSON document (%s)", subject, e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT,
          String.format("Invalid %s: unreadable (%s)", subject, e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("expected a JSON object, got %s", root == null ? "nothing" : root.getNodeType());
    }
    return root;
  }

  JsonNode required(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw invalid("missing field '%s'", field);
    }
    return value;
  }

  JsonNode object(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isObject()) {
      throw invalid("field '%s' must be an object, got %s", field, value.getNodeType());
    }
    return value;
  }

  JsonNode array(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isArray()) {
      throw invalid("field '%s' must be an array, got %s", field, value.getNodeType());
    }
    return value;
  }

  String text(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isTextual()) {
      throw invalid("field '%s' must be a string, got %s", field, value.getNodeType());
    }
    return value.asText();
  }

  long longValue(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw invalid("field '%s' must be an integer, got %s", field, value);
    }
    return value.asLong();
  }

  int intValue(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid("field '%s' must be a 32-bit integer, got %s", field, value);
    }
    return value.asInt();
  }

  boolean bool(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.isBoolean()) {
      throw invalid("field '%s' must be true or false, got %s", field, value);
    }
    return value.asBoolean();
  }

  /**
   * Runs one of Iceberg's parsers on a field. They report bad input with IllegalArgumentException,
   * but also NullPointerException or ClassCastException on unexpected shapes; all of them mean the
   * same thing here.
   */
  <T> T parse(String field, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT,
          String.format("Invalid %s: field '%s': %s", subject, field, e.getMessage()), e);
    }
  }
}
