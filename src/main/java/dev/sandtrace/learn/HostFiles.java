package dev.sandtrace.learn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the host's files after the learning run: Landlock rules attach to the inodes a path
 * leads to, so rules are learned on paths resolved through symlinks ({@code /lib64/ld-linux…} is
 * really under {@code /usr/lib}); and the kernel opens an executable's interpreters itself
 * (the ELF {@code PT_INTERP}, a script's {@code #!} line), which the trace does not show.
 */
public class HostFiles {
    private static final int PT_INTERP = 3;

    /** {@code path} with every symlink resolved; a missing tail (a file deleted since) is kept as written. */
    public String real(String path) {
        Path p = Path.of(path);
        List<String> missing = new ArrayList<>();
        for (Path q = p; q != null; q = q.getParent()) {
            try {
                Path r = q.toRealPath();
                for (int i = missing.size() - 1; i >= 0; i--) r = r.resolve(missing.get(i));
                return r.toString();
            } catch (IOException | SecurityException notThere) {
                if (q.getFileName() != null) missing.add(q.getFileName().toString());
            }
        }
        return path;
    }

    /**
     * Where {@code path} names a symlink below the top level ({@code /etc/localtime}), that link
     * (its directory resolved); else null. The sandbox's view holds only granted names, so a
     * link must be granted by its own name for the name to work; the top-level links of a
     * merged /usr ({@code /lib64}) the view makes by itself.
     */
    public String link(String path) {
        Path p = Path.of(path);
        if (p.getParent() == null || p.getNameCount() < 2) return null;
        Path at = Path.of(real(p.getParent().toString())).resolve(p.getFileName());
        return at.getNameCount() >= 2 && Files.isSymbolicLink(at) ? at.toString() : null;
    }

    public boolean isDirectory(String path) {
        return Files.isDirectory(Path.of(path));
    }

    /** A device, fifo or socket: opening one with O_CREAT creates nothing. */
    public boolean isSpecial(String path) {
        Path p = Path.of(path);
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }

    /** The programs the kernel opens to run {@code executable}: its #! interpreter or ELF loader, recursively (at most 4 deep). */
    public List<String> interpreters(String executable) {
        List<String> out = new ArrayList<>();
        String current = executable;
        for (int depth = 0; depth < 4 && current != null; depth++) {
            String next = interpreter(current);
            if (next == null || out.contains(next)) break;
            out.add(next);
            current = next;
        }
        return out;
    }

    private static String interpreter(String file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            head = in.readNBytes(4096);
        } catch (IOException | SecurityException e) {
            return null;
        }
        if (head.length > 2 && head[0] == '#' && head[1] == '!') {
            String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            String interp = line.split("\\s+")[0];
            return interp.startsWith("/") ? interp : null;
        }
        if (head.length < 64 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') return null;
        return elfInterpreter(file, head[4] == 2, head[5] == 2);
    }

    private static String elfInterpreter(String file, boolean is64, boolean bigEndian) {
        try {
            byte[] all = Files.readAllBytes(Path.of(file)); // executables are read once, at learning time
            ByteBuffer b = ByteBuffer.wrap(all).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1C));
            int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x36 : 0x2A));
            int phnum = Short.toUnsignedInt(b.getShort(is64 ? 0x38 : 0x2C));
            for (int i = 0; i < phnum; i++) {
                int ph = (int) (phoff + (long) i * phentsize);
                if (ph < 0 || ph + (is64 ? 56 : 32) > all.length) return null;
                if (b.getInt(ph) != PT_INTERP) continue;
                long off = is64 ? b.getLong(ph + 8) : Integer.toUnsignedLong(b.getInt(ph + 4));
                long size = is64 ? b.getLong(ph + 32) : Integer.toUnsignedLong(b.getInt(ph + 16));
                if (off < 0 || size <= 1 || off + size > all.length) return null;
                return new String(all, (int) off, (int) size - 1, StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
