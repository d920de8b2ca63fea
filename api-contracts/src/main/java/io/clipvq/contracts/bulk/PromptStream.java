package io.clipvq.contracts.bulk;

import java.util.Iterator;

/** The prompts of a job, one at a time, from wherever they are (the request or a bucket object). */
public interface PromptStream extends Iterator<String>, AutoCloseable {
    @Override
    void close();
}
