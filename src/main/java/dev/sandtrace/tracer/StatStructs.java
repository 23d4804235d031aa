package dev.sandtrace.tracer;

import dev.sandtrace.event.Arg;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File status structs as strace abbreviates them: {@code struct stat} (stat(2), x86_64 layout of
 * 144 bytes), {@code struct statx} (statx(2)) and {@code struct statfs} (statfs(2)); plus the
 * symbolic file mode and {@code makedev()} they share with mknod(2).
 */
final class StatStructs {
    private StatStructs() {}

    private static final int S_IFMT = 0170000, S_IFCHR = 020000, S_IFBLK = 060000;
    private static final Map<Integer, String> FILE_TYPES = Map.of(0140000, "S_IFSOCK", 0120000, "S_IFLNK",
            0100000, "S_IFREG", S_IFBLK, "S_IFBLK", 040000, "S_IFDIR", S_IFCHR, "S_IFCHR", 010000, "S_IFIFO");

    /** include/uapi/linux/stat.h, in strace's order: the compound masks first. */
    static final FlagSet STATX_MASK = new FlagSet("0")
            .add("STATX_ALL", 0xfff).add("STATX_BASIC_STATS", 0x7ff).add("STATX_TYPE", 0x1).add("STATX_MODE", 0x2)
            .add("STATX_NLINK", 0x4).add("STATX_UID", 0x8).add("STATX_GID", 0x10).add("STATX_ATIME", 0x20)
            .add("STATX_MTIME", 0x40).add("STATX_CTIME", 0x80).add("STATX_INO", 0x100).add("STATX_SIZE", 0x200)
            .add("STATX_BLOCKS", 0x400).add("STATX_BTIME", 0x800).add("STATX_MNT_ID", 0x1000)
            .add("STATX_DIOALIGN", 0x2000).add("STATX_MNT_ID_UNIQUE", 0x4000).add("STATX_SUBVOL", 0x8000)
            .add("STATX_WRITE_ATOMIC", 0x10000).add("STATX_DIO_READ_ALIGN", 0x20000);

    private static final FlagSet STATX_ATTRIBUTES = new FlagSet("0")
            .add("STATX_ATTR_COMPRESSED", 0x4).add("STATX_ATTR_IMMUTABLE", 0x10).add("STATX_ATTR_APPEND", 0x20)
            .add("STATX_ATTR_NODUMP", 0x40).add("STATX_ATTR_ENCRYPTED", 0x800).add("STATX_ATTR_AUTOMOUNT", 0x1000)
            .add("STATX_ATTR_MOUNT_ROOT", 0x2000).add("STATX_ATTR_VERITY", 0x100000).add("STATX_ATTR_DAX", 0x200000);

    /** statx's flags: one AT_STATX_SYNC_* type, then AT_* flags. */
    private static final Map<Long, String> STATX_SYNC = Map.of(0L, "AT_STATX_SYNC_AS_STAT", 0x2000L,
            "AT_STATX_FORCE_SYNC", 0x4000L, "AT_STATX_DONT_SYNC");
    private static final long AT_STATX_SYNC_TYPE = 0x6000;

    /** statfs(2)'s f_flags (ST_* of statvfs.h), ST_VALID first as strace lists it. */
    private static final FlagSet ST_FLAGS = new FlagSet("0")
            .add("ST_VALID", 0x20).add("ST_RDONLY", 0x1).add("ST_NOSUID", 0x2).add("ST_NODEV", 0x4)
            .add("ST_NOEXEC", 0x8).add("ST_SYNCHRONOUS", 0x10).add("ST_MANDLOCK", 0x40).add("ST_NOATIME", 0x400)
            .add("ST_NODIRATIME", 0x800).add("ST_RELATIME", 0x1000).add("ST_NOSYMFOLLOW", 0x2000);

    /** f_type names of the file systems a Linux host commonly has (include/uapi/linux/magic.h). */
    private static final Map<Long, String> FS_MAGIC = new HashMap<>();

