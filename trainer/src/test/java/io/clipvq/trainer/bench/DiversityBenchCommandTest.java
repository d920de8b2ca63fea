package io.clipvq.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.engine.image.Sha256Hex;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiversityBenchCommandTest {

    @Test
    void should_print_the_distinct_share_of_the_images_it_wrote(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("bundle");
        // a 1 x 1 grid of 2 codes draws at most two pictures: six images must repeat some
        RandomBundleFactory.builder().optSeed(4).optScale(0.5).optTimesteps(10).optCodeGrid(1).optCodebookSize(2)
                .build().write(bundle);
        CommandLine cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("diversity-bench", "--bundle", bundle.toString(), "--prompt", "a red circle",
                "--images", "6", "--candidates", "2", "--out", dir.resolve("out").toString(), "--threads", "1",
                "--rerank", "best", "--condition-noise", "0");

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        List<Path> pngs;
        try (Stream<Path> files = Files.list(dir.resolve("out").resolve("images"))) {
            pngs = files.sorted().toList();
        }
        assertThat(pngs).hasSize(6);
        Set<String> distinct = new HashSet<>();
        for (Path png : pngs) {
            distinct.add(Sha256Hex.of(Files.readAllBytes(png)));
        }
        assertThat(distinct.size()).isLessThanOrEqualTo(2);
        assertThat(report.get("distinct_share").asDouble()).isCloseTo(distinct.size() / 6.0, within(1e-12));
        assertThat(report.get("images").asInt()).isEqualTo(6);
        assertThat(report.get("rerank").asText()).isEqualTo("best");
        assertThat(report.get("condition_noise").asDouble()).isZero();
        assertThat(report.get("mean_pairwise_clip_distance").asDouble()).isBetween(0.0, 2.0);
        assertThat(Files.readString(dir.resolve("out").resolve("bench.json"))).contains("\"distinct_share\"");
    }
}
