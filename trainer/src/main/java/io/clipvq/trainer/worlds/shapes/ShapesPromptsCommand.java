package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Writes the held-out eval prompt set of the Shapes world as JSONL. */
@Command(name = "shapes-prompts", mixinStandardHelpOptions = true,
        description = "Write held-out Shapes prompts (worded unlike any training caption) as JSONL lines"
                + " {\"prompt\": ..., \"composition\": ..., \"left_out\": ...}: N per colour-shape pair, left-out pairs"
                + " included.")
public final class ShapesPromptsCommand implements Callable<Integer> {

    @Option(names = "--per-composition", defaultValue = "8",
            description = "Prompts per colour-shape pair (24 pairs; default ${DEFAULT-VALUE}).")
    int perComposition;

    @Option(names = "--seed", defaultValue = "0", description = "Prompt seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL file.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (perComposition <= 0) {
            throw new ParameterException(spec.commandLine(), "--per-composition must be positive, got " + perComposition);
        }
        List<PromptVariants.Prompt> prompts = PromptVariants.promptSet(perComposition, seed);
        ObjectMapper json = new ObjectMapper();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (PromptVariants.Prompt prompt : prompts) {
                Composition composition = prompt.attributes().composition().orElseThrow();
                ObjectNode line = json.createObjectNode().put("prompt", prompt.text())
                        .put("composition", composition.label())
                        .put("left_out", Composition.DEFAULT_LEFT_OUT.contains(composition));
                writer.write(json.writeValueAsString(line));
                writer.write('\n');
            }
        }
        System.out.println("wrote " + prompts.size() + " prompts to " + out);
        return 0;
    }
}
