package io.clipvq.trainer.eval;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code trainer eval-table}: one Markdown table of several eval runs' metrics.json (e.g. separately trained bundles). */
@Command(name = "eval-table", mixinStandardHelpOptions = true,
        description = "Put several eval runs (folders holding metrics.json, or the files) side by side in one Markdown"
                + " table: CLIP score, Frechet distance and attribute accuracy per run.")
public final class EvalTableCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Eval output folders (or their metrics.json).")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Markdown file to write.")
    Path out;

    @Option(names = "--reference", paramLabel = "RUN",
            description = "Label (folder name) of the run to compare CLIP scores with, e.g. the paired upper bound:"
                    + " adds a column CLIP score / reference.")
    String reference;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<AblationReport.Run> read;
        try {
            read = AblationReport.readAll(runs);
            AblationReport.markdown(read, reference); // checks the reference before anything is written
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AblationReport.write(out, read, reference);
        System.out.println("wrote " + out + " (" + read.size() + " runs)");
        return 0;
    }
}
