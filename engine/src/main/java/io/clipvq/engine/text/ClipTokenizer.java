package io.clipvq.engine.text;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * OpenAI CLIP's byte-level BPE tokenizer (clip/simple_tokenizer.py and clip.tokenize with truncate=True).
 *
 * <p>The vocabulary is built exactly as the reference builds it from bpe_simple_vocab_16e6.txt: the 256 byte
 * characters, the same 256 with "&lt;/w&gt;", the first {@value #MERGE_COUNT} merges, then
 * {@code <|startoftext|>} ({@value #START_OF_TEXT}) and {@code <|endoftext|>} ({@value #END_OF_TEXT}).
 * Text is cleaned by {@link ClipTextCleaner} as the reference cleans it: ftfy.fix_text ({@link TextFixer}), HTML
 * unescaping twice, whitespace collapsed, lower case (docs/text-cleaning.md).
 * Instances are immutable apart from a thread-safe BPE cache and may be shared between threads.
 */
public final class ClipTokenizer {

    public static final int START_OF_TEXT = 49406;
    public static final int END_OF_TEXT = 49407;
    public static final int CONTEXT_LENGTH = 77;
    public static final int VOCABULARY_SIZE = 49408;
    /** 49152 - 256 - 2: the merges the reference keeps from the file. */
    public static final int MERGE_COUNT = 48894;
    /** File name of the merge list, both as classpath resource (in this package) and in a model bundle. */
    public static final String MERGES_FILE_NAME = "bpe_simple_vocab_16e6.txt.gz";

    private static final String START_TEXT = "<|startoftext|>";
    private static final String END_TEXT = "<|endoftext|>";
    private static final String END_OF_WORD = "</w>";

    /** The reference pattern, applied to lower-cased text (the reference compiles it with IGNORECASE). */
    private static final Pattern TOKEN_PATTERN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    /** The reference caches without bound; a long-running worker should not, so the cache is reset when full. */
    private static final int CACHE_LIMIT = 100_000;

    private final ByteLevelAlphabet alphabet = new ByteLevelAlphabet();
    private final ClipTextCleaner cleaner = new ClipTextCleaner();
    private final Map<String, Integer> tokenToId;
    private final String[] idToToken;
    private final Map<String, Integer> mergeRanks;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    private ClipTokenizer(List<String[]> merges) {
        char[] byteChars = alphabet.charactersInVocabularyOrder();
        idToToken = new String[VOCABULARY_SIZE];
        int id = 0;
        for (char c : byteChars) {
            idToToken[id++] = String.valueOf(c);
        }
        for (char c : byteChars) {
            idToToken[id++] = c + END_OF_WORD;
        }
        mergeRanks = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = merges.get(rank);
            idToToken[id++] = pair[0] + pair[1];
            // later duplicates win, as in the reference's dict(zip(...)); the published file has none
            mergeRanks.put(pairKey(pair[0], pair[1]), rank);
        }
        idToToken[id++] = START_TEXT;
        idToToken[id] = END_TEXT;
        tokenToId = new HashMap<>(VOCABULARY_SIZE * 2);
        for (int i = 0; i < idToToken.length; i++) {
            tokenToId.put(idToToken[i], i);
        }
    }

    /** The tokenizer with the merge list shipped in the engine jar, loaded once and shared (it is thread-safe). */
    public static ClipTokenizer openDefault() {
        return DefaultHolder.INSTANCE;
    }

    /** Lazy holder: the merge list is read on first use only. */
    private static final class DefaultHolder {
        static final ClipTokenizer INSTANCE = loadDefault();
    }

    private static ClipTokenizer loadDefault() {
        InputStream stream = ClipTokenizer.class.getResourceAsStream(MERGES_FILE_NAME);
        if (stream == null) {
            throw new IllegalStateException("classpath resource io/clipvq/engine/text/" + MERGES_FILE_NAME + " is missing");
        }
        try (stream) {
            return load(stream, "classpath:io/clipvq/engine/text/" + MERGES_FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + MERGES_FILE_NAME, e);
        }
    }

    /** Loads a merge list file (gzipped as published, or plain text), e.g. the tokenizer file of a model bundle. */
    public static ClipTokenizer load(Path mergesFile) throws IOException {
        if (!Files.isRegularFile(mergesFile)) {
            throw new IOException("tokenizer merge list " + mergesFile + " does not exist or is not a file");
        }
        try (InputStream stream = Files.newInputStream(mergesFile)) {
            return load(stream, mergesFile.toString());
        }
    }

    /**
     * Loads a merge list from a stream (gzip detected by its magic bytes); {@code sourceName} names the source in
     * error messages. The stream is read but not closed.
     */
    public static ClipTokenizer load(InputStream mergesStream, String sourceName) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(mergesStream);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream text = (first == 0x1f && second == 0x8b) ? new GZIPInputStream(buffered) : buffered;
        BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8));
        if (reader.readLine() == null) {
            throw new IOException("tokenizer merge list " + sourceName + " is empty");
        }
        List<String[]> merges = new ArrayList<>(MERGE_COUNT);
        while (merges.size() < MERGE_COUNT) {
            String line = reader.readLine();
            int lineNumber = merges.size() + 2;
            if (line == null) {
                throw new IOException("tokenizer merge list " + sourceName + " has only " + merges.size()
                        + " merges after its version line; CLIP needs " + MERGE_COUNT);
            }
            String[] pair = line.split(" ");
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IOException("tokenizer merge list " + sourceName + " line " + lineNumber
                        + " is not two space-separated symbols: '" + line + "'");
            }
            merges.add(pair);
        }
        return new ClipTokenizer(merges);
    }

    /** Token ids of the text without start/end tokens and without truncation (simple_tokenizer.encode). */
    public int[] encode(String text) {
        String cleaned = cleaner.clean(text);
        IntList ids = new IntList(cleaned.length() + 8);
        Matcher matcher = TOKEN_PATTERN.matcher(cleaned);
        while (matcher.find()) {
            ids.addAll(bpeIds(alphabet.encode(matcher.group().getBytes(StandardCharsets.UTF_8))));
        }
        return ids.toArray();
    }

    /**
     * Start token, ids, end token, cut to {@value #CONTEXT_LENGTH} keeping the end token last
     * (clip.tokenize(truncate=True) without the zero padding).
     */
    public int[] tokenizeUnpadded(String text) {
        int[] body = encode(text);
        int length = Math.min(body.length + 2, CONTEXT_LENGTH);
        int[] ids = new int[length];
        ids[0] = START_OF_TEXT;
        System.arraycopy(body, 0, ids, 1, length - 2);
        ids[length - 1] = END_OF_TEXT;
        return ids;
    }

    /** clip.tokenize(text, truncate=True) for one text: {@value #CONTEXT_LENGTH} ids, zero padded. */
    public long[] tokenize(String text) {
        long[] row = new long[CONTEXT_LENGTH];
        tokenizeInto(text, row, 0);
        return row;
    }

    /** clip.tokenize(texts, truncate=True): one zero-padded row of {@value #CONTEXT_LENGTH} ids per text. */
    public long[][] tokenize(List<String> texts) {
        long[][] rows = new long[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = tokenize(texts.get(i));
        }
        return rows;
    }

    /**
     * Writes the {@value #CONTEXT_LENGTH} padded ids of the text into {@code target} from {@code offset} (for a flat
     * [B, 77] input buffer) and returns how many of them are real tokens (for an attention mask).
     */
    public int tokenizeInto(String text, long[] target, int offset) {
        if (offset < 0 || offset + CONTEXT_LENGTH > target.length) {
            throw new IllegalArgumentException("target of length " + target.length + " has no room for "
                    + CONTEXT_LENGTH + " ids at offset " + offset);
        }
        int[] ids = tokenizeUnpadded(text);
        for (int i = 0; i < CONTEXT_LENGTH; i++) {
            target[offset + i] = i < ids.length ? ids[i] : 0L;
        }
        return ids.length;
    }

    /** Text of token ids as the reference's decode does it (bytes decoded as UTF-8, "&lt;/w&gt;" becomes a space). */
    public String decode(int[] ids) {
        int[] charToByte = alphabet.charToByte();
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= VOCABULARY_SIZE) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + VOCABULARY_SIZE + ")");
            }
            String token = idToToken[id];
            if (id == START_OF_TEXT || id == END_OF_TEXT) {
                flush(bytes, text);
                text.append(token);
                continue;
            }
            boolean endOfWord = token.endsWith(END_OF_WORD);
            String symbols = endOfWord ? token.substring(0, token.length() - END_OF_WORD.length()) : token;
            for (int i = 0; i < symbols.length(); i++) {
                bytes.write(charToByte[symbols.charAt(i)]);
            }
            if (endOfWord) {
                bytes.write(' ');
            }
        }
        flush(bytes, text);
        return text.toString();
    }

    /** The vocabulary string of a token id (byte characters, "&lt;/w&gt;" marking a word end). */
    public String token(int id) {
        return idToToken[id];
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder text) {
        text.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
    }

    private int[] bpeIds(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = bpe(word);
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = tokenToId.get(symbols.get(i));
            if (id == null) {
                throw new IllegalStateException("BPE produced '" + symbols.get(i) + "', which is not in the vocabulary");
            }
            ids[i] = id;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, ids);
        return ids;
    }

    /** simple_tokenizer.bpe: repeatedly merge every occurrence of the lowest-ranked adjacent pair. */
    private List<String> bpe(String word) {
        if (word.equals(START_TEXT) || word.equals(END_TEXT)) {
            return List.of(word);
        }
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length() - 1; i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        symbols.add(word.charAt(word.length() - 1) + END_OF_WORD);
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i < symbols.size() - 1; i++) {
                Integer rank = mergeRanks.get(pairKey(symbols.get(i), symbols.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = symbols.get(i);
                    second = symbols.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(symbols.size());
            int i = 0;
            while (i < symbols.size()) {
                if (i < symbols.size() - 1 && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i += 2;
                } else {
                    merged.add(symbols.get(i));
                    i += 1;
                }
            }
            symbols = merged;
        }
        return symbols;
    }

    /** Symbols never contain a space (the byte alphabet maps space to U+0120), so it separates the pair. */
    private static String pairKey(String first, String second) {
        return first + ' ' + second;
    }

    /** Growable int array, to avoid boxing every id. */
    private static final class IntList {
        private int[] values;
        private int size;

        IntList(int capacity) {
            values = new int[Math.max(capacity, 4)];
        }

        void addAll(int[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
