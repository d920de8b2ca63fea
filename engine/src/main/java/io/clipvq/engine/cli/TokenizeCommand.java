package io.clipvq.engine.cli;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.text.ClipTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Reads one text per line (UTF-8) and prints the CLIP token ids of each as one JSON array per line. */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = "Reads one text per line from standard input (UTF-8) and prints one JSON array of CLIP token"
                + " ids per line: start token 49406, the text's ids, end token 49407, no padding. Like"
                + " clip.tokenize(truncate=True), rows longer than 77 ids are cut keeping the end token.")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--merges", paramLabel = "FILE",
            description = "BPE merge list (bpe_simple_vocab_16e6.txt[.gz]); default: the one built into the engine.")
    private Path mergesFile;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Use the tokenizer file of the model bundle in DIR (" + BundleSignatures.TOKENIZER_VOCAB + ").")
    private Path bundleDirectory;

    @Option(names = "--no-truncate", description = "Print every id instead of cutting rows at 77.")
    private boolean noTruncate;

    @Spec
    private CommandSpec spec;

    private final InputStream input;

    TokenizeCommand() {
        this(System.in);
    }

    /** For tests and embedding: texts are read from {@code input}; output goes to the command line's out writer. */
    TokenizeCommand(InputStream input) {
        this.input = input;
    }

    @Override
    public Integer call() throws IOException {
        if (mergesFile != null && bundleDirectory != null) {
            throw new ParameterException(spec.commandLine(), "--merges and --bundle both name a tokenizer file; give one");
        }
        Path file = bundleDirectory != null ? bundleDirectory.resolve(BundleSignatures.TOKENIZER_VOCAB) : mergesFile;
        ClipTokenizer tokenizer = file == null ? ClipTokenizer.openDefault() : ClipTokenizer.load(file);
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder(512);
        String line;
        while ((line = reader.readLine()) != null) {
            int[] ids = noTruncate ? withMarkers(tokenizer.encode(line)) : tokenizer.tokenizeUnpadded(line);
            json.setLength(0);
            json.append('[');
            for (int i = 0; i < ids.length; i++) {
                if (i > 0) {
                    json.append(", ");
                }
                json.append(ids[i]);
            }
            json.append(']');
            json.append('\n');
            out.print(json);
            // flushed per line so that the command can sit in an interactive pipe
            out.flush();
        }
        return 0;
    }

    private static int[] withMarkers(int[] body) {
        int[] ids = new int[body.length + 2];
        ids[0] = ClipTokenizer.START_OF_TEXT;
        System.arraycopy(body, 0, ids, 1, body.length);
        ids[ids.length - 1] = ClipTokenizer.END_OF_TEXT;
        return ids;
    }
}
