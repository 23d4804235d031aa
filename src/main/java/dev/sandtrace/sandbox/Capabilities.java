package dev.sandtrace.sandbox;

import dev.sandtrace.linux.ChildMemory;
import dev.sandtrace.linux.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Layer 5: no capabilities (capabilities(7)): every capability dropped from the bounding set,
 * the ambient set cleared, effective/permitted/inheritable emptied with capset(2), and the
 * securebits that make uid 0 special locked off, so root inside cannot regain anything on exec.
 */
final class Capabilities implements Layer {
    private static final int PR_CAPBSET_DROP = 24, PR_SET_SECUREBITS = 28, PR_CAP_AMBIENT = 47,
            PR_CAP_AMBIENT_CLEAR_ALL = 4;
    /** NOROOT, NO_SETUID_FIXUP, KEEP_CAPS off, NO_CAP_AMBIENT_RAISE, each with its lock bit. */
    private static final long SECUREBITS = 0x01 | 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    private int lastCap;
    private long header, data;

    @Override public String name() { return "capabilities"; }

    @Override
    public void prepare(ChildMemory memory) {
        lastCap = readLastCap();
        byte[] hdr = new byte[8]; // struct __user_cap_header_struct {u32 version; int pid}
        java.nio.ByteBuffer.wrap(hdr).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, LINUX_CAPABILITY_VERSION_3);
        header = memory.bytes(hdr);
        data = memory.zeros(24); // two struct __user_cap_data_struct, all zero
    }

    @Override
    public void apply(int pid, Injector child) {
        for (int cap = 0; cap <= lastCap; cap++) child.inject("prctl", PR_CAPBSET_DROP, cap, 0, 0, 0);
        child.inject("prctl", PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        child.inject("prctl", PR_SET_SECUREBITS, SECUREBITS, 0, 0, 0);
        child.inject("capset", header, data);
    }

    private static int readLastCap() {
        try {
            // not Files.readString: on sysctl files it returned only the first byte ("4" for "40")
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return 63; // dropping unknown capabilities is harmless (EINVAL is not returned for 0..63)
        }
    }
}
