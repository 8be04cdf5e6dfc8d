package io.lakeward.ams.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON for the REST API. Reading is strict: unknown fields, wrong types and scalar coercions
 * ("1" for a number, 1 for a string) are refused with a 400 that names the field.
 */
public final class RestJson {
  private final ObjectMapper mapper;

  public RestJson() {
    this.mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid request: empty body, expected a JSON object");
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid request: expected a JSON object, got null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid request: unknown field '" + e.getPropertyName() + "'");
    } catch (JsonMappingException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidInputException invalid) {
          throw invalid;
        }
      }
      String field = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
      throw new InvalidInputException(ErrorCode.INVALID_INPUT,
          "Invalid request: " + (field.isEmpty() ? "" : "field '" + field + "' ") + "has the wrong type or value");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid request: malformed JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid request: unreadable body");
    }
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize response", e);
    }
  }
}
