package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JsonErrors;
import io.clipvq.contracts.job.Violation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads prompts one at a time from a prompt file: plain text with one prompt per line, or JSONL (a key ending in
 * {@code .jsonl}) with a {@code "prompt"} string per record. Blank lines are skipped; any other bad line stops the
 * read with an error naming the object, the line number and the problem.
 */
public final class PromptReader {
    private PromptReader() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static boolean isJsonl(String key) {
        return key.endsWith(".jsonl");
    }

    public static PromptStream of(String key, InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean jsonl = isJsonl(key);
        return new PromptStream() {
            private String next;
            private long line;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        String text = reader.readLine();
                        if (text == null) {
                            return false;
                        }
                        line++;
                        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                            text = text.substring(1);
                        }
                        if (text.isBlank()) {
                            continue;
                        }
                        next = jsonl ? promptOfRecord(key, line, text) : checked(key, line, text.strip());
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read prompts object '" + key + "' at line " + line, e);
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String prompt = next;
                next = null;
                return prompt;
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    // the stream was read to the end or abandoned; nothing to save
                }
            }
        };
    }

    /** The prompts of a request that carries them inline. */
    public static PromptStream of(List<String> prompts) {
        Iterator<String> it = prompts.iterator();
        return new PromptStream() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private static String promptOfRecord(String key, long line, String text) {
        JsonNode record;
        try {
            record = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(key, line, "not valid JSON: " + JsonErrors.describe(e));
        }
        JsonNode prompt = record == null ? null : record.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw bad(key, line, "a JSONL record needs a \"prompt\" string");
        }
        return checked(key, line, prompt.textValue());
    }

    private static String checked(String key, long line, String prompt) {
        BulkValidator.promptProblem(prompt).ifPresent(problem -> {
            throw bad(key, line, "prompt " + problem);
        });
        return prompt;
    }

    private static InvalidJobMessageException bad(String key, long line, String problem) {
        return new InvalidJobMessageException(List.of(new Violation("promptsObject", "\"" + key + "\"",
                "line " + line + ": " + problem)), null);
    }
}
