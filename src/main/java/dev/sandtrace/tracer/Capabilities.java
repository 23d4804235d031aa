package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** capget(2)/capset(2): struct __user_cap_header_struct and the __user_cap_data_struct pair (linux/capability.h). */
final class Capabilities {
    private Capabilities() {}

    private static final String[] NAMES = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
        "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE"};
    private static final int VERSION_1 = 0x19980330;

    /** {@code {version=_LINUX_CAPABILITY_VERSION_3, pid=0}}. */
    static final ArgDecoder HEADER = ArgDecoder.in((d, pid, v, raw) -> {
        ByteBuffer b = d.struct(pid, v, 8);
        if (b == null) return Decoder.unreadable(v);
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("version", Decoder.constant("cap_version", b.getInt(0) & 0xffffffffL, "_LINUX_CAPABILITY_VERSION_"));
        f.put("pid", new Arg.Num(b.getInt(4)));
        return new Arg.Struct(f);
    });

    /** capget's sets, at exit: {@code {effective=1<<CAP_CHOWN|..., permitted=..., inheritable=0}}. */
    static final ArgDecoder DATA_OUT = ArgDecoder.out((d, pid, v, raw, ret) -> data(d, pid, v, raw));

    /** capset's sets, at entry. */
    static final ArgDecoder DATA_IN = ArgDecoder.in(Capabilities::data);

    /** Version 1 has one 32-bit set of each kind, versions 2 and 3 two (64 capabilities). */
    private static Arg data(Decoder d, int pid, long address, long[] raw) {
        ByteBuffer h = d.struct(pid, raw[0], 4);
        boolean one = h != null && h.getInt(0) == VERSION_1;
        ByteBuffer b = d.struct(pid, address, one ? 12 : 24);
        if (b == null) return Decoder.unreadable(address);
        String[] kinds = {"effective", "permitted", "inheritable"};
        Map<String, Arg> f = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            long set = b.getInt(k * 4) & 0xffffffffL;
            if (!one) set |= (b.getInt(12 + k * 4) & 0xffffffffL) << 32;
            f.put(kinds[k], new Arg.Sym(set(set), set));
        }
        return new Arg.Struct(f);
    }

    private static String set(long bits) {
        if (bits == 0) return "0";
        StringBuilder sb = new StringBuilder();
        long left = bits;
        for (int cap = 0; cap < NAMES.length; cap++) {
            if ((bits & 1L << cap) == 0) continue;
            if (!sb.isEmpty()) sb.append('|');
            sb.append("1<<").append(NAMES[cap]);
            left &= ~(1L << cap);
        }
        if (left != 0) sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(left));
        return sb.toString();
    }
}
