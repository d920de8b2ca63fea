package io.clipvq.trainer.worlds.shapes;

import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShapesClipGeometryCommandTest {
    private static final Pattern VALUE_LINE = Pattern.compile("^\\s+(\\w+)\\s+(\\w+)\\s+(-?[0-9.]+) \\((\\d+)\\)$");

    @Test
    void should_average_every_render_once_per_attribute(@TempDir Path dir) throws Exception {
        RandomBundleFactory.builder().optSeed(2).build().write(dir);
        CommandLine cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("shapes-clip-geometry", "--bundle", dir.toString(), "--prompt", "a red object",
                "--colour", "RED");

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        // red only: 4 shapes x 2 sizes x 5 positions x 3 backgrounds nominal renders
        assertThat(lines.get(0)).startsWith("prompt 'a red object': 120 renders, mean cosine ");
        double overall = Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        Map<String, double[]> byAttribute = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = VALUE_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            double[] sum = byAttribute.computeIfAbsent(m.group(1), a -> new double[2]);
            sum[0] += Double.parseDouble(m.group(3)) * Integer.parseInt(m.group(4));
            sum[1] += Integer.parseInt(m.group(4));
        }
        assertThat(byAttribute).containsOnlyKeys("shape", "colour", "size", "position", "background");
        // each attribute's values split the same 120 renders, so their weighted means give the overall mean back
        byAttribute.forEach((attribute, sum) -> {
            assertThat(sum[1]).as(attribute).isEqualTo(120);
            assertThat(sum[0] / sum[1]).as(attribute).isCloseTo(overall, within(1e-3));
        });
        assertThat(lines).hasSize(1 + 4 + 1 + 2 + 5 + 3);
    }
}
