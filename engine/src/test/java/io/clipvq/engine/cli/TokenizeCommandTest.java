package io.clipvq.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.text.ClipTokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        CommandLine cli = new CommandLine(new TokenizeCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void should_print_one_json_array_per_input_line() {
        int exitCode = run("hello world\na photo of a cat\n\nCafé!\n");
        String expectedCafe = Arrays.stream(ClipTokenizer.openDefault().tokenizeUnpadded("Café!"))
                .mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        assertThat(exitCode).isZero();
        assertThat(out.toString().split("\n")).containsExactly(
                "[49406, 3306, 1002, 49407]",
                "[49406, 320, 1125, 539, 320, 2368, 49407]",
                "[49406, 49407]",
                expectedCafe);
        assertThat(expectedCafe).startsWith("[49406, ").endsWith(", 49407]");
    }

    @Test
    void should_cut_long_lines_at_77_ids_unless_asked_not_to() {
        String longText = "word ".repeat(100) + "\n";
        run(longText);
        assertThat(out.toString().trim().split(", ")).hasSize(77);
        out.getBuffer().setLength(0);
        run(longText, "--no-truncate");
        String row = out.toString().trim();
        assertThat(row.split(", ")).hasSize(102);
        assertThat(row).startsWith("[49406, ").endsWith(", 49407]");
    }

    @Test
    void should_report_a_missing_merges_file_by_name(@TempDir Path dir) {
        int exitCode = run("hello\n", "--merges", dir.resolve("missing.txt.gz").toString());
        assertThat(exitCode).isNotZero();
        assertThat(err.toString()).contains("missing.txt.gz");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void should_read_the_tokenizer_file_of_a_bundle_directory(@TempDir Path bundle) throws Exception {
        Path vocab = bundle.resolve(BundleSignatures.TOKENIZER_VOCAB);
        Files.createDirectories(vocab.getParent());
        try (InputStream merges = ClipTokenizer.class.getResourceAsStream(ClipTokenizer.MERGES_FILE_NAME)) {
            Files.copy(merges, vocab);
        }
        assertThat(run("hello world\n", "--bundle", bundle.toString())).isZero();
        assertThat(out.toString()).isEqualTo("[49406, 3306, 1002, 49407]\n");
    }

    @Test
    void should_report_a_bundle_without_tokenizer_file(@TempDir Path bundle) {
        assertThat(run("hello\n", "--bundle", bundle.toString())).isNotZero();
        assertThat(err.toString()).contains("bpe_simple_vocab_16e6.txt.gz");
    }

    @Test
    void should_be_reachable_as_a_subcommand_of_the_engine_cli() {
        CommandLine cli = EngineCli.commandLine();
        assertThat(cli.getSubcommands()).containsKey("tokenize");
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand").contains("tokenize");
    }
}
