package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.worlds.shapes.Attribute;
import io.clipvq.trainer.worlds.shapes.AttributeChecker;
import io.clipvq.trainer.worlds.shapes.AttributeValue;
import io.clipvq.trainer.worlds.shapes.CheckedAttributes;
import io.clipvq.trainer.stats.FrechetDistance;
import io.clipvq.trainer.stats.GaussianStats;
import io.clipvq.trainer.worlds.shapes.ObjectColour;
import io.clipvq.trainer.worlds.shapes.PromptAttributes;
import io.clipvq.trainer.worlds.shapes.ShapeKind;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The eval command end to end on a tiny random 32 x 32 bundle (real ONNX graphs, random weights: noise images). */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS = List.of(
            "a small red circle on the left on a black background",
            "draw a purple triangle at the top",
            "a big orange cross in the middle",
            "a green object on a white background",
            "an image showing a blue box at the bottom",
            "a photo of nothing in particular");
    private static final int REAL_IMAGES = 12;
    private static final long SEED = 77;

    @TempDir
    static Path dir;
    private static Path bundleDir;
    private static Path out;
    private static int exitCode;

    @BeforeAll
    static void runEval() throws IOException {
        bundleDir = dir.resolve("bundle");
        RandomBundleFactory.builder().optSeed(3).optScale(0.5).optImageSize(32).optCodeGrid(4).optCodebookSize(16)
                .optTimesteps(8).optSamplingDefaults(0.9, 3.0, 16).build().write(bundleDir);
        Path prompts = dir.resolve("prompts.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PROMPTS.size(); i++) {
            // text and JSON lines mixed, with a blank line, as the prompt file allows
            lines.add(i % 2 == 0 ? PROMPTS.get(i) : JSON.createObjectNode().put("prompt", PROMPTS.get(i)).toString());
            if (i == 2) {
                lines.add("");
            }
        }
        Files.write(prompts, lines);
        out = dir.resolve("eval");
        exitCode = execute("--bundle", bundleDir.toString(), "--prompts", prompts.toString(), "--out", out.toString(),
                "--candidates", "4", "--steps", "4", "--seed", String.valueOf(SEED), "--threads", "1",
                "--batch-prompts", "4", "--real-images", String.valueOf(REAL_IMAGES), "--grid-images", "5",
                "--world", "shapes"); // the random bundle's name, random-tiny, names no world
    }

    private static int execute(String... args) {
        return new CommandLine(new EvalCommand()).execute(args);
    }

    @Test
    void should_write_every_output_file() {
        assertThat(exitCode).isZero();
        for (String name : List.of("manifest.jsonl", "metrics.json", "report.md", "grid_generated.png",
                "grid_real.png")) {
            assertThat(out.resolve(name)).isRegularFile();
        }
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertThat(out.resolve(String.format("images/%06d.png", i))).isRegularFile();
        }
    }

    @Test
    void should_write_manifest_lines_whose_pngs_the_engine_reproduces_from_their_seed() throws IOException {
        List<JsonNode> manifest = manifest();
        assertThat(manifest).hasSize(PROMPTS.size());
        ModelBundle bundle = BundleLoader.load(bundleDir);
        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(bundle,
                EngineOptions.builder().optIntraOpThreads(1).build())) {
            for (int i = 0; i < manifest.size(); i++) {
                JsonNode line = manifest.get(i);
                assertThat(line.get("prompt").asText()).isEqualTo(PROMPTS.get(i));
                Path image = out.resolve(line.get("image").asText());
                assertThat(image).isRegularFile();
                assertThat(line.get("seed").asLong()).isEqualTo(BundleEvaluation.promptSeed(SEED, i));
                // one prompt alone, not in the eval's batch of four: the seed alone fixes the image
                GeneratedImage again = engine.generate(List.of(PROMPTS.get(i)), new long[] {line.get("seed").asLong()},
                        new GenerationSettings(4, 1, 4, null, null)).get(0).get(0);
                assertThat(Files.readAllBytes(image)).isEqualTo(again.png());
                assertThat(line.get("clip_score").asDouble()).isEqualTo(again.clipScore());
                assertThat(line.get("candidate").asInt()).isEqualTo(again.candidateIndex());
            }
        }
    }

    @Test
    void should_write_metrics_with_the_bundle_defaults_resolved_and_the_paper_clip_score() throws IOException {
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        BundleManifest manifest = BundleLoader.load(bundleDir).manifest();
        assertThat(metrics.at("/bundle/name").asText()).isEqualTo(manifest.name());
        assertThat(metrics.at("/sampling/candidates").asInt()).isEqualTo(4);
        assertThat(metrics.at("/sampling/steps").asInt()).isEqualTo(4);
        assertThat(metrics.at("/sampling/guidance_scale").asDouble()).isEqualTo(3.0);
        assertThat(metrics.at("/sampling/truncation").asDouble()).isEqualTo(0.9);
        assertThat(metrics.at("/sampling/seed").asLong()).isEqualTo(SEED);
        assertThat(metrics.get("prompts").asInt()).isEqualTo(PROMPTS.size());
        double sum = 0;
        for (JsonNode line : manifest()) {
            sum += line.get("clip_score").asDouble();
        }
        assertThat(metrics.at("/clip_score/mean").asDouble()).isCloseTo(sum / PROMPTS.size(), within(1e-12));
        assertThat(metrics.get("seconds").asDouble()).isPositive();
    }

    @Test
    void should_report_attribute_accuracy_equal_to_checking_the_written_pngs_again() throws IOException {
        JsonNode accuracy = JSON.readTree(out.resolve("metrics.json").toFile()).get("attribute_accuracy");
        // recount by hand: left out = names purple+triangle or orange+cross
        Map<String, int[]> counts = new HashMap<>();
        int leftOutPrompts = 0;
        AttributeChecker checker = AttributeChecker.builder().build();
        for (int i = 0; i < PROMPTS.size(); i++) {
            PromptAttributes named = PromptAttributes.parse(PROMPTS.get(i));
            CheckedAttributes read = checker.check(ShapesImage.fromPng(
                    Files.readAllBytes(out.resolve(String.format("images/%06d.png", i)))));
            AttributeValue colour = named.named().get(Attribute.COLOUR);
            AttributeValue shape = named.named().get(Attribute.SHAPE);
            boolean leftOut = (colour == ObjectColour.PURPLE && shape == ShapeKind.TRIANGLE)
                    || (colour == ObjectColour.ORANGE && shape == ShapeKind.CROSS);
            leftOutPrompts += leftOut ? 1 : 0;
            for (Map.Entry<Attribute, AttributeValue> wanted : named.named().entrySet()) {
                int[] count = counts.computeIfAbsent((leftOut ? "left_out/" : "seen/") + wanted.getKey().label(),
                        k -> new int[2]);
                count[0] += wanted.getValue().equals(read.found().get(wanted.getKey())) ? 1 : 0;
                count[1]++;
            }
        }
        assertThat(leftOutPrompts).isEqualTo(2);
        assertThat(accuracy.at("/left_out/prompts").asInt()).isEqualTo(2);
        assertThat(accuracy.at("/seen/prompts").asInt()).isEqualTo(PROMPTS.size() - 2);
        for (String group : List.of("seen", "left_out")) {
            for (Attribute attribute : Attribute.values()) {
                int[] count = counts.getOrDefault(group + "/" + attribute.label(), new int[2]);
                JsonNode score = accuracy.path(group).path(attribute.label());
                assertThat(score.get("correct").asInt()).as(group + " " + attribute).isEqualTo(count[0]);
                assertThat(score.get("total").asInt()).as(group + " " + attribute).isEqualTo(count[1]);
                if (count[1] > 0) {
                    assertThat(score.get("accuracy").asDouble()).isEqualTo(count[0] / (double) count[1]);
                } else {
                    assertThat(score.get("accuracy").isNull()).isTrue();
                }
            }
        }
        assertThat(accuracy.at("/seen/shape/total").asInt()).isEqualTo(2); // "object" and "a photo" name no shape
    }

    @Test
    void should_report_the_frechet_distance_of_clip_embeddings_of_the_written_and_the_real_images() throws Exception {
        JsonNode frechet = JSON.readTree(out.resolve("metrics.json").toFile()).get("frechet_distance");
        ModelBundle bundle = BundleLoader.load(bundleDir);
        List<BufferedImage> generated = new ArrayList<>();
        for (int i = 0; i < PROMPTS.size(); i++) {
            generated.add(ImageIO.read(out.resolve(String.format("images/%06d.png", i)).toFile()));
        }
        List<BufferedImage> real = new ArrayList<>();
        for (ShapesDataset.CaptionedScene scene : ShapesDataset.builder().optSeed(1).build().captioned(REAL_IMAGES)) {
            real.add(ImageIO.read(new ByteArrayInputStream(ShapesRenderer.render(scene.scene()).toPng())));
        }
        double expected;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipImageEncoder encoder = ClipImageEncoder.open(OrtEnvironment.getEnvironment(), bundle.clipImage(),
                     options, ClipPreprocessor.fromManifest(bundle.manifest().clip()))) {
            expected = FrechetDistance.between(GaussianStats.of(List.of(encoder.encode(generated))),
                    GaussianStats.of(List.of(encoder.encode(real))));
        }
        assertThat(frechet.get("value").asDouble()).isCloseTo(expected, within(1e-4 * Math.max(1, expected)));
        assertThat(frechet.get("value").asDouble()).isPositive();
        assertThat(frechet.get("generated").asInt()).isEqualTo(PROMPTS.size());
        assertThat(frechet.get("real").asInt()).isEqualTo(REAL_IMAGES);
        assertThat(frechet.get("real_split").asText()).isEqualTo("captioned");
        assertThat(frechet.get("dimension").asInt()).isEqualTo(bundle.manifest().clipDim());
    }

    @Test
    void should_write_a_report_with_the_metrics_table_and_grids_of_enlarged_images() throws IOException {
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("| CLIP score (mean best cosine) |", "| attribute | seen | left out | all |",
                "Targets of issue 5 (each named attribute): seen >= 90%: ",
                "![generated](grid_generated.png)", "![real](grid_real.png)", "images/000004.png")
                .doesNotContain("images/000005.png"); // --grid-images 5
        BufferedImage grid = ImageIO.read(out.resolve("grid_generated.png").toFile());
        BufferedImage first = ImageIO.read(out.resolve("images/000000.png").toFile());
        assertThat(grid.getWidth()).isGreaterThanOrEqualTo(5 * 32 * SampleGrid.ZOOM);
        // nearest-neighbour x4: each source pixel is a 4x4 block at the cell's origin (6, 6)
        for (int y = 0; y < 32; y += 5) {
            for (int x = 0; x < 32; x += 3) {
                int expected = first.getRGB(x, y) & 0xFFFFFF;
                assertThat(grid.getRGB(6 + 4 * x, 6 + 4 * y) & 0xFFFFFF).isEqualTo(expected);
                assertThat(grid.getRGB(6 + 4 * x + 3, 6 + 4 * y + 3) & 0xFFFFFF).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_sweep_guidance_and_truncation_into_one_folder_per_setting_and_an_ablation_table() throws IOException {
        Path prompts = dir.resolve("two.txt");
        Files.write(prompts, List.of("a red circle", "a big blue box on a gray background"));
        Path sweep = dir.resolve("sweep");
        int code = execute("--bundle", bundleDir.toString(), "--prompts", prompts.toString(), "--out", sweep.toString(),
                "--candidates", "2", "--steps", "2", "--threads", "1", "--real-images", "4",
                "--sweep-guidance", "1,3", "--sweep-truncation", "0.85,1.0", "--world", "shapes");
        assertThat(code).isZero();
        Map<String, double[]> expected = Map.of("s1_r0.85", new double[] {1, 0.85}, "s1_r1", new double[] {1, 1},
                "s3_r0.85", new double[] {3, 0.85}, "s3_r1", new double[] {3, 1});
        for (Map.Entry<String, double[]> run : expected.entrySet()) {
            JsonNode sampling = JSON.readTree(sweep.resolve(run.getKey()).resolve("metrics.json").toFile())
                    .get("sampling");
            assertThat(sampling.get("guidance_scale").asDouble()).isEqualTo(run.getValue()[0]);
            assertThat(sampling.get("truncation").asDouble()).isEqualTo(run.getValue()[1]);
        }
        String table = Files.readString(sweep.resolve("ablation.md"));
        assertThat(table.lines().filter(l -> l.startsWith("| s")).toList()).hasSize(4);
        assertThat(table).contains("| s1_r0.85 | random-tiny 0.0.0 | 1 | 0.85 | 2 | 2 | 2 |",
                "| s3_r1 | random-tiny 0.0.0 | 3 | 1 | 2 | 2 | 2 |");
        // the table's CLIP score is that run's metrics.json
        double clip = JSON.readTree(sweep.resolve("s3_r1/metrics.json").toFile()).at("/clip_score/mean").asDouble();
        assertThat(table).contains(String.format(java.util.Locale.ROOT, "| %.4f |", clip));
    }

    @Test
    void should_fail_with_the_line_number_of_a_bad_prompt_line_and_refuse_a_used_output_folder() throws IOException {
        Path prompts = dir.resolve("bad.jsonl");
        Files.write(prompts, List.of("{\"prompt\": \"a red circle\"}", "{\"prompt\": oops}"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new EvalCommand());
        command.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
        int code = command.execute("--bundle", bundleDir.toString(), "--prompts", prompts.toString(), "--out",
                dir.resolve("never").toString());
        assertThat(code).isNotZero();
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("bad.jsonl line 2");
        assertThat(dir.resolve("never")).doesNotExist();

        Path good = dir.resolve("good.txt");
        Files.write(good, List.of("a red circle"));
        ByteArrayOutputStream usedErrors = new ByteArrayOutputStream();
        CommandLine again = new CommandLine(new EvalCommand());
        again.setErr(new java.io.PrintWriter(usedErrors, true, StandardCharsets.UTF_8));
        code = again.execute("--bundle", bundleDir.toString(), "--prompts", good.toString(), "--out", out.toString(),
                "--candidates", "2", "--steps", "1", "--real-images", "2");
        assertThat(code).isNotZero();
        assertThat(usedErrors.toString(StandardCharsets.UTF_8)).contains("is not empty");
        assertThat(manifest()).hasSize(PROMPTS.size());
    }

    @Test
    void should_keep_k_images_per_prompt_and_score_the_best() throws IOException {
        Path prompts = dir.resolve("keep.txt");
        Files.write(prompts, List.of("a red circle", "a yellow cross at the top"));
        Path keepOut = dir.resolve("keep");
        int code = execute("--bundle", bundleDir.toString(), "--prompts", prompts.toString(), "--out",
                keepOut.toString(), "--candidates", "3", "--keep", "2", "--steps", "2", "--threads", "1",
                "--real-images", "3", "--world", "shapes");
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(keepOut.resolve("manifest.jsonl"));
        assertThat(lines).hasSize(4);
        double bestSum = 0;
        for (String text : lines) {
            JsonNode line = JSON.readTree(text);
            assertThat(keepOut.resolve(line.get("image").asText())).isRegularFile();
            if (line.get("rank").asInt() == 0) {
                bestSum += line.get("clip_score").asDouble();
            }
        }
        assertThat(keepOut.resolve("images/000001_1.png")).isRegularFile();
        JsonNode metrics = JSON.readTree(keepOut.resolve("metrics.json").toFile());
        assertThat(metrics.at("/clip_score/mean").asDouble()).isCloseTo(bestSum / 2, within(1e-12));
        assertThat(metrics.at("/frechet_distance/generated").asInt()).isEqualTo(2);
        // reranking, recounted from the written candidates: colour is named by both prompts, 2 kept candidates each
        int right = 0;
        int bestRight = 0;
        // per prompt, the CLIP scores of its right and of its wrong candidates, for the AUC
        Map<String, List<Double>> rightScores = new HashMap<>();
        Map<String, List<Double>> wrongScores = new HashMap<>();
        AttributeChecker checker = AttributeChecker.builder().build();
        for (String text : lines) {
            JsonNode line = JSON.readTree(text);
            PromptAttributes named = PromptAttributes.parse(line.get("prompt").asText());
            CheckedAttributes read = checker.check(ShapesImage.fromPng(Files.readAllBytes(keepOut.resolve(line.get("image").asText()))));
            boolean ok = read.agreesWith(named, Attribute.COLOUR);
            right += ok ? 1 : 0;
            bestRight += ok && line.get("rank").asInt() == 0 ? 1 : 0;
            (ok ? rightScores : wrongScores).computeIfAbsent(line.get("prompt").asText(), k -> new ArrayList<>())
                    .add(line.get("clip_score").asDouble());
        }
        long pairs = 0;
        double ordered = 0;
        for (Map.Entry<String, List<Double>> e : rightScores.entrySet()) {
            for (double r : e.getValue()) {
                for (double w : wrongScores.getOrDefault(e.getKey(), List.of())) {
                    pairs++;
                    ordered += r > w ? 1 : r == w ? 0.5 : 0;
                }
            }
        }
        assertThat(metrics.at("/reranking/colour/prompts").asInt()).isEqualTo(2);
        assertThat(metrics.at("/reranking/colour/candidates").asInt()).isEqualTo(4);
        assertThat(metrics.at("/reranking/colour/right_share").asDouble()).isEqualTo(right / 4.0);
        assertThat(metrics.at("/reranking/colour/best_right").asDouble()).isEqualTo(bestRight / 2.0);
        assertThat(metrics.at("/reranking/size").isMissingNode()).as("no prompt names a size").isTrue();
        assertThat(metrics.at("/reranking/colour/pairs").asLong()).isEqualTo(pairs);
        JsonNode auc = metrics.at("/reranking/colour/auc");
        if (pairs == 0) {
            assertThat(auc.isNull()).as("no (right, wrong) pair: AUC %s must be null", auc).isTrue();
        } else {
            assertThat(auc.asDouble()).isCloseTo(ordered / pairs, within(1e-12));
        }
        assertThat(Files.readString(keepOut.resolve("report.md"))).contains("ranking AUC");
        assertThat(JSON.readTree(out.resolve("metrics.json").toFile()).get("reranking").isNull())
                .as("one kept image per prompt: nothing to rerank").isTrue();
    }

    @Test
    void should_table_runs_with_eval_table_and_name_a_folder_without_metrics() throws IOException {
        Path table = dir.resolve("table.md");
        int code = new CommandLine(new EvalTableCommand()).execute("--out", table.toString(), out.toString(),
                out.resolve("metrics.json").toString());
        assertThat(code).isZero();
        assertThat(Files.readString(table).lines().filter(l -> l.startsWith("| eval |")).count()).isEqualTo(2);

        Path keepRun = dir.resolve("keep");
        if (!Files.exists(keepRun)) {
            should_keep_k_images_per_prompt_and_score_the_best();
        }
        Path compared = dir.resolve("compared.md");
        code = new CommandLine(new EvalTableCommand()).execute("--out", compared.toString(), "--reference", "keep",
                out.toString(), keepRun.toString());
        assertThat(code).isZero();
        double evalClip = JSON.readTree(out.resolve("metrics.json").toFile()).at("/clip_score/mean").asDouble();
        double keepClip = JSON.readTree(keepRun.resolve("metrics.json").toFile()).at("/clip_score/mean").asDouble();
        assertThat(Files.readString(compared)).contains("| CLIP score | CLIP / keep |")
                .contains(String.format(java.util.Locale.ROOT, "| %.4f | %.1f%% |", evalClip, 100 * evalClip / keepClip))
                .contains(String.format(java.util.Locale.ROOT, "| %.4f | 100.0%% |", keepClip));

        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new EvalTableCommand());
        command.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
        Path empty = Files.createDirectories(dir.resolve("no-run"));
        assertThat(command.execute("--out", dir.resolve("t2.md").toString(), empty.toString())).isNotZero();
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("no metrics.json at").contains("no-run");
    }

    @Test
    void should_evaluate_several_bundles_into_one_folder_each_with_one_table() throws IOException {
        Path prompts = dir.resolve("one.txt");
        Files.write(prompts, List.of("a red circle", "a blue box"));
        Path several = dir.resolve("several");
        int code = execute("--bundle", bundleDir.toString(), bundleDir.toString(), "--prompts", prompts.toString(),
                "--out", several.toString(), "--candidates", "2", "--steps", "2", "--threads", "1",
                "--guidance", "1.5", "--real-images", "3");
        assertThat(code).isZero();
        assertThat(several.resolve("bundle/metrics.json")).isRegularFile();
        assertThat(several.resolve("bundle-1/metrics.json")).isRegularFile();
        // same bundle, same seed: the two runs agree
        assertThat(Files.readAllBytes(several.resolve("bundle-1/images/000001.png")))
                .isEqualTo(Files.readAllBytes(several.resolve("bundle/images/000001.png")));
        String table = Files.readString(several.resolve("ablation.md"));
        assertThat(table).contains("| bundle | random-tiny 0.0.0 | 1.5 | 0.9 |", "| bundle-1 | random-tiny 0.0.0 | 1.5 | 0.9 |");
        // no --world and a bundle name of no world: the generic measures only
        JsonNode metrics = JSON.readTree(several.resolve("bundle/metrics.json").toFile());
        assertThat(metrics.at("/clip_score/mean").isNumber()).isTrue();
        assertThat(metrics.get("frechet_distance").isNull()).as("no world, no real images").isTrue();
        assertThat(metrics.has("attribute_accuracy")).isFalse();
        assertThat(metrics.has("reranking")).isFalse();
        assertThat(metrics.has("worldCheck")).isFalse();
        assertThat(Files.readString(several.resolve("bundle/report.md"))).contains("World check: none")
                .doesNotContain("Attribute accuracy", "![real]");
        assertThat(several.resolve("bundle/grid_real.png")).doesNotExist();
    }

    @Test
    void should_score_a_bundle_named_shapes_with_the_shapes_check_without_world_option() throws IOException {
        Path shapesBundle = dir.resolve("shapes");
        RandomBundleFactory.builder().optName("shapes").optSeed(3).optScale(0.5).optImageSize(32).optCodeGrid(4)
                .optCodebookSize(16).optTimesteps(8).optSamplingDefaults(0.9, 3.0, 16).build().write(shapesBundle);
        Path prompts = dir.resolve("named.txt");
        Files.write(prompts, List.of("a red circle", "a big blue box on a gray background"));
        Path named = dir.resolve("named");
        int code = execute("--bundle", shapesBundle.toString(), "--prompts", prompts.toString(), "--out",
                named.toString(), "--candidates", "2", "--steps", "2", "--threads", "1", "--real-images", "3");
        assertThat(code).isZero();
        JsonNode metrics = JSON.readTree(named.resolve("metrics.json").toFile());
        assertThat(metrics.at("/worldCheck/world").asText()).isEqualTo("shapes");
        assertThat(metrics.at("/attribute_accuracy/seen/colour/total").asInt()
                + metrics.at("/attribute_accuracy/left_out/colour/total").asInt()).isEqualTo(2);
        assertThat(metrics.at("/frechet_distance/real").asInt()).isEqualTo(3);
    }

    @Test
    void should_be_a_subcommand_of_the_trainer_cli() {
        assertThat(io.clipvq.trainer.cli.TrainerCli.execute("eval", "--help")).isZero();
        assertThat(io.clipvq.trainer.cli.TrainerCli.execute("eval-table", "--help")).isZero();
    }

    private static List<JsonNode> manifest() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("manifest.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
