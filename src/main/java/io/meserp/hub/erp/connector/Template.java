package io.meserp.hub.erp.connector;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One JSONata expression of a connector.yaml (a request template, a response mapping, an error predicate), compiled at
 * start-up so that a typo stops the hub with the file and key named rather than failing on the first event. JSONata
 * (com.dashjoin:jsonata, the implementation behind Camel's jsonata component) is used as a library here: the
 * expressions live inline in connector.yaml and are evaluated many times per event, without an exchange each.
 */
final class Template {

    /**
     * {@code $zoned(local, zone)}: a local date-time ({@code 2026-11-30T06:00:00}) in a time zone ({@code Europe/Berlin})
     * as an RFC 3339 date-time with its offset, daylight saving included; JSONata itself knows fixed offsets only.
     */
    private static final Jsonata.Fn2<String, String, String> ZONED = (local, zone) -> java.time.LocalDateTime.parse(local)
            .atZone(java.time.ZoneId.of(zone)).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));

    private final String where;
    private final String source;
    private final Jsonata expression;

    private Template(String where, String source, Jsonata expression) {
        this.where = where;
        this.source = source;
        this.expression = expression;
    }

    /** Compiles {@code source}; {@code where} names the file and key for errors. */
    static Template of(String where, String source) {
        return of(where, source, java.util.Map.of());
    }

    /**
     * Compiles {@code source} with {@code bindings} as variables ({@code $name}): the connector's named functions. They
     * are bound once here; evaluating never changes an expression, so one may run on many threads.
     */
    static Template of(String where, String source, java.util.Map<String, Object> bindings) {
        Jsonata expression;
        try {
            expression = Jsonata.jsonata(source);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + ": not a JSONata expression: " + e.getMessage(), e);
        }
        bindings.forEach(expression::assign);
        expression.registerFunction("zoned", ZONED);
        return new Template(where, source, expression);
    }

    /** The value of an expression that needs no input (a function definition). */
    Object value() {
        return evaluate(null);
    }

    /** The expression's value for {@code input}; a missing node when it gives nothing (JSONata's undefined). */
    JsonNode apply(ObjectMapper mapper, Object input) {
        Object value = evaluate(input);
        if (value == null) {
            return MissingNode.getInstance();
        }
        return mapper.valueToTree(value == Jsonata.NULL_VALUE ? null : value);
    }

    /** Whether the expression holds for {@code input} (JSONata truthiness: undefined, false, 0, "" and [] do not). */
    boolean test(Object input) {
        return Jsonata.boolize(evaluate(input));
    }

    /** A failure names the file, key and expression: the hub fails on this event (counted as a poison attempt). */
    private Object evaluate(Object input) {
        try {
            return expression.evaluate(input);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + " failed: " + e.getMessage() + " (expression: " + source.strip() + ")", e);
        }
    }

    @Override
    public String toString() {
        return where;
    }
}
