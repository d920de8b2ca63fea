package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code trainer compare-candidates}: the share of candidates two eval runs drew differently, as JSON. */
@Command(name = "compare-candidates", mixinStandardHelpOptions = true,
        description = "Compare two eval runs of the same prompts and seeds candidate by candidate (run both with "
                + "--keep equal to --candidates and --rerank best) and print JSON: how many candidates differ.")
public final class CompareCandidatesCommand implements Callable<Integer> {
    @Option(names = "--a", required = true, paramLabel = "RUN", description = "an eval output folder")
    Path runA;
    @Option(names = "--b", required = true, paramLabel = "RUN", description = "another eval output folder")
    Path runB;

    @Override
    public Integer call() throws IOException {
        CandidateAgreement agreement = CandidateAgreement.of(runA, runB);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("a", runA.toString()).put("b", runB.toString())
                .put("candidatesCompared", agreement.compared()).put("identical", agreement.identical())
                .put("differingShare", agreement.differingShare()).put("keptByOneRunOnly", agreement.onlyInOne());
        System.out.println(json.writeValueAsString(report));
        return 0;
    }
}
