package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * struct msghdr, struct mmsghdr and the struct cmsghdr chain of msg_control (sendmsg(2),
 * recvmsg(2), sendmmsg(2), recvmmsg(2), cmsg(3)), shown as strace 6.1 shows them.
 */
final class Msghdr {
    private Msghdr() {}

    private static final int SIZE = 56, MMSG_SIZE = 64, IOVEC_SIZE = 16, CMSG_HEADER = 16;
    /** strace -X abbrev prints at most this many array elements (its -s default for arrays). */
    private static final int MAX_ELEMENTS = 64;
    /** The kernel's net.core.optmem_max default: strace reads no more control data than that. */
    private static final int MAX_CONTROL = 81920;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;

    static final FlagSet MSG_FLAGS = new FlagSet("0")
            .add("MSG_OOB", 0x1).add("MSG_PEEK", 0x2).add("MSG_DONTROUTE", 0x4).add("MSG_CTRUNC", 0x8)
            .add("MSG_PROXY", 0x10).add("MSG_TRUNC", 0x20).add("MSG_DONTWAIT", 0x40).add("MSG_EOR", 0x80)
            .add("MSG_WAITALL", 0x100).add("MSG_FIN", 0x200).add("MSG_SYN", 0x400).add("MSG_CONFIRM", 0x800)
            .add("MSG_RST", 0x1000).add("MSG_ERRQUEUE", 0x2000).add("MSG_NOSIGNAL", 0x4000).add("MSG_MORE", 0x8000)
            .add("MSG_WAITFORONE", 0x10000).add("MSG_BATCH", 0x40000).add("MSG_SOCK_DEVMEM", 0x2000000)
            .add("MSG_ZEROCOPY", 0x4000000).add("MSG_FASTOPEN", 0x20000000).add("MSG_CMSG_CLOEXEC", 0x40000000);

    static Arg msgFlags(long v) {
        return Decoder.flags(MSG_FLAGS, v & 0xffffffffL, "MSG_");
    }

    /** sendmsg's message, read at entry: every iovec shown up to its length. */
    static final ArgDecoder SENT = ArgDecoder.in((d, pid, v, raw) -> {
        ByteBuffer b = d.struct(pid, v, SIZE);
        return b == null ? Decoder.unreadable(v) : msghdr(d, pid, b, 0, -1, -1);
    });

