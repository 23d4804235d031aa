package dev.sandtrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link TraceReader} on hand-written JSONL: damage at the end is tolerated, elsewhere it is named by line. */
class TraceReaderTest {
    private static final String LINE1 = "{\"event_type\":\"header\",\"seq\":0}\n";
    private static final String LINE2 = "{\"event_type\":\"syscall\",\"seq\":1,\"pid\":5,\"syscall\":\"getpid\"}\n";

    private static TraceReader reader(String text) throws IOException {
        return new TraceReader("t.jsonl", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLastLineCutShortEndsTheTraceAndIsNoted() throws IOException {
        try (TraceReader r = reader(LINE1 + LINE2 + "{\"event_type\":\"syscall\",\"seq\":2,\"pi")) {
            assertThat(r.next().seq()).isZero();
            assertThat(r.next().seq()).isEqualTo(1);
            assertThat(r.next()).isNull();
            assertThat(r.cutShort()).isTrue();
            assertThat(r.count()).isEqualTo(2);
        }
        try (TraceReader r = reader(LINE1 + LINE2)) {
            while (r.next() != null) { }
            assertThat(r.cutShort()).isFalse();
        }
    }

    @Test
    void damageBeforeTheEndIsAnErrorWithItsLine() throws IOException {
        try (TraceReader r = reader(LINE1 + "{\"event_type\":\"syscall\",\"seq\":1,,}\n" + LINE2)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(TraceReader.TraceFormatException.class)
                    .hasMessageStartingWith("t.jsonl:2:");
        }
    }

    @Test
    void aFileThatIsOnlyHalfALineIsNotATrace() throws IOException {
        try (TraceReader r = reader("{\"event_type\":\"hea")) {
            assertThatThrownBy(r::next).isInstanceOf(TraceReader.TraceFormatException.class)
                    .hasMessageStartingWith("t.jsonl:1:").hasMessageContaining("not a sandtrace trace line");
        }
    }
}
