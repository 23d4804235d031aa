package dev.sandtrace.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sandtrace.event.Arg;
import dev.sandtrace.event.Event;
import dev.sandtrace.event.EventSink;
import dev.sandtrace.event.HeaderEvent;
import dev.sandtrace.event.MessageEvent;
import dev.sandtrace.event.ProcessEvent;
import dev.sandtrace.event.SignalEvent;
import dev.sandtrace.event.SummaryEvent;
import dev.sandtrace.event.SyscallEvent;
import dev.sandtrace.event.DnsEvent;
import dev.sandtrace.event.NetworkEvent;
import dev.sandtrace.event.TimeoutEvent;
import dev.sandtrace.event.ViolationEvent;
import dev.sandtrace.linux.Errno;
import dev.sandtrace.linux.Signals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Writes events as JSON Lines through jackson-core's streaming generator. Only whole lines ever
 * reach the file: each event is serialised into memory and appended with its newline, and the
 * buffer is written when it is large and whenever the writer thread catches up ({@link #flush}).
 * A run that is killed leaves a valid JSONL prefix.
 * Schema: docs/jsonl-schema.md.
 */
public final class JsonlWriter implements EventSink {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator("").build();
    private static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream out;
    private final boolean closeOut;
    /** Wall-clock time of time_ns 0, taken from the header (the first event). */
    private Instant start = Instant.EPOCH;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(FLUSH_BYTES * 2);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private final JsonGenerator gen;
    private final Timestamps timestamps = new Timestamps();

    public JsonlWriter(OutputStream out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
        try {
            this.gen = FACTORY.createGenerator(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads jackson's factory classes ahead of use (see cli.Warmup). */
    public static void warmUp() {
        new JsonlWriter(OutputStream.nullOutputStream(), false);
    }

    @Override
    public void accept(Event event) {
        try {
            line.reset();
            write(event);
            gen.flush();
            line.write('\n');
            line.writeTo(pending);
            if (pending.size() >= FLUSH_BYTES) drain();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace: " + e.getMessage(), e);
        }
    }

    private void drain() throws IOException {
        if (pending.size() == 0) return;
        pending.writeTo(out);
        out.flush();
        pending.reset();
    }

    @Override
    public void flush() {
        try {
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        flush();
        if (closeOut) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void common(Event e, String type) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("event_type", type);
        gen.writeNumberField("seq", e.seq());
        gen.writeStringField("timestamp", timestamps.format(start, e.timeNs()));
        gen.writeNumberField("time_ns", e.timeNs());
    }

    private void write(Event event) throws IOException {
        switch (event) {
            case HeaderEvent h -> header(h);
            case ProcessEvent p -> process(p);
            case SyscallEvent s -> syscall(s);
            case SignalEvent s -> signal(s);
            case TimeoutEvent t -> {
                common(t, "timeout");
                gen.writeNumberField("limit_seconds", t.limitSeconds());
                gen.writeNumberField("killed", t.killed());
                gen.writeEndObject();
            }
            case MessageEvent m -> {
                common(m, "message");
                gen.writeStringField("level", m.level().name().toLowerCase(java.util.Locale.ROOT));
                gen.writeStringField("text", m.text());
                gen.writeEndObject();
            }
            case SummaryEvent s -> summary(s);
            case DnsEvent d -> {
                common(d, "dns");
                gen.writeNumberField("pid", d.pid());
                gen.writeNumberField("tid", d.tid());
                gen.writeStringField("syscall", d.syscall());
                gen.writeNumberField("syscall_seq", d.syscallSeq());
                gen.writeStringField("name", d.name());
                gen.writeStringField("type", d.type());
                gen.writeStringField("transport", d.transport());
                gen.writeEndObject();
            }
            case NetworkEvent n -> {
                common(n, "network");
                gen.writeStringField("protocol", n.protocol());
                nullable("host", n.host());
                gen.writeNumberField("port", n.port());
                gen.writeStringField("verdict", n.allowed() ? "allowed" : "denied");
                gen.writeStringField("reason", n.reason());
                nullable("address", n.address());
                gen.writeNumberField("bytes_up", n.bytesUp());
                gen.writeNumberField("bytes_down", n.bytesDown());
                gen.writeNumberField("duration_ns", n.durationNs());
                gen.writeEndObject();
            }
            case ViolationEvent v -> {
                common(v, "violation");
                gen.writeNumberField("pid", v.pid());
                gen.writeNumberField("tid", v.tid());
                gen.writeStringField("syscall", v.syscall());
                gen.writeStringField("layer", v.layer());
                nullable("errno", v.errno());
                nullable("target", v.target());
                gen.writeStringField("reason", v.reason());
                gen.writeNumberField("syscall_seq", v.syscallSeq());
                gen.writeEndObject();
            }
        }
    }

    private void header(HeaderEvent h) throws IOException {
        start = h.startTime();
        common(h, "header");
        gen.writeNumberField("schema_version", HeaderEvent.SCHEMA_VERSION);
        gen.writeStringField("sandtrace_version", h.sandtraceVersion());
        gen.writeStringField("start_time", h.startTime().toString());
        stringArray("argv", h.argv());
        gen.writeStringField("program", h.program());
        gen.writeStringField("cwd", h.cwd());
        gen.writeStringField("kernel_release", h.kernelRelease());
        gen.writeStringField("arch", h.arch());
        gen.writeStringField("hostname", h.hostname());
        gen.writeNumberField("uid", h.uid());
        stringArray("layers", h.layers());
        stringArray("masked", h.masked());
        stringArray("not_enforced", h.notEnforced());
        nullable("policy", h.policy());
        nullable("policy_sha256", h.policySha256());
        gen.writeStringField("tracing", h.tracing());
        gen.writeStringField("tracing_reason", h.tracingReason());
        gen.writeStringField("trace_filter", h.traceFilter());
        if (h.env() == null) gen.writeNullField("env");
        else stringArray("env", h.env());
        gen.writeEndObject();
    }

    private void process(ProcessEvent p) throws IOException {
        common(p, "process");
        gen.writeStringField("kind", p.kind().json);
        gen.writeNumberField("pid", p.pid());
        gen.writeNumberField("tid", p.tid());
        switch (p.kind()) {
            case SPAWNED -> {
                gen.writeNumberField("parent_pid", p.parentPid());
                gen.writeNumberField("child_pid", p.childPid());
                gen.writeStringField("via", p.via());
            }
            case EXEC -> {
                gen.writeStringField("path", p.path());
                stringArray("argv", p.argv());
            }
            case EXITED -> gen.writeNumberField("exit_code", p.exitCode());
            case SIGNALED -> {
                gen.writeStringField("signal", Signals.name(p.signal()));
                gen.writeNumberField("signal_number", p.signal());
                gen.writeBooleanField("core_dumped", p.coreDumped());
            }
        }
        gen.writeEndObject();
    }

    private void syscall(SyscallEvent s) throws IOException {
        common(s, "syscall");
        gen.writeNumberField("pid", s.pid());
        gen.writeNumberField("tid", s.tid());
        gen.writeStringField("syscall", s.name());
        gen.writeNumberField("syscall_nr", s.nr());
        gen.writeStringField("arch", s.arch());
        gen.writeObjectFieldStart("args");
        gen.writeArrayFieldStart("raw");
        for (long v : s.raw()) gen.writeNumber(v);
        gen.writeEndArray();
        gen.writeObjectFieldStart("decoded");
        for (int i = 0; i < s.args().size(); i++) {
            gen.writeFieldName(s.argNames().get(i));
            arg(s.args().get(i));
        }
        gen.writeEndObject();
        gen.writeEndObject();
        if (s.finished()) {
            gen.writeNumberField("return_value", s.errno() != 0 ? -1 : s.returnValue());
        } else {
            gen.writeNullField("return_value");
        }
        gen.writeBooleanField("success", s.success());
        if (s.errno() != 0) gen.writeStringField("errno", Errno.name(s.errno()));
        else gen.writeNullField("errno");
        gen.writeStringField("text", StraceText.line(s));
        if (s.finished()) gen.writeNumberField("duration_us", s.durationNs() / 1000);
        else gen.writeNullField("duration_us");
        if (s.decodeError() != null) gen.writeStringField("decode_error", s.decodeError());
        gen.writeBooleanField("finished", s.finished());
        gen.writeStringField("category", s.category().json);
        gen.writeEndObject();
    }

    /** Typed JSON for a decoded argument: numbers stay numbers, strings are text, flags their names. */
    private void arg(Arg a) throws IOException {
        switch (a) {
            case Arg.Num n -> gen.writeNumber(n.value());
            case Arg.Hex h -> {
                if (h.pointer() && h.value() == 0) gen.writeNull();
                else gen.writeString("0x" + Long.toHexString(h.value()));
            }
            case Arg.Octal o -> gen.writeString(StraceText.render(o));
            case Arg.Sym s -> gen.writeString(s.text());
            case Arg.Str s -> {
                if (s.unreadable()) gen.writeString("0x" + Long.toHexString(s.address()));
                else gen.writeString(new String(s.bytes(), StandardCharsets.UTF_8) + (s.truncated() ? "..." : ""));
            }
            case Arg.Array arr -> {
                gen.writeStartArray();
                for (Arg item : arr.items()) arg(item);
                if (arr.more() > 0) gen.writeString("...");
                gen.writeEndArray();
            }
            case Arg.Struct st -> {
                gen.writeStartObject();
                for (Map.Entry<String, Arg> f : st.fields().entrySet()) {
                    if (f.getKey().equals("sun_path@")) {
                        Arg.Str name = (Arg.Str) f.getValue();
                        gen.writeStringField("sun_path", "@" + new String(name.bytes(), StandardCharsets.UTF_8));
                    } else {
                        gen.writeFieldName(f.getKey());
                        arg(f.getValue());
                    }
                }
                gen.writeEndObject();
            }
            case Arg.Expr x -> gen.writeNumber(x.value());
            case Arg.Named n -> arg(n.value());
            case Arg.Commented c -> arg(c.value());
            case Arg.Fd f -> {
                gen.writeStartObject();
                gen.writeNumberField("fd", f.fd());
                if (f.path() != null) gen.writeStringField("path", f.path());
                else gen.writeNullField("path");
                gen.writeEndObject();
            }
            case Arg.Count c -> {
                gen.writeStartObject();
                gen.writeStringField("address", "0x" + Long.toHexString(c.address()));
                gen.writeNumberField("count", c.count());
                gen.writeEndObject();
            }
        }
    }

    private void signal(SignalEvent s) throws IOException {
        common(s, "signal");
        gen.writeNumberField("pid", s.pid());
        gen.writeNumberField("tid", s.tid());
        gen.writeStringField("signal", Signals.name(s.signal()));
        gen.writeNumberField("signal_number", s.signal());
        gen.writeStringField("code", s.codeName());
        if (s.senderPid() >= 0) {
            gen.writeNumberField("sender_pid", s.senderPid());
            gen.writeNumberField("sender_uid", s.senderUid());
        }
        if (s.faultAddress() != -1) gen.writeStringField("fault_address", "0x" + Long.toHexString(s.faultAddress()));
        gen.writeEndObject();
    }

    private void summary(SummaryEvent s) throws IOException {
        common(s, "summary");
        gen.writeNumberField("total_syscalls", s.totalSyscalls());
        gen.writeNumberField("unique_syscalls", s.perSyscall().size());
        gen.writeNumberField("failed_syscalls", s.failedSyscalls());
        gen.writeNumberField("denied_count", s.deniedCount());
        gen.writeNumberField("ptrace_stops", s.ptraceStops());
        gen.writeNumberField("process_count", s.processCount());
        gen.writeNumberField("duration_ms", s.durationMs());
        gen.writeNumberField("exit_code", s.exitCode());
        gen.writeStringField("ending", s.ending());
        gen.writeObjectFieldStart("syscalls");
        for (Map.Entry<String, long[]> e : s.perSyscall().entrySet()) {
            gen.writeObjectFieldStart(e.getKey());
            gen.writeNumberField("calls", e.getValue()[0]);
            gen.writeNumberField("errors", e.getValue()[1]);
            gen.writeNumberField("time_us", e.getValue()[2] / 1000);
            gen.writeEndObject();
        }
        gen.writeEndObject();
        gen.writeArrayFieldStart("processes");
        for (Map.Entry<Integer, SummaryEvent.ProcessStats> e : s.perProcess().entrySet()) {
            SummaryEvent.ProcessStats p = e.getValue();
            gen.writeStartObject();
            gen.writeNumberField("pid", e.getKey());
            gen.writeNumberField("parent_pid", p.parentPid());
            if (p.command() != null) gen.writeStringField("command", p.command());
            else gen.writeNullField("command");
            gen.writeNumberField("syscalls", p.syscalls());
            gen.writeNumberField("errors", p.errors());
            gen.writeStringField("end", p.end());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    private void nullable(String field, String value) throws IOException {
        if (value == null) gen.writeNullField(field);
        else gen.writeStringField(field, value);
    }

    private void stringArray(String field, java.util.List<String> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (String v : values) gen.writeString(v);
        gen.writeEndArray();
    }
}
