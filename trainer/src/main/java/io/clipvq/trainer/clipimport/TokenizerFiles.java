package io.clipvq.trainer.clipimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.engine.text.ClipTokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A pretrained CLIP's tokenizer files, checked against the engine's tokenizer. A Hugging Face export ships
 * {@code vocab.json} (token to id) and {@code merges.txt} (the BPE merges, one pair per line after a "#version"
 * line): the engine builds its vocabulary from the merges alone, in OpenAI's order (256 byte tokens, the same with
 * "&lt;/w&gt;", the merged pairs, the two special tokens), so the export is accepted only when every token of
 * vocab.json has the id the engine gives it. Then the engine's ids are the export's ids for any text. The merges are
 * stored in the bundle in OpenAI's file format (bpe_simple_vocab_16e6.txt.gz), which is the same text.
 */
final class TokenizerFiles {

    private TokenizerFiles() {
    }

    /** The gzipped merge list for the bundle, after checking {@code vocabJson} against the tokenizer built from it. */
    static byte[] fromHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
        byte[] gz = gzip(Files.readAllBytes(mergesTxt));
        ClipTokenizer tokenizer;
        try {
            tokenizer = ClipTokenizer.load(new ByteArrayInputStream(gz), mergesTxt.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(mergesTxt + " is not a CLIP BPE merge list: " + e.getMessage(), e);
        }
        JsonNode vocab;
        try {
            vocab = new ObjectMapper().readTree(vocabJson.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(vocabJson + " is not JSON: " + e.getMessage(), e);
        }
        if (vocab == null || !vocab.isObject()) {
            throw new IllegalArgumentException(vocabJson + " should be a JSON object of token to id");
        }
        if (vocab.size() != ClipTokenizer.VOCABULARY_SIZE) {
            throw new IllegalArgumentException(vocabJson + " holds " + vocab.size() + " tokens; CLIP's vocabulary "
                    + "built from " + mergesTxt + " holds " + ClipTokenizer.VOCABULARY_SIZE);
        }
        Iterator<Map.Entry<String, JsonNode>> entries = vocab.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            int id = entry.getValue().asInt(-1);
            String ours = id >= 0 && id < ClipTokenizer.VOCABULARY_SIZE ? tokenizer.token(id) : null;
            if (!entry.getKey().equals(ours)) {
                throw new IllegalArgumentException(vocabJson + ": token " + quoted(entry.getKey()) + " has id "
                        + entry.getValue() + " there, but id " + entry.getValue() + " is " + quoted(ours)
                        + " in the vocabulary built from " + mergesTxt + " (the engine would give other ids)");
            }
        }
        return gz;
    }

    /** A merge list in OpenAI's format (gzipped or plain), loaded once to check it. */
    static byte[] fromBpeFile(Path bpe) throws IOException {
        byte[] bytes = Files.readAllBytes(bpe);
        boolean gzipped = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        byte[] gz = gzipped ? bytes : gzip(bytes);
        try {
            ClipTokenizer.load(new ByteArrayInputStream(gz), bpe.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(bpe + " is not a CLIP BPE merge list: " + e.getMessage(), e);
        }
        return gz;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String quoted(String token) {
        return token == null ? "nothing" : "'" + token + "'";
    }
}
