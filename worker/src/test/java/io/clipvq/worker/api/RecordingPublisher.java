package io.clipvq.worker.api;

import java.util.ArrayList;
import java.util.List;

/** A {@link RequestPublisher} that keeps what it was given: "topic key json" lines. */
final class RecordingPublisher implements RequestPublisher {
    final List<String> sent = new ArrayList<>();

    @Override
    public void publishRequest(String jobId, String json) {
        sent.add("requests " + jobId + " " + json);
    }

    @Override
    public void publishCancel(String jobId, String json) {
        sent.add("control " + jobId + " " + json);
    }
}
