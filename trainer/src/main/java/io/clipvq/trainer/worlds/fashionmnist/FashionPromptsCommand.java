package io.clipvq.trainer.worlds.fashionmnist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Writes evaluation prompts for Fashion-MNIST worded unlike any training caption: templates no caption uses, around
 * the class words of the public caption vocabulary (docs/worlds.md; a CLIP trained only on those captions has never
 * seen "jeans" or "purse", so other words would test its vocabulary, not the generator). The same number per class,
 * in class order, as JSONL lines with the prompt and the class asked for.
 */
@Command(name = "fashion-mnist-prompts", mixinStandardHelpOptions = true,
        description = "Write held-out Fashion-MNIST eval prompts (JSONL: prompt, class), worded unlike the training captions.")
public final class FashionPromptsCommand implements Callable<Integer> {
    /** Templates no training caption uses ("{}" is the item, with its article where the template has one). */
    static final List<String> TEMPLATES = List.of("a product shot of {a}", "{a}, studio photograph",
            "catalogue picture showing {a}", "{a} photographed from the front", "a grayscale photo of {a}",
            "an online shop thumbnail of {a}", "{a}, isolated on black", "a simple image of {a}");


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
                    List<String> words = c.words();
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
        return template.replace("{a}", article + word);
    }
}
