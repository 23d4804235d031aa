package dev.sandtrace.event;

/** Coarse syscall classes, named as in the original sandtrace's event model. */
public enum Category {
    FILE_READ("file_read"), FILE_WRITE("file_write"), FILE_METADATA("file_metadata"), DIRECTORY("directory"),
    PROCESS("process"), NETWORK("network"), MEMORY("memory"), SIGNAL("signal"), IPC("ipc"), SYSTEM("system"),
    OTHER("other");

    public final String json;

    Category(String json) { this.json = json; }
}
