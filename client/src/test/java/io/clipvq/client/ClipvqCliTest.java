package io.clipvq.client;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The command words and options that README.md and docs/operations.md show still parse. */
class ClipvqCliTest {

    @Test
    void should_offer_the_four_commands() {
        assertThat(ClipvqCli.commandLine().getSubcommands()).containsOnlyKeys("submit", "status", "cancel", "synth");
    }

    @Test
    void should_parse_the_documented_command_lines() {
        List<String[]> documented = List.of(
                new String[]{"submit", "-m", "shapes:0.4.1", "-p", "a red circle on the left", "-p",
                        "a big blue box on a white background", "--wait"},
                new String[]{"status"},
                new String[]{"status", "JOB_ID", "--images"},
                new String[]{"cancel", "JOB_ID"},
                new String[]{"synth", "--prompts-file", "prompts.txt", "-m", "shapes:0.4.1", "-i", "100", "-n", "16",
                        "--shard-size", "500", "--prefix", "datasets", "--tar", "--layout", "by-prompt"},
                new String[]{"synth", "--prompts-object", "lists/prompts.jsonl", "-m", "shapes:0.4.1", "-i", "10000",
                        "--no-follow"},
                new String[]{"submit", "-m", "m", "-p", "p", "--bootstrap-servers", "localhost:9092"},
                new String[]{"status", "--jdbc-url", "jdbc:postgresql://localhost:5432/clipvq", "--db-user", "clipvq",
                        "--db-password", "clipvq"});
        for (String[] args : documented) {
            assertThatCode(() -> new CommandLine(new ClipvqCli()).parseArgs(args)).as(String.join(" ", args))
                    .doesNotThrowAnyException();
        }
    }
}
