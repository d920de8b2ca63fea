package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.RealImageSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores generated Shapes images (docs/worlds.md#shapes-synthetic) with the pixel-only {@link AttributeChecker}: the
 * attribute accuracy of each prompt's best image, split by seen and left-out compositions
 * ({@link Composition#DEFAULT_LEFT_OUT}), and, when two or more candidates per prompt are kept, how well CLIP's
 * ranking tells right from wrong ({@link RerankingQuality}). Its real images are rendered exactly from the dataset.
 *
 * <p>metrics.json: the accuracy and the reranking stay at the top level, as {@code attribute_accuracy} and
 * {@code reranking} (null with one kept candidate), where the ablation table and the published eval folders have
 * always read them; {@code worldCheck} only names the world.
 */
public final class ShapesImageCheck implements GeneratedImageCheck {
    /** Top-level metrics.json field of the attribute accuracy ({@link MetricsJson}). */
    public static final String ATTRIBUTE_ACCURACY = "attribute_accuracy";
    /** Top-level metrics.json field of the reranking measure. */
    public static final String RERANKING = "reranking";
    /** worldCheck field: per prompt asked on several lines, the spread of the attributes it leaves open. */
    public static final String OPEN_ATTRIBUTES = "open_attributes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String worldName;

    /** @param worldName the name written under worldCheck ("shapes") */
    public ShapesImageCheck(String worldName) {
        this.worldName = worldName;
    }

    @Override
    public void checkPrompts(List<String> prompts) {
        AttributeScoring.parsePrompts(prompts);
    }

    /** The best image of each prompt only: no reranking measure. */
    @Override
    public Outcome score(List<String> prompts, List<byte[]> pngs, Path outDir) {
        List<List<KeptImage>> kept = new ArrayList<>(pngs.size());
        for (byte[] png : pngs) {
            kept.add(List.of(new KeptImage(png, Double.NaN)));
        }
        return scoreKept(prompts, kept, outDir);
    }

    @Override
    public Outcome scoreKept(List<String> prompts, List<List<KeptImage>> kept, Path outDir) {
        List<PromptAttributes> named = AttributeScoring.parsePrompts(prompts);
        List<ShapesMetrics.Evaluated> checked = AttributeScoring.check(named,
                kept.stream().map(candidates -> candidates.get(0).png()).toList());
        ShapesMetrics.AttributeAccuracy accuracy = ShapesMetrics.attributeAccuracy(checked, Composition.DEFAULT_LEFT_OUT);
        int keptPerPrompt = kept.stream().mapToInt(List::size).min().orElse(0);
        Map<Attribute, RerankingQuality.Quality> reranking = null;
        if (keptPerPrompt >= 2) { // every kept candidate is checked too, to measure what the reranking adds
            List<List<RerankingQuality.Candidate>> candidates = new ArrayList<>(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                candidates.add(AttributeScoring.candidates(named.get(i), kept.get(i)));
            }
            reranking = RerankingQuality.measure(candidates);
        }
        List<OpenAttributeSpread> spreads = OpenAttributeSpread.ofRepeatedPrompts(checked, prompts);
        Map<String, Object> topLevel = new LinkedHashMap<>();
        topLevel.put(ATTRIBUTE_ACCURACY, JSON.convertValue(MetricsJson.attributeAccuracy(accuracy), Map.class));
        topLevel.put(RERANKING, reranking == null ? null : rerankingJson(reranking));
        List<Reading> readings = new ArrayList<>(checked.size());
        for (ShapesMetrics.Evaluated evaluated : checked) {
            readings.add(new Reading(ShapesCheckReport.reads(evaluated.checked().found()),
                    ShapesCheckReport.wrong(evaluated)));
        }
        Map<String, Object> worldMetrics = new LinkedHashMap<>();
        worldMetrics.put("world", worldName);
        worldMetrics.put(OPEN_ATTRIBUTES, spreadsJson(spreads));
        return new Outcome(worldMetrics, ShapesCheckReport.section(accuracy, reranking, keptPerPrompt)
                + ShapesCheckReport.spreadSection(spreads), topLevel, readings, summary(accuracy));
    }

    /** The captioned or image-only split's scenes of the dataset seeded {@code request.seed()}, rendered exactly. */
    @Override
    public List<RealImageSet.RealImage> realImages(RealImageSet request) {
        ShapesDataset dataset = ShapesDataset.builder().optSeed(request.seed()).build();
        List<RealImageSet.RealImage> images = new ArrayList<>(request.count());
        if (request.split() == RealImageSet.Split.CAPTIONED) {
            for (ShapesDataset.CaptionedScene scene : dataset.captioned(request.count())) {
                images.add(new RealImageSet.RealImage(ShapesRenderer.render(scene.scene()).toPng(), scene.caption()));
            }
        } else {
            for (ShapeScene scene : dataset.imageOnly(request.count())) {
                images.add(new RealImageSet.RealImage(ShapesRenderer.render(scene).toPng(), describe(scene)));
            }
        }
        return images;
    }

    private static List<Map<String, Object>> spreadsJson(List<OpenAttributeSpread> spreads) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (OpenAttributeSpread spread : spreads) {
            Map<String, Object> prompt = new LinkedHashMap<>();
            prompt.put("prompt", spread.prompt());
            prompt.put("images", spread.images());
            Map<String, Object> open = new LinkedHashMap<>();
            spread.open().forEach((attribute, s) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("shares", s.shares());
                one.put("no_object", s.noObject());
                one.put("total_variation_to_uniform", s.totalVariation());
                open.put(attribute.label(), one);
            });
            prompt.put("open", open);
            prompt.put("worst_total_variation", spread.worstTotalVariation());
            json.add(prompt);
        }
        return json;
    }

    private static Map<String, Object> rerankingJson(Map<Attribute, RerankingQuality.Quality> reranking) {
        Map<String, Object> json = new LinkedHashMap<>();
        reranking.forEach((attribute, q) -> {
            Map<String, Object> quality = new LinkedHashMap<>();
            quality.put("prompts", q.prompts());
            quality.put("candidates", q.candidates());
            quality.put("right_share", q.rightShare());
            quality.put("best_right", q.bestRight());
            quality.put("any_right", q.anyRight());
            quality.put("pairs", q.pairs());
            quality.put("auc", Double.isNaN(q.auc()) ? null : q.auc()); // no (right, wrong) pair: no AUC; JSON has no NaN
            json.put(attribute.label(), quality);
        });
        json.put("definition", "over the kept candidates: share right (checker), share of prompts whose"
                + " best-scored candidate is right, share with any right candidate, and the probability that CLIP"
                + " scores a right candidate above a wrong one of the same prompt (ties half)");
        return json;
    }

    private static String summary(ShapesMetrics.AttributeAccuracy accuracy) {
        StringBuilder line = new StringBuilder("accuracy seen/left-out:");
        accuracy.seen().forEach((attribute, score) -> line.append(' ').append(attribute.label()).append(' ')
                .append(ShapesCheckReport.score(score)).append(" / ")
                .append(ShapesCheckReport.score(accuracy.leftOut().get(attribute))));
        return line.toString();
    }

    private static String describe(ShapeScene scene) {
        return scene.size().label() + " " + scene.colour().label() + " " + scene.shape().label() + ", "
                + scene.position().label() + ", " + scene.background().label() + " background";
    }
}
