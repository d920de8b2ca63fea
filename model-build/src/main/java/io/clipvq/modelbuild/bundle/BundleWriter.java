package io.clipvq.modelbuild.bundle;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.contracts.bundle.BundleSignatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a model bundle directory: the ONNX files, the null condition, the CLIP BPE vocabulary and
 * manifest.json with the sha256 of each. The manifest is written last, so a directory with a manifest is a
 * complete bundle.
 *
 * <p>The engine's {@code BundleLoader} is the reader of this format (null_condition.bin as little-endian float32,
 * lowercase hex sha256 in the manifest); the engine's tests load bundles written here, so writer and reader
 * cannot drift apart unnoticed.
 *
 * <pre>{@code
 * BundleManifest written = new BundleWriter(manifest)     // sizes, schedule, defaults; its files are replaced
 *         .onnx(BundleSignatures.CLIP_TEXT, clipTextBytes)
 *         ... clip_image, denoiser, vq_decoder (and optionally vq_encoder) ...
 *         .nullCondition(nullVector)
 *         .write(directory);
 * }</pre>
 */
public final class BundleWriter {
    /**
     * The vocabulary the engine's tokenizer ships (OpenAI CLIP's, MIT licence beside it), read from the engine jar
     * on the class path; this module does not depend on the engine, so without it give the file with
     * {@link #optTokenizerVocab(Path)}.
     */
    private static final String DEFAULT_VOCAB_RESOURCE = "/io/clipvq/engine/text/bpe_simple_vocab_16e6.txt.gz";

    private final BundleManifest manifest;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private Path tokenizerVocab;

    public BundleWriter(BundleManifest manifest) {
        this.manifest = manifest;
    }

    /** One of the bundle's ONNX files, by its {@link BundleSignatures} name. */
    public BundleWriter onnx(String fileName, byte[] model) {
        if (!fileName.endsWith(".onnx")) {
            throw new IllegalArgumentException(fileName + ": ONNX files of a bundle end in .onnx");
        }
        files.put(fileName, model.clone());
        return this;
    }

    /** The learned null condition, D = clipDim values. */
    public BundleWriter nullCondition(float[] values) {
        if (values.length != manifest.clipDim()) {
            throw new IllegalArgumentException(manifest.nullCondition() + ": null condition has " + values.length
                    + " values, expected clipDim " + manifest.clipDim());
        }
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        files.put(manifest.nullCondition(), bytes.array());
        return this;
    }

    /** A vocabulary file other than the engine's own copy of OpenAI's. */
    public BundleWriter optTokenizerVocab(Path vocab) {
        this.tokenizerVocab = vocab;
        return this;
    }

    /**
     * Writes the bundle into {@code directory} (created if needed; must be empty) and returns the manifest as
     * written, with every file's sha256.
     */
    public BundleManifest write(Path directory) throws IOException {
        Map<String, byte[]> all = new TreeMap<>(files);
        all.put(BundleSignatures.TOKENIZER_VOCAB, vocabBytes());
        List<String> missing = new ArrayList<>();
        for (String required : BundleSignatures.REQUIRED_FILES) {
            if (!all.containsKey(required)) {
                missing.add(required);
            }
        }
        if (!all.containsKey(manifest.nullCondition())) {
            missing.add(manifest.nullCondition());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("bundle " + manifest.name() + " cannot be written without " + missing);
        }
        Files.createDirectories(directory);
        try (Stream<Path> existing = Files.list(directory)) {
            if (existing.findAny().isPresent()) {
                throw new IOException("bundle directory " + directory + " is not empty");
            }
        }
        Map<String, String> checksums = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : all.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            checksums.put(file.getKey(), sha256(file.getValue()));
        }
        BundleManifest written = manifest.withFiles(checksums);
        Files.writeString(directory.resolve(BundleSignatures.MANIFEST), BundleManifestJson.write(written),
                StandardCharsets.UTF_8);
        return written;
    }

    /** Lowercase hex, as manifest.json lists it. */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private byte[] vocabBytes() throws IOException {
        if (tokenizerVocab != null) {
            return Files.readAllBytes(tokenizerVocab);
        }
        try (InputStream in = BundleWriter.class.getResourceAsStream(DEFAULT_VOCAB_RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + DEFAULT_VOCAB_RESOURCE
                        + " is missing from the classpath; give the vocabulary with optTokenizerVocab"));
            }
            return in.readAllBytes();
        }
    }
}
