package io.clipvq.client.job;

import io.clipvq.client.ClipvqCli;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitCommandTest {

    @Test
    void should_build_the_request_from_options_and_a_prompts_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prompts.txt"), "a red circle\n\n  a blue square  \n");
        SubmitCommand submit = new SubmitCommand();
        new CommandLine(submit).parseArgs("--job-id", "j-1", "-m", "shapes:3", "-p", "first", "--prompts-file",
                file.toString(), "-n", "8", "-k", "2", "--seed", "7", "--steps", "20", "--prefix", "out/x");

        JobRequest request = submit.request();

        assertThat(request.jobId()).isEqualTo("j-1");
        assertThat(request.model()).isEqualTo(new ModelRef("shapes", "3"));
        assertThat(request.prompts()).isEqualTo(List.of("first", "a red circle", "a blue square"));
        assertThat(request.candidatesPerPrompt()).isEqualTo(8);
        assertThat(request.keepPerPrompt()).isEqualTo(2);
        assertThat(request.seed()).isEqualTo(7);
        assertThat(request.sampling()).isEqualTo(new SamplingSettings(20, null, null));
        assertThat(request.outputPrefix()).isEqualTo("out/x");
    }

    @Test
    void should_carry_the_diversity_options_into_the_sampling_settings() throws Exception {
        SubmitCommand submit = new SubmitCommand();
        new CommandLine(submit).parseArgs("-m", "shapes", "-p", "a red circle", "-k", "4", "--condition-noise", "0.5",
                "--rerank", "best", "--near-duplicate-cosine", "0.99", "--score-margin", "0.05");

        assertThat(submit.request().sampling())
                .isEqualTo(new SamplingSettings(null, null, null, 0.5, "best", 0.99, 0.05));
    }

    @Test
    void should_refuse_an_unknown_rerank_policy_naming_the_choices() {
        StringWriter err = new StringWriter();
        CommandLine cli = ClipvqCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("submit", "--bootstrap-servers", "localhost:1", "-m", "shapes", "-p", "x", "--rerank",
                "diverse");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("sampling.rerank").contains("must be one of best, distinct");
    }

    @Test
    void should_refuse_an_invalid_request_before_sending_it() {
        StringWriter err = new StringWriter();
        CommandLine cli = ClipvqCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("submit", "--bootstrap-servers", "localhost:1", "-m", "shapes", "-p", "x", "-n", "65");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("candidatesPerPrompt = 65: must be between 1 and 64");
    }

    @Test
    void should_report_an_unreachable_database_in_one_line() {
        StringWriter err = new StringWriter();
        CommandLine cli = ClipvqCli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none")).isEqualTo(1);
        assertThat(err.toString()).startsWith("clipvq status: ").contains("127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void should_refuse_an_unsafe_job_id_to_cancel() {
        StringWriter err = new StringWriter();
        CommandLine cli = ClipvqCli.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("cancel", "--bootstrap-servers", "localhost:1", "../x")).isEqualTo(2);
        assertThat(err.toString()).contains("must not contain '..'");
    }
}
