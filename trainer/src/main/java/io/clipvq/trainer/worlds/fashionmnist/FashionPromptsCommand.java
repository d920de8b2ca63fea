package io.clipvq.trainer.worlds.fashionmnist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Writes evaluation prompts for Fashion-MNIST worded unlike any training caption: other templates and, where the
 * language has them, other words for the class ("jeans", "jumper", "purse"). The same number per class, in class
 * order, as JSONL lines with the prompt and the class asked for.
 */
@Command(name = "fashion-mnist-prompts", mixinStandardHelpOptions = true,
        description = "Write held-out Fashion-MNIST eval prompts (JSONL: prompt, class), worded unlike the training captions.")
public final class FashionPromptsCommand implements Callable<Integer> {
    /** Templates no training caption uses ("{}" is the item, with its article where the template has one). */
    static final List<String> TEMPLATES = List.of("a product shot of {a}", "{a}, studio photograph",
            "catalogue picture showing {a}", "{a} photographed from the front", "a grayscale photo of {a}",
            "an online shop thumbnail of {a}", "{a}, isolated on black", "a simple image of {a}");

    /** Words for each class that no training caption uses, with the caption words as a fallback. */
    static final Map<FashionClass, List<String>> WORDS = words();

    @Option(names = "--out", required = true) Path out;
    @Option(names = "--per-class", defaultValue = "20", description = "prompts per class (default ${DEFAULT-VALUE})") int perClass;
    @Option(names = "--seed", defaultValue = "1") long seed;

    @Override
    public Integer call() throws Exception {
        if (perClass <= 0) {
            throw new IllegalArgumentException("--per-class must be positive, got " + perClass);
        }
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(seed);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (FashionClass c : FashionClass.values()) {
                for (int i = 0; i < perClass; i++) {
                    String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
                    List<String> words = WORDS.get(c);
                    String prompt = fill(template, words.get(random.nextInt(words.size())));
                    ObjectNode line = json.createObjectNode().put("prompt", prompt).put("class", c.label());
                    writer.write(json.writeValueAsString(line));
                    writer.write('\n');
                }
            }
        }
        System.err.println("wrote " + perClass * FashionClass.values().length + " prompts to " + out);
        return 0;
    }

    static String fill(String template, String word) {
        boolean plural = word.endsWith("s") && !word.endsWith("ss");
        String article = plural ? "a pair of " : "aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
        if (word.equals("flip-flops") || word.equals("booties")) {
            article = "a pair of ";
        }
        return template.replace("{a}", article + word);
    }

    private static Map<FashionClass, List<String>> words() {
        Map<FashionClass, List<String>> m = new EnumMap<>(FashionClass.class);
        m.put(FashionClass.T_SHIRT, List.of("tee shirt", "tank top", "crop top"));
        m.put(FashionClass.TROUSER, List.of("jeans", "slacks", "chinos"));
        m.put(FashionClass.PULLOVER, List.of("jumper", "sweatshirt", "knit sweater"));
        m.put(FashionClass.DRESS, List.of("gown", "frock", "sundress"));
        m.put(FashionClass.COAT, List.of("parka", "overcoat", "raincoat"));
        m.put(FashionClass.SANDAL, List.of("flip-flops", "slide sandal", "sandals"));
        m.put(FashionClass.SHIRT, List.of("button-down", "button-up shirt", "blouse"));
        m.put(FashionClass.SNEAKER, List.of("running shoes", "tennis shoes", "athletic shoe"));
        m.put(FashionClass.BAG, List.of("purse", "tote", "satchel"));
        m.put(FashionClass.ANKLE_BOOT, List.of("bootie", "ankle boots", "boots"));
        return m;
    }
}
