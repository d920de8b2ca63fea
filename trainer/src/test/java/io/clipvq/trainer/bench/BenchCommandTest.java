package io.clipvq.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void should_print_the_step_split_and_throughput_as_json() throws Exception {
        CommandLine cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("bench", "--preset", "tiny", "--timesteps", "10", "--candidates", "4",
                "--steps", "4,2", "--threads", "1");
        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.at("/bundle/codebookSize").asInt()).isEqualTo(32);
        assertThat(report.at("/bundle/timesteps").asInt()).isEqualTo(10);
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("steps").asInt()).isEqualTo(4);
        assertThat(results.get(1).get("steps").asInt()).isEqualTo(2);
        for (JsonNode r : results) {
            double step = r.get("stepMs").asDouble();
            double ort = r.get("stepOnnxRuntimeMs").asDouble();
            double other = r.get("stepOtherMs").asDouble();
            assertThat(ort).isPositive();
            assertThat(ort + other).isCloseTo(step, org.assertj.core.api.Assertions.within(0.001));
            assertThat(r.get("stepOtherShare").asDouble()).isBetween(0.0, 1.0);
            assertThat(r.get("imagesPerSecond").asDouble()).isPositive();
            assertThat(r.get("candidatesPerSecond").asDouble())
                    .isCloseTo(4 * r.get("imagesPerSecond").asDouble(), org.assertj.core.api.Assertions.within(0.01));
        }
    }

    @Test
    void should_measure_each_denoiser_precision_asked_for() throws Exception {
        CommandLine cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("bench", "--preset", "tiny", "--timesteps", "10", "--candidates", "2",
                "--steps", "2", "--threads", "1", "--precision", "fp32,INT8");
        assertThat(exit).isZero();
        JsonNode results = new ObjectMapper().readTree(out.toString()).get("results");
        assertThat(results).extracting(r -> r.get("precision").asText()).containsExactly("fp32", "int8");
    }

    @Test
    void should_scale_every_size_from_flags() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--preset", "paper", "--code-grid", "16", "--codebook-size", "4096",
                "--layers", "24", "--width", "512", "--heads", "16");
        var spec = bench.factory().denoiserSpec();
        assertThat(spec.codebookSize()).isEqualTo(4096);
        assertThat(spec.gridHeight()).isEqualTo(16);
        assertThat(spec.layers()).isEqualTo(24);
        assertThat(spec.width()).isEqualTo(512);
        assertThat(spec.heads()).isEqualTo(16);
        BenchCommand demo = new BenchCommand();
        new CommandLine(demo).parseArgs();
        var d = demo.factory().denoiserSpec();
        assertThat(d.codebookSize()).isEqualTo(256);
        assertThat(d.gridHeight()).isEqualTo(8);
        assertThat(d.layers()).isEqualTo(6);
        assertThat(d.width()).isEqualTo(256);
        assertThat(d.heads()).isEqualTo(8);
        assertThat(d.mlpWidth()).isEqualTo(1024);
        assertThat(d.clipDim()).isEqualTo(256);
        assertThat(d.timesteps()).isEqualTo(100);
    }
}