    static {
        Object[] magic = {
            0xef53, "EXT2_SUPER_MAGIC", 0x01021994, "TMPFS_MAGIC", 0x9fa0, "PROC_SUPER_MAGIC", 0x62656572, "SYSFS_MAGIC",
            0x1cd1, "DEVPTS_SUPER_MAGIC", 0x50495045, "PIPEFS_MAGIC", 0x534f434b, "SOCKFS_MAGIC",
            0x794c7630, "OVERLAYFS_SUPER_MAGIC", 0x63677270, "CGROUP2_SUPER_MAGIC", 0x0027e0eb, "CGROUP_SUPER_MAGIC",
            0x9123683eL, "BTRFS_SUPER_MAGIC", 0x58465342, "XFS_SUPER_MAGIC", 0x6969, "NFS_SUPER_MAGIC",
            0x65735546, "FUSE_SUPER_MAGIC", 0x65735543, "FUSE_CTL_SUPER_MAGIC", 0x09041934, "ANON_INODE_FS_MAGIC",
            0x6e736673, "NSFS_MAGIC", 0x64626720, "DEBUGFS_MAGIC", 0x74726163, "TRACEFS_MAGIC",
            0x73636673, "SECURITYFS_MAGIC", 0xcafe4a11L, "BPF_FS_MAGIC", 0x958458f6L, "HUGETLBFS_MAGIC",
            0x858458f6L, "RAMFS_MAGIC", 0x73717368, "SQUASHFS_MAGIC", 0x01021997, "V9FS_MAGIC",
            0xde5e81e4L, "EFIVARFS_MAGIC", 0x4d44, "MSDOS_SUPER_MAGIC", 0x9660, "ISOFS_SUPER_MAGIC",
            0xf2f52010L, "F2FS_SUPER_MAGIC", 0x42494e4d, "BINFMTFS_MAGIC", 0x62656570, "CONFIGFS_MAGIC",
            0xf97cff8cL, "SELINUX_MAGIC", 0xe0f5e1e2L, "EROFS_SUPER_MAGIC_V1", 0x2fc12fc1, "ZFS_SUPER_MAGIC",
            0xff534d42L, "CIFS_SUPER_MAGIC", 0xfe534d42L, "SMB2_SUPER_MAGIC", 0x2011bab0, "EXFAT_SUPER_MAGIC",
            0x0187, "AUTOFS_SUPER_MAGIC", 0x6c6f6f70, "BINDERFS_SUPER_MAGIC", 0x6165676c, "PSTOREFS_MAGIC",
            0x444d4142, "DMA_BUF_MAGIC", 0x5a3c69f0, "AAFS_MAGIC", 0x62646576, "BDEVFS_MAGIC",
        };
        for (int i = 0; i < magic.length; i += 2) FS_MAGIC.put(((Number) magic[i]).longValue(), (String) magic[i + 1]);
    }

    static void decoders(Signatures.Registry r) {
        r.decoder("stat", ArgDecoder.out((d, pid, v, raw, ret) -> stat(d, pid, v)));
        r.decoder("statx", ArgDecoder.out((d, pid, v, raw, ret) -> statx(d, pid, v)));
        r.decoder("statfs", ArgDecoder.out((d, pid, v, raw, ret) -> statfs(d, pid, v)));
        r.decoder("statx_mask", (d, pid, v, raw) -> new Arg.Sym(STATX_MASK.render(v & 0xffffffffL), v));
        r.decoder("statx_flags", (d, pid, v, raw) -> new Arg.Sym(statxFlags(v & 0xffffffffL), v));
    }

