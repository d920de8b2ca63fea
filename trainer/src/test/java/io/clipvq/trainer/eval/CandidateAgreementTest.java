package io.clipvq.trainer.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandidateAgreementTest {

    @Test
    void should_pair_candidates_by_prompt_line_and_index_and_compare_their_bytes(@TempDir Path dir) throws Exception {
        // run a: line 0 kept candidates 3 (rank 0) and 1 (rank 1); line 1 kept 0
        Path a = run(dir.resolve("a"), "images/000000.png", 3, "x", "images/000000_1.png", 1, "y",
                "images/000001.png", 0, "z");
        // run b ranked line 0 the other way round, drew candidate 1 differently, and kept 2 instead of 0 on line 1
        Path b = run(dir.resolve("b"), "images/000000.png", 1, "Y", "images/000000_1.png", 3, "x",
                "images/000001.png", 2, "z");

        CandidateAgreement agreement = CandidateAgreement.of(a, b);

        assertThat(agreement.compared()).isEqualTo(2);
        assertThat(agreement.identical()).isEqualTo(1);
        assertThat(agreement.differingShare()).isEqualTo(0.5);
        assertThat(agreement.onlyInOne()).isEqualTo(2);
    }

    @Test
    void should_refuse_a_folder_that_is_not_an_eval_run(@TempDir Path dir) {
        assertThatThrownBy(() -> CandidateAgreement.of(dir, dir)).hasMessageContaining("holds no manifest.jsonl");
    }

    /** A run folder: triples of image path, candidate index and file content. */
    private static Path run(Path folder, Object... entries) throws Exception {
        Files.createDirectories(folder.resolve("images"));
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < entries.length; i += 3) {
            manifest.append("{\"prompt\":\"p\",\"image\":\"").append(entries[i]).append("\",\"candidate\":")
                    .append(entries[i + 1]).append("}\n");
            Files.writeString(folder.resolve((String) entries[i]), (String) entries[i + 2]);
        }
        Files.writeString(folder.resolve("manifest.jsonl"), manifest);
        return folder;
    }
}
