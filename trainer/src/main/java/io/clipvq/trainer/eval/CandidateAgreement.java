package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many candidates two eval runs of the same prompts and seeds drew alike: a candidate is one (prompt line,
 * candidate index) of manifest.jsonl, and two are alike when their PNG files are byte-identical (the decoder is
 * deterministic, so identical pixels mean identical codes). Run both with {@code --keep} = {@code --candidates}
 * and {@code --rerank best} to compare every candidate, not only the kept ones.
 *
 * @param compared  candidates present in both runs
 * @param identical those with byte-identical images
 * @param onlyInOne candidates kept by one run only (different reranking choices)
 */
public record CandidateAgreement(int compared, int identical, int onlyInOne) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Share of the compared candidates whose images (codes) differ. */
    public double differingShare() {
        return compared == 0 ? 0 : (compared - identical) / (double) compared;
    }

    public static CandidateAgreement of(Path runA, Path runB) throws IOException {
        Map<String, Path> a = candidates(runA);
        Map<String, Path> b = candidates(runB);
        int compared = 0;
        int identical = 0;
        for (Map.Entry<String, Path> e : a.entrySet()) {
            Path other = b.get(e.getKey());
            if (other != null) {
                compared++;
                if (Arrays.equals(Files.readAllBytes(e.getValue()), Files.readAllBytes(other))) {
                    identical++;
                }
            }
        }
        int onlyInOne = a.size() + b.size() - 2 * compared;
        return new CandidateAgreement(compared, identical, onlyInOne);
    }

    /** "line:candidate" -> image file, from a run folder's manifest.jsonl. */
    private static Map<String, Path> candidates(Path run) throws IOException {
        Path manifest = run.resolve("manifest.jsonl");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException(run + " holds no manifest.jsonl: give the folder of an eval run");
        }
        Map<String, Path> byKey = new HashMap<>();
        List<String> lines = Files.readAllLines(manifest);
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line);
            String image = entry.path("image").asText();
            // images/000042.png or images/000042_3.png: the prompt line is the number before the rank
            String file = image.substring(image.lastIndexOf('/') + 1);
            String lineNumber = file.replaceFirst("(_\\d+)?\\.png$", "");
            byKey.put(lineNumber + ":" + entry.path("candidate").asInt(), run.resolve(image));
        }
        return byKey;
    }
}
