package io.clipvq.trainer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class FailureReportTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int trainer(String... args) {
        CommandLine line = TrainerCli.commandLine(java.util.Arrays.asList(args).contains(TrainerCli.VERBOSE));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void should_refuse_a_corrupt_bundle_in_one_plain_line_without_a_stack_trace() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("manifest.json"), "{\"formatVersion\": 1}");
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a red circle\n");

        int exit = trainer("eval", "--bundle", bundle.toString(), "--prompts", prompts.toString(), "--out",
                dir.resolve("out").toString());

        assertThat(exit).isEqualTo(FailureReport.EXPECTED_FAILURE);
        assertThat(err.toString().lines()).hasSize(1).first().asString()
                .startsWith("trainer eval: model bundle " + bundle + " refused: manifest.json: ");
    }

    @Test
    void should_name_a_missing_bundle_folder() throws IOException {
        Path absent = dir.resolve("absent");
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a red circle\n");

        int exit = trainer("eval", "--bundle", absent.toString(), "--prompts", prompts.toString(),
                "--out", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(FailureReport.EXPECTED_FAILURE);
        assertThat(err.toString().lines()).containsExactly("trainer eval: model bundle " + absent
                + " refused: no such folder");
    }

    @Test
    void should_show_the_stack_trace_with_verbose() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("manifest.json"), "not json");
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a red circle\n");

        int exit = trainer("eval", "--verbose", "--bundle", bundle.toString(), "--prompts", prompts.toString(),
                "--out", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(FailureReport.EXPECTED_FAILURE);
        assertThat(err.toString()).startsWith("trainer eval: model bundle").contains("\tat io.clipvq.engine.bundle");
    }

    @Test
    void should_answer_a_bad_option_with_the_problem_and_where_the_help_is() {
        int exit = trainer("eval", "--candidates", "many");

        assertThat(exit).isEqualTo(FailureReport.BAD_OPTION);
        assertThat(err.toString().lines()).hasSize(1).first().asString()
                .startsWith("trainer eval: ").contains("'many'").endsWith("(trainer eval --help lists the options)");
    }

    @Test
    void should_print_a_bug_with_its_stack_trace_so_it_can_be_reported() {
        CommandLine line = new CommandLine(new Broken());
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler(new FailureReport(false));

        int exit = line.execute();

        assertThat(exit).isEqualTo(FailureReport.INTERNAL_ERROR);
        assertThat(err.toString()).startsWith("broken: internal error: java.lang.NullPointerException: a bug")
                .contains("\tat io.clipvq.trainer.cli.FailureReportTest$Broken.call");
    }

    @Test
    void should_name_the_file_for_the_jdk_terse_file_exceptions() {
        assertThat(FailureReport.sentence(new java.io.UncheckedIOException(
                new java.nio.file.NoSuchFileException("/data/images")))).isEqualTo("no such file or folder: /data/images");
        assertThat(FailureReport.isExpected(new java.io.UncheckedIOException(
                new java.nio.file.AccessDeniedException("/x")))).isTrue();
        assertThat(FailureReport.isExpected(new ArithmeticException("/ by zero"))).isFalse();
    }

    @CommandLine.Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new NullPointerException("a bug");
        }
    }
}
