package io.meridian.classifier.rules;

import io.meridian.expr.FileFacts;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Auto-tags every file gets unless the config turns them off: {@code format} and {@code modality}
 * from the extension (the formats AI pipelines read), and {@code size_class}. Plain Java rather than
 * CEL because they run on every event and are a table lookup; config rules override them per key.
 */
public final class BuiltInTags {
    /** Below this a file is "small": dominated by per-file overheads (metadata, requests). */
    public static final long SMALL_BELOW = 1L << 20;
    /** Below this a file is "medium". */
    public static final long MEDIUM_BELOW = 128L << 20;
    /** Below this a file is "large", else "huge" (worth parallel, ranged transfers). */
    public static final long LARGE_BELOW = 8L << 30;

    private static final Map<String, String[]> BY_EXTENSION = table();

    private BuiltInTags() {
    }

    /** The built-in auto-tags of a file. */
    public static Map<String, String> tagsFor(FileFacts facts) {
        Map<String, String> tags = new TreeMap<>();
        String[] formatAndModality = BY_EXTENSION.get(facts.ext());
        if (formatAndModality != null) {
            tags.put("format", formatAndModality[0]);
            tags.put("modality", formatAndModality[1]);
        }
        tags.put("size_class", sizeClass(facts.size()));
        return tags;
    }

    static String sizeClass(long size) {
        if (size < SMALL_BELOW) {
            return "small";
        }
        if (size < MEDIUM_BELOW) {
            return "medium";
        }
        return size < LARGE_BELOW ? "large" : "huge";
    }

    private static Map<String, String[]> table() {
        Map<String, String[]> t = new HashMap<>();
        put(t, "tabular", "parquet", "parquet");
        put(t, "tabular", "arrow", "arrow", "feather", "ipc");
        put(t, "tabular", "csv", "csv", "tsv");
        put(t, "text", "jsonl", "jsonl", "ndjson");
        put(t, "records", "tfrecord", "tfrecord", "tfrecords");
        put(t, "model", "safetensors", "safetensors");
        put(t, "model", "pytorch", "pt", "pth", "ckpt");
        put(t, "model", "onnx", "onnx");
        put(t, "tensor", "npy", "npy", "npz");
        put(t, "tensor", "hdf5", "h5", "hdf5");
        put(t, "image", "jpeg", "jpg", "jpeg");
        put(t, "image", "png", "png");
        put(t, "image", "webp", "webp");
        put(t, "image", "tiff", "tif", "tiff");
        put(t, "audio", "wav", "wav");
        put(t, "audio", "flac", "flac");
        put(t, "audio", "mp3", "mp3");
        put(t, "video", "mp4", "mp4");
        put(t, "video", "webm", "webm");
        put(t, "video", "mkv", "mkv");
        put(t, "archive", "tar", "tar");
        put(t, "archive", "zstd", "zst");
        put(t, "archive", "gzip", "gz");
        return Map.copyOf(t);
    }

    private static void put(Map<String, String[]> table, String modality, String format, String... extensions) {
        for (String ext : extensions) {
            table.put(ext, new String[] {format, modality});
        }
    }
}