    /** {@code {st_mode=S_IFREG|0644, st_size=34547, ...}}; devices show st_rdev instead of the size. */
    private static Arg stat(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 144);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        int mode = b.getInt(24);
        f.put("st_mode", mode(mode));
        int type = mode & S_IFMT;
        if (type == S_IFCHR || type == S_IFBLK) f.put("st_rdev", makedev(b.getLong(40)));
        else f.put("st_size", new Arg.Num(b.getLong(48)));
        return new Arg.Struct(f, true);
    }

    /** {@code {stx_mask=..., stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=4096, ...}}. */
    private static Arg statx(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 256);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        long mask = b.getInt(0) & 0xffffffffL;
        f.put("stx_mask", new Arg.Sym(STATX_MASK.render(mask), mask));
        long attributes = b.getLong(8);
        f.put("stx_attributes", new Arg.Sym(STATX_ATTRIBUTES.render(attributes), attributes));
        f.put("stx_mode", mode(b.getShort(28) & 0xffff));
        f.put("stx_size", new Arg.Num(b.getLong(40)));
        return new Arg.Struct(f, true);
    }

    /** Every field of struct statfs; f_fsid's two words in hex as strace prints them. */
    private static Arg statfs(Decoder d, int pid, long address) {
        ByteBuffer b = d.struct(pid, address, 120);
        if (b == null) return Decoder.unreadable(address);
        Map<String, Arg> f = new LinkedHashMap<>();
        long type = b.getLong(0);
        f.put("f_type", Decoder.symbol(FS_MAGIC.get(type), type, new Arg.Hex(type, false)));
        String[] counts = {"f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree"};
        for (int i = 0; i < counts.length; i++) f.put(counts[i], new Arg.Num(b.getLong(8 + 8 * i)));
        Map<String, Arg> fsid = new LinkedHashMap<>();
        fsid.put("val", new Arg.Array(java.util.List.of(new Arg.Hex(b.getInt(56) & 0xffffffffL, false),
                new Arg.Hex(b.getInt(60) & 0xffffffffL, false)), 0));
        f.put("f_fsid", new Arg.Struct(fsid));
        f.put("f_namelen", new Arg.Num(b.getLong(64)));
        f.put("f_frsize", new Arg.Num(b.getLong(72)));
        long flags = b.getLong(80);
        f.put("f_flags", new Arg.Sym(ST_FLAGS.render(flags), flags));
        return new Arg.Struct(f);
    }

    private static String statxFlags(long flags) {
        String sync = STATX_SYNC.get(flags & AT_STATX_SYNC_TYPE);
        long rest = flags & ~AT_STATX_SYNC_TYPE;
        if (sync == null) return Flags.AT.render(flags);
        return rest == 0 ? sync : sync + "|" + Flags.AT.render(rest);
    }

    /** strace's symbolic mode: {@code S_IFREG|S_ISUID|0755}; permissions alone as {@code 0644}. */
    static Arg mode(long mode) {
        String type = (mode & S_IFMT) == 0 ? "" : FILE_TYPES.get((int) (mode & S_IFMT));
        if (type == null) return new Arg.Octal(mode);
        StringBuilder sb = new StringBuilder(type);
        if (!type.isEmpty()) sb.append('|');
        if ((mode & 04000) != 0) sb.append("S_ISUID|");
        if ((mode & 02000) != 0) sb.append("S_ISGID|");
        if ((mode & 01000) != 0) sb.append("S_ISVTX|");
        sb.append(dev.sandtrace.output.StraceText.render(new Arg.Octal(mode & 0777)));
        return new Arg.Sym(sb.toString(), mode);
    }

    static boolean isDevice(long mode) {
        long type = mode & S_IFMT;
        return type == S_IFCHR || type == S_IFBLK;
    }

    /** A dev_t in the kernel's encoding (12-bit major, 20-bit minor, split) as {@code makedev(0x1, 0x3)}. */
    static Arg makedev(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
        long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
        return new Arg.Expr("makedev(" + hex(major) + ", " + hex(minor) + ")", dev);
    }

    /** C's {@code %#x}: 0 has no prefix. */
    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
