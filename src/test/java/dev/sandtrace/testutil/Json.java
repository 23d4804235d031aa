package dev.sandtrace.testutil;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON reader for tests, on jackson-core's streaming parser only. Objects become
 * {@link LinkedHashMap}s (keys in document order, duplicates rejected), arrays {@link ArrayList}s,
 * integers {@link Long} (a {@link java.math.BigInteger} if they do not fit), other numbers
 * {@link Double}, and true/false/null {@link Boolean}/{@code null}.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** Parses exactly one JSON value; trailing content is an error. */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) throw new IllegalArgumentException("empty JSON text");
            Object value = read(p);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new IllegalArgumentException("trailing content after the JSON value at "
                        + p.currentTokenLocation().offsetDescription() + ": " + extra);
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /** Parses an object, failing if the text is any other JSON value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new IllegalArgumentException("not a JSON object: " + text);
        return (Map<String, Object>) v;
    }

    /**
     * Reads a JSON Lines file. Every line, including the last, must be one complete JSON object
     * ended by a newline; anything else fails with an {@link AssertionError} naming the line.
     */
    public static List<Map<String, Object>> readJsonl(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (content.isEmpty()) return out;
        if (!content.endsWith("\n")) {
            throw new AssertionError(file + ": line " + content.split("\n", -1).length
                    + " is incomplete: no final newline");
        }
        String[] lines = content.substring(0, content.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                out.add(parseObject(lines[i]));
            } catch (IllegalArgumentException e) {
                String shown = lines[i].length() > 300 ? lines[i].substring(0, 300) + "..." : lines[i];
                throw new AssertionError(file + ": line " + (i + 1) + " is not a complete JSON object: "
                        + e.getMessage() + "\n  " + shown, e);
            }
        }
        return out;
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(read(p));
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }
}
