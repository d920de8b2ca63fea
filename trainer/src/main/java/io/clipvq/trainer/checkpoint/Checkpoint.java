package io.clipvq.trainer.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run needs to continue exactly: the step count and named float tensors (weights, EMA,
 * optimizer moments), double arrays (sampler statistics, loss history) and long arrays (counters). Stored in a
 * small binary format (magic "CLIPVQCK", version 1, big-endian) and written atomically (temporary file, then
 * rename), so a crash during a save leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    private static final long MAGIC = 0x434C495056514B4BL; // "CLIPVQKK"
    private static final int VERSION = 1;

    private final String kind;
    private final long step;
    private final Map<String, float[]> tensors;
    private final Map<String, double[]> doubles;
    private final Map<String, long[]> longs;

    public Checkpoint(String kind, long step, Map<String, float[]> tensors, Map<String, double[]> doubles,
                      Map<String, long[]> longs) {
        this.kind = kind;
        this.step = step;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.doubles = Collections.unmodifiableMap(new LinkedHashMap<>(doubles));
        this.longs = Collections.unmodifiableMap(new LinkedHashMap<>(longs));
    }

    public String kind() {
        return kind;
    }

    public long step() {
        return step;
    }

    public Map<String, float[]> tensors() {
        return tensors;
    }

    public void requireKind(String expected) {
        if (!kind.equals(expected)) {
            throw new IllegalArgumentException("checkpoint is for '" + kind + "' training, not '" + expected + "'");
        }
    }

    /** The tensors whose names start with prefix, with the prefix removed. */
    public Map<String, float[]> tensorsWithPrefix(String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public double[] doubles(String name) {
        double[] v = doubles.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no entry '" + name + "'");
        }
        return v.clone();
    }

    public long[] longs(String name) {
        long[] v = longs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no entry '" + name + "'");
        }
        return v.clone();
    }

    public boolean hasDoubles(String name) {
        return doubles.containsKey(name);
    }

    /** A copy with one more (or replaced) double array. */
    public Checkpoint withDoubles(String name, double[] values) {
        Map<String, double[]> d = new LinkedHashMap<>(doubles);
        d.put(name, values.clone());
        return new Checkpoint(kind, step, tensors, d, longs);
    }

    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream raw = Files.newOutputStream(temporary);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            out.writeLong(step);
            out.writeInt(tensors.size());
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
            out.writeInt(doubles.size());
            for (Map.Entry<String, double[]> e : doubles.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (double v : e.getValue()) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(longs.size());
            for (Map.Entry<String, long[]> e : longs.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (long v : e.getValue()) {
                    out.writeLong(v);
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Checkpoint load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a clipvq checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has checkpoint format version " + version + ", this trainer reads " + VERSION);
            }
            String kind = in.readUTF();
            long step = in.readLong();
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                tensors.put(name, v);
            }
            Map<String, double[]> doubles = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                double[] v = new double[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readDouble();
                }
                doubles.put(name, v);
            }
            Map<String, long[]> longs = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                long[] v = new long[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readLong();
                }
                longs.put(name, v);
            }
            return new Checkpoint(kind, step, tensors, doubles, longs);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated: " + e.getMessage(), e);
        }
    }
}