    /**
     * recvmsg's message: the name length the caller offered is kept from entry ({@code 128 =>
     * 16}); after a failure only that length is shown, as strace does.
     */
    static final ArgDecoder RECEIVED = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            ByteBuffer b = v == 0 ? null : d.struct(pid, v, SIZE);
            return b == null ? null : offered(b.getInt(8));
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            if (!(atEntry instanceof Arg.Struct offered)) return Decoder.pointer(v);
            if (error) return offered;
            ByteBuffer b = d.struct(pid, v, SIZE);
            int namelen = (int) ((Arg.Num) offered.fields().get("msg_namelen")).value();
            return b == null ? Decoder.unreadable(v) : msghdr(d, pid, b, 0, namelen, ret);
        }
    };

    private static Arg.Struct offered(int namelen) {
        Map<String, Arg> f = new LinkedHashMap<>();
        f.put("msg_namelen", new Arg.Num(namelen));
        return new Arg.Struct(f);
    }

    /** sendmmsg's vector, decoded at exit: the first {@code ret} entries also show msg_len. */
    static final ArgDecoder SENT_VECTOR = new ArgDecoder() {
        @Override
        public Arg entry(Decoder d, int pid, long v, long[] raw) {
            return null;
        }

        @Override
        public Arg exit(Decoder d, int pid, long v, long[] raw, long ret, boolean error, Arg atEntry) {
            return vector(d, pid, v, raw[2] & 0xffffffffL, error ? 0 : ret, false);
        }
    };

    /** recvmmsg's vector: the {@code ret} entries received, data shown up to each msg_len. */
    static final ArgDecoder RECEIVED_VECTOR = ArgDecoder.out((d, pid, v, raw, ret) -> vector(d, pid, v, ret, ret, true));

    private static Arg vector(Decoder d, int pid, long address, long count, long withLength, boolean received) {
        if (address == 0) return Decoder.pointer(0);
        List<Arg> items = new ArrayList<>();
        int shown = Decoder.bounded(count, MAX_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            ByteBuffer b = d.struct(pid, address + (long) i * MMSG_SIZE, MMSG_SIZE);
            if (b == null) {
                if (i == 0) return Decoder.unreadable(address);
                break;
            }
            long msgLen = b.getInt(SIZE) & 0xffffffffL;
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("msg_hdr", msghdr(d, pid, b, 0, -1, received ? msgLen : -1));
            if (i < withLength) f.put("msg_len", new Arg.Num(msgLen));
            items.add(new Arg.Struct(f));
        }
        return new Arg.Array(items, Long.compareUnsigned(count, shown) > 0 ? 1 : 0);
    }

    /**
     * One struct msghdr at {@code at} in {@code b}. {@code offeredNamelen}: the caller's
     * msg_namelen before a receive, -1 for a send; {@code data}: bytes to show over the iovecs,
     * -1 for each iovec's full length.
     */
    private static Arg msghdr(Decoder d, int pid, ByteBuffer b, int at, int offeredNamelen, long data) {
        long name = b.getLong(at), iov = b.getLong(at + 16), iovlen = b.getLong(at + 24);
        long control = b.getLong(at + 32), controllen = b.getLong(at + 40);
        int namelen = b.getInt(at + 8);
        Map<String, Arg> f = new LinkedHashMap<>();
        int shownNamelen = offeredNamelen >= 0 && namelen > offeredNamelen ? offeredNamelen : namelen;
        f.put("msg_name", name == 0 ? Decoder.pointer(0) : d.sockaddr(pid, name, shownNamelen));
        f.put("msg_namelen", offeredNamelen >= 0 && offeredNamelen != namelen
                ? new Arg.Expr(offeredNamelen + " => " + namelen, namelen) : new Arg.Num(namelen));
        f.put("msg_iov", iovecs(d, pid, iov, iovlen, data));
        f.put("msg_iovlen", new Arg.Num(iovlen));
        if (controllen != 0) f.put("msg_control", control(d, pid, control, controllen));
        f.put("msg_controllen", new Arg.Num(controllen));
        f.put("msg_flags", msgFlags(b.getInt(at + 48)));
        return new Arg.Struct(f);
    }

    /** An iovec array, each base shown up to its length and what is left of {@code data} (-1: no limit). */
    static Arg iovecs(Decoder d, int pid, long address, long count, long data) {
        if (address == 0) return Decoder.pointer(0);
        int shown = Decoder.bounded(count, MAX_ELEMENTS);
        List<Arg> items = new ArrayList<>(shown);
        long left = data;
        for (int i = 0; i < shown; i++) {
            ByteBuffer b = d.struct(pid, address + (long) i * IOVEC_SIZE, IOVEC_SIZE);
            if (b == null) {
                if (i == 0) return Decoder.unreadable(address);
                break;
            }
            long base = b.getLong(0), len = b.getLong(8);
            long show = left < 0 ? len : Math.min(len, left);
            if (left >= 0) left -= show;
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("iov_base", d.bytes(pid, base, show));
            f.put("iov_len", new Arg.Num(len));
            items.add(new Arg.Struct(f));
        }
        return new Arg.Array(items, Long.compareUnsigned(count, shown) > 0 ? 1 : 0);
    }

    /** The cmsghdr chain: {@code [{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]}. */
    private static Arg control(Decoder d, int pid, long address, long length) {
        int len = (int) Math.min(length, MAX_CONTROL);
        byte[] bytes = len < CMSG_HEADER ? null : d.read(pid, address, len);
        if (bytes == null || bytes.length < len) return Decoder.pointer(address);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<Arg> items = new ArrayList<>();
        int at = 0;
        while (len - at >= CMSG_HEADER) {
            long cmsgLen = b.getLong(at);
            int level = b.getInt(at + 8), type = b.getInt(at + 12);
            long avail = Math.min(cmsgLen, len - at);
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("cmsg_len", new Arg.Num(cmsgLen));
            f.put("cmsg_level", Decoder.constant("socket_level", level & 0xffffffffL, "SOL_"));
            int dataLen = avail > CMSG_HEADER ? (int) avail - CMSG_HEADER : 0;
            if (level == SOL_SOCKET) {
                f.put("cmsg_type", Decoder.constant("scm", type & 0xffffffffL, "SCM_"));
                Arg data = socketData(d, pid, b, at + CMSG_HEADER, type, dataLen);
                if (data != null) f.put("cmsg_data", data);
            } else {
                f.put("cmsg_type", new Arg.Hex(type & 0xffffffffL, false));
            }
            items.add(new Arg.Struct(f));
            if (avail < CMSG_HEADER) break;
            long next = (cmsgLen + 7) & ~7L;
            if (next >= len - at) {
                at = len;
                break;
            }
            at += (int) next;
        }
        return new Arg.Array(items, at < len || length > len ? 1 : 0);
    }

    private static Arg socketData(Decoder d, int pid, ByteBuffer b, int at, int type, int len) {
        if (type == SCM_RIGHTS && len >= 4) {
            List<Arg> fds = new ArrayList<>();
            for (int i = 0; i + 4 <= len; i += 4) fds.add(d.fd(pid, b.getInt(at + i)));
            return new Arg.Array(fds, 0);
        }
        if (type == SCM_CREDENTIALS && len >= 12) {
            Map<String, Arg> f = new LinkedHashMap<>();
            f.put("pid", new Arg.Num(b.getInt(at)));
            f.put("uid", new Arg.Num(b.getInt(at + 4) & 0xffffffffL));
            f.put("gid", new Arg.Num(b.getInt(at + 8) & 0xffffffffL));
            return new Arg.Struct(f);
        }
        return null;
    }
}
