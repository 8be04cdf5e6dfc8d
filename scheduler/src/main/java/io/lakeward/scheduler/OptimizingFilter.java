package io.lakeward.scheduler;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Parses the self-optimizing.filter table property, a SQL-like predicate on columns (usually the
 * partition source columns), into an Iceberg expression that limits which files are optimized:
 *
 * <pre>
 * predicate  := or
 * or         := and ("OR" and)*
 * and        := unary ("AND" unary)*
 * unary      := "NOT" unary | "(" or ")" | comparison
 * comparison := column ("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") literal
 *             | column "IS" ["NOT"] "NULL" | column ["NOT"] "IN" "(" literal ("," literal)* ")"
 * literal    := 'text' | integer | decimal | TRUE | FALSE
 * </pre>
 *
 * Text literals are converted to the column's type when bound, so {@code day >= '2024-01-01'} works
 * on a date column. Files are selected with Iceberg's own manifest and metrics pruning.
 */
public final class OptimizingFilter {
  private final List<String> tokens;
  private final String text;
  private int position;

  private OptimizingFilter(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** The expression of a filter; alwaysTrue for a blank one. InvalidInputException names the problem. */
  public static Expression parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return Expressions.alwaysTrue();
    }
    OptimizingFilter parser = new OptimizingFilter(filter);
    Expression expression = parser.or();
    if (parser.position != parser.tokens.size()) {
      throw parser.invalid("unexpected '" + parser.tokens.get(parser.position) + "'");
    }
    return expression;
  }

  private Expression or() {
    Expression left = and();
    while (acceptKeyword("OR")) {
      left = Expressions.or(left, and());
    }
    return left;
  }

  private Expression and() {
    Expression left = unary();
    while (acceptKeyword("AND")) {
      left = Expressions.and(left, unary());
    }
    return left;
  }

  private Expression unary() {
    if (acceptKeyword("NOT")) {
      return Expressions.not(unary());
    }
    if (accept("(")) {
      Expression inner = or();
      expect(")");
      return inner;
    }
    return comparison();
  }

  private Expression comparison() {
    String column = next("a column name");
    if (!column.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw invalid("expected a column name, got '" + column + "'");
    }
    if (acceptKeyword("IS")) {
      boolean not = acceptKeyword("NOT");
      expectKeyword("NULL");
      return not ? Expressions.notNull(column) : Expressions.isNull(column);
    }
    boolean not = acceptKeyword("NOT");
    if (acceptKeyword("IN")) {
      expect("(");
      List<Object> values = new ArrayList<>();
      do {
        values.add(literal());
      } while (accept(","));
      expect(")");
      return not ? Expressions.notIn(column, values.toArray()) : Expressions.in(column, values.toArray());
    }
    if (not) {
      throw invalid("expected IN after NOT");
    }
    String operator = next("an operator");
    Object value = literal();
    return switch (operator) {
      case "=" -> Expressions.equal(column, value);
      case "!=", "<>" -> Expressions.notEqual(column, value);
      case "<" -> Expressions.lessThan(column, value);
      case "<=" -> Expressions.lessThanOrEqual(column, value);
      case ">" -> Expressions.greaterThan(column, value);
      case ">=" -> Expressions.greaterThanOrEqual(column, value);
      default -> throw invalid("unknown operator '" + operator + "'");
    };
  }

  private Object literal() {
    String token = next("a value");
    if (token.startsWith("'")) {
      return token.substring(1, token.length() - 1).replace("''", "'");
    }
    if (token.equalsIgnoreCase("true") || token.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(token);
    }
    try {
      return token.contains(".") ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw invalid("expected a value, got '" + token + "'");
    }
  }

  private boolean accept(String token) {
    if (position < tokens.size() && tokens.get(position).equals(token)) {
      position++;
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword)) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw invalid("expected '" + token + "'");
    }
  }

  private void expectKeyword(String keyword) {
    if (!acceptKeyword(keyword)) {
      throw invalid("expected " + keyword);
    }
  }

  private String next(String what) {
    if (position >= tokens.size()) {
      throw invalid("expected " + what + " at the end");
    }
    return tokens.get(position++);
  }

  private InvalidInputException invalid(String problem) {
    return new InvalidInputException(ErrorCode.INVALID_INPUT,
        "Invalid table property " + OptimizingConfig.FILTER + ": " + problem + " in '" + text + "'");
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        int end = i + 1;
        while (end < text.length() && (text.charAt(end) != '\'' || end + 1 < text.length() && text.charAt(end + 1) == '\'')) {
          end += text.charAt(end) == '\'' ? 2 : 1;
        }
        if (end >= text.length()) {
          throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid table property " + OptimizingConfig.FILTER
              + ": unterminated text in '" + text + "'");
        }
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if ("(),".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else if ("=<>!".indexOf(c) >= 0) {
        int end = i + 1;
        while (end < text.length() && "=<>".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      } else {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "()',=<>!".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }
}
