package io.clipvq.engine.bundle;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.InvalidBundleManifestException;
import io.clipvq.contracts.bundle.OnnxSignature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a model bundle and verifies it before anything runs on it: manifest.json parses and passes its JSON
 * Schema and consistency rules; every listed file is present with the listed sha256; each ONNX file opens in
 * ONNX Runtime with the input/output names, element types and shapes of {@link BundleSignatures} for the
 * manifest's sizes; the null condition holds D finite floats. A bundle that fails any check is refused with a
 * {@link BundleException} naming every problem found, each with its file.
 */
public final class BundleLoader {
    private BundleLoader() {
    }

    /** Fetches the bundle from {@code source} (below {@code workDir}) and loads it. */
    public static ModelBundle load(BundleSource source, Path workDir) {
        Path directory;
        try {
            directory = source.fetch(workDir);
        } catch (IOException e) {
            throw new BundleException(source.describe(), "cannot fetch: " + e, e);
        }
        return load(directory);
    }

    public static ModelBundle load(Path directory) {
        String where = directory.toString();
        BundleManifest manifest = readManifest(directory, where);

        List<String> problems = new ArrayList<>();
        Set<String> intact = checkFiles(directory, manifest, problems);
        for (String required : BundleSignatures.REQUIRED_FILES) {
            if (!manifest.files().containsKey(required)) { // the schema requires them too; kept for clarity
                problems.add(required + ": not listed in " + BundleSignatures.MANIFEST);
            }
        }
        for (OnnxSignature signature : BundleSignatures.onnxFiles(manifest)) {
            if (intact.contains(signature.file())) {
                problems.addAll(checkOnnx(directory.resolve(signature.file()), signature));
            }
        }
        float[] nullCondition = null;
        if (intact.contains(manifest.nullCondition())) {
            try {
                byte[] bytes = Files.readAllBytes(directory.resolve(manifest.nullCondition()));
                nullCondition = NullConditionFile.decode(bytes, manifest.clipDim());
            } catch (IllegalArgumentException | IOException e) {
                problems.add(manifest.nullCondition() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BundleException(where, problems);
        }
        return new ModelBundle(directory, manifest, nullCondition);
    }

    private static BundleManifest readManifest(Path directory, String where) {
        Path file = directory.resolve(BundleSignatures.MANIFEST);
        if (!Files.isDirectory(directory)) {
            throw new BundleException(where, List.of("no such folder"));
        }
        if (!Files.isRegularFile(file)) {
            throw new BundleException(where, List.of(BundleSignatures.MANIFEST + ": missing"));
        }
        try {
            return BundleManifestJson.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (InvalidBundleManifestException e) {
            List<String> problems = new ArrayList<>();
            e.problems().forEach(problem -> problems.add(BundleSignatures.MANIFEST + ": " + problem));
            throw new BundleException(where, problems);
        } catch (IOException e) {
            throw new BundleException(where, BundleSignatures.MANIFEST + ": cannot read: " + e, e);
        }
    }

    /** Checks presence and sha256 of every listed file; returns the names that passed. */
    private static Set<String> checkFiles(Path directory, BundleManifest manifest, List<String> problems) {
        Path root = directory.toAbsolutePath().normalize();
        Set<String> intact = new HashSet<>();
        for (Map.Entry<String, String> entry : manifest.files().entrySet()) {
            String name = entry.getKey();
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root)) {
                problems.add(name + ": lies outside the bundle directory");
            } else if (!Files.isRegularFile(file)) {
                problems.add(name + ": missing (listed in " + BundleSignatures.MANIFEST + ")");
            } else {
                try {
                    String actual = Sha256.of(file);
                    if (actual.equals(entry.getValue())) {
                        intact.add(name);
                    } else {
                        problems.add(name + ": sha256 is " + actual + ", " + BundleSignatures.MANIFEST + " says "
                                + entry.getValue() + " (corrupt or replaced file)");
                    }
                } catch (IOException e) {
                    problems.add(name + ": cannot read: " + e);
                }
            }
        }
        return intact;
    }

    private static List<String> checkOnnx(Path file, OnnxSignature signature) {
        // Verification only reads the declared signature: no graph optimisation, one thread.
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                return SignatureCheck.problems(signature, session);
            }
        } catch (OrtException e) {
            return List.of(signature.file() + ": ONNX Runtime cannot open it: " + e.getMessage());
        }
    }
}
