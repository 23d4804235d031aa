package dev.sandtrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sandtrace JSONL trace one event at a time, so that a trace of any size is read in
 * memory bounded by its longest line. Each line becomes a {@link TraceEvent}: a map of JSON
 * values (String, Long, Double, Boolean, null, List, Map). Schema: docs/jsonl-schema.md.
 */
public final class TraceReader implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build())
            .build();

    private final String source;
    private final InputStream in;
    private final JsonParser parser;
    private long lines;
    private boolean cutShort;

    public TraceReader(Path file) throws IOException {
        this(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    public TraceReader(String source, InputStream in) throws IOException {
        this.source = source;
        this.in = in;
        this.parser = FACTORY.createParser(in);
    }

    /** The next event, or null at the end of the trace. */
    public TraceEvent next() throws IOException {
        JsonToken t;
        long complete = lines;
        try {
            t = parser.nextToken();
            if (t == null) return null;
            lines++;
            if (t != JsonToken.START_OBJECT) throw problem("expected a JSON object");
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) value(t);
            if (!(fields.get("event_type") instanceof String)) throw problem("no event_type");
            return new TraceEvent(fields);
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            if (complete > 0) {
                // a writer killed mid-line (SIGKILL, OOM, a full disk) leaves half an event at the
                // end: what came before it is still a trace worth reading
                cutShort = true;
                lines = complete;
                return null;
            }
            throw format(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw format(e);
        }
    }

    /** True when the file ended inside its last event, which {@link #next} then skipped. */
    public boolean cutShort() {
        return cutShort;
    }

    private TraceFormatException format(com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc != null ? loc.getLineNr() + ":" + loc.getColumnNr() : "event " + lines;
        return new TraceFormatException(source + ":" + where + ": not a sandtrace trace line (" + e.getOriginalMessage() + ")", e);
    }

    /** How many events were read so far. */
    public long count() {
        return lines;
    }

    private TraceFormatException problem(String what) {
        var loc = parser.currentLocation();
        return new TraceFormatException(source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": " + what
                + ": not a sandtrace JSONL trace", null);
    }

    private Object value(JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = parser.nextToken(); k != JsonToken.END_OBJECT; k = parser.nextToken()) {
                    String name = parser.currentName();
                    m.put(name, value(parser.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = parser.nextToken(); v != JsonToken.END_ARRAY; v = parser.nextToken()) {
                    l.add(value(v));
                }
                yield l;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue().longValue() : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw problem("unexpected " + t);
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
        in.close();
    }

    /** A trace that is not sandtrace JSONL; the message names the file and where. */
    public static final class TraceFormatException extends IOException {
        TraceFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
