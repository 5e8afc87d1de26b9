package io.backstride.ingest.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * How the API reads JSON bodies, and how it words what is wrong with one. Strict, because a value
 * Jackson would quietly convert is a client bug the client never hears of: severity 4.5 stored as
 * 4, {@code "seq": "0"} taken for 0, a misspelt field ignored.
 */
public final class JsonBodies {

  /**
   * A mapper that refuses unknown fields, trailing content, fractions for whole numbers and any
   * conversion between strings, numbers and booleans. It writes JSON as usual.
   */
  public static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /**
   * One line for the caller: the field (a path such as {@code samples[1].lat}) and what it may be,
   * or where the JSON stops being JSON. Never Java's names for types.
   */
  public static String describe(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds();
      String where = path(u, true);
      return "unknown field '"
          + where
          + "'"
          + (known == null || known.isEmpty()
              ? ""
              : "; the fields are "
                  + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      String field = path(m, false);
      String expected = expected(m.getTargetType());
      String actual = actual(m);
      return field + " must be " + expected + (actual == null ? "" : ", was " + actual);
    }
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return "invalid JSON" + where + ": " + e.getOriginalMessage();
  }

  /** {@code samples[1].lat}; with {@code whole} false the path up to the failing value. */
  private static String path(JsonMappingException e, boolean whole) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 && whole ? "(top level)" : out.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class || type == Float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  /** The offending value as JSON shows it, when the parser still stands on it. */
  private static String actual(MismatchedInputException e) {
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    JsonToken token = p.currentToken();
    if (token == null) {
      return null;
    }
    try {
      return switch (token) {
        case VALUE_STRING -> "\"" + abbreviate(p.getText()) + "\"";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
        case VALUE_NULL -> "null";
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        default -> null;
      };
    } catch (java.io.IOException ex) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= 40 ? line : line.substring(0, 40) + "...";
  }

  private JsonBodies() {}
}
