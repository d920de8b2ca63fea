package io.clipvq.worker.bulk;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.clipvq.contracts.DiversityMeasures;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.worker.jobs.JobStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes the final job manifest ({@code <prefix>/<jobId>/manifest.json}): the job's settings, its outcome, and one
 * entry per shard (index, image range, status, images done, manifest key, tar key). Streamed through a temporary
 * file, so a job with a million shards does not hold its manifest in memory.
 */
public final class JobManifestWriter implements JobManifestSink {

    public static final String CONTENT_TYPE = "application/json";
    private static final JsonFactory JSON = new JsonFactory();

    private final BulkRequest request;
    private final long promptCount;
    private final BulkObjects objects;

    public JobManifestWriter(BulkRequest request, long promptCount, BulkObjects objects) {
        this.request = request;
        this.promptCount = promptCount;
        this.objects = objects;
    }

    @Override
    public Writer open(JobStatus outcome) {
        try {
            Path file = Files.createTempFile("clipvq-manifest-", ".json");
            JsonGenerator json = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8);
            json.writeStartObject();
            json.writeNumberField("schemaVersion", 1);
            json.writeStringField("jobId", request.jobId());
            json.writeStringField("status", outcome.dbValue());
            json.writeStringField("finishedAt", Instant.now().toString());
            json.writeStringField("model", request.model().toString());
            json.writeNumberField("promptCount", promptCount);
            json.writeNumberField("imagesPerPrompt", request.imagesPerPrompt());
            json.writeNumberField("imagesTotal", request.totalImages(promptCount));
            json.writeNumberField("candidatesPerImage", request.candidatesPerImage());
            json.writeNumberField("seedBase", request.seedBase());
            json.writeStringField("layout", request.layout().wireName());
            json.writeNumberField("shardSize", request.shardSize());
            json.writeArrayFieldStart("shards");
            return new Writer() {
                private long done;
                private long distinctInShards;
                private long nearDistinctInShards;
                private int shards;
                private DistinctImages distinctInJob;
                private ImageSpread.Result spreadInJob;

                @Override
                public void spreadInJob(ImageSpread.Result spread) {
                    this.spreadInJob = spread;
                }

                @Override
                public void distinctInJob(DistinctImages distinct) {
                    this.distinctInJob = distinct;
                }

                @Override
                public void shard(int shardIndex, long firstImage, int imageCount, String status, int shardDone,
                                  String manifestKey, String tarKey, int shardDistinct, int shardNearDistinct) {
                    try {
                        json.writeStartObject();
                        json.writeNumberField("shardIndex", shardIndex);
                        json.writeNumberField("firstImage", firstImage);
                        json.writeNumberField("imageCount", imageCount);
                        json.writeStringField("status", status);
                        json.writeNumberField("imagesDone", shardDone);
                        json.writeNumberField("imagesDistinct", shardDistinct);
                        json.writeNumberField("imagesNearDistinct", shardNearDistinct);
                        if (manifestKey != null) {
                            json.writeStringField("manifest", manifestKey);
                        }
                        if (tarKey != null) {
                            json.writeStringField("tar", tarKey);
                        }
                        json.writeEndObject();
                        done += shardDone;
                        distinctInShards += shardDistinct;
                        nearDistinctInShards += shardNearDistinct;
                        shards++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                /** docs/method.md#diversity: near duplicates by CLIP image cosine, and the spread of each prompt. */
                private void writeSpread(JsonGenerator json) throws IOException {
                    json.writeObjectFieldStart("nearDistinct");
                    json.writeStringField("definition", "an image is near-distinct when its CLIP image embedding has "
                            + "a cosine below the threshold with every earlier image of its prompt");
                    json.writeNumberField("cosine", DiversityMeasures.NEAR_DISTINCT_COSINE);
                    json.writeNumberField("inShards", nearDistinctInShards);
                    if (spreadInJob != null) {
                        json.writeNumberField("inJob", spreadInJob.nearDistinct());
                        json.writeNumberField("imagesMeasured", spreadInJob.imagesMeasured());
                        json.writeNumberField("imagesPerPromptAtMost", ImageSpread.JOB_MAX_IMAGES_PER_PROMPT);
                    }
                    json.writeEndObject();
                    if (spreadInJob != null && spreadInJob.meanPairwiseDistance() != null) {
                        json.writeObjectFieldStart("meanPairwiseClipDistance");
                        json.writeStringField("definition", "per prompt, the mean of 1 - cosine over pairs of its "
                                + "images' CLIP image embeddings; averaged over prompts with two or more images");
                        json.writeNumberField("value", spreadInJob.meanPairwiseDistance());
                        json.writeEndObject();
                    }
                }

                @Override
                public void close() {
                    try {
                        json.writeEndArray();
                        json.writeNumberField("shardCount", shards);
                        json.writeNumberField("imagesDone", done);
                        json.writeObjectFieldStart("distinct");
                        json.writeStringField("definition", "an image is distinct when no other image of its prompt"
                                + " has the same bytes; the distinct reranking guarantees it within a shard");
                        json.writeNumberField("inShards", distinctInShards);
                        if (distinctInJob != null) {
                            json.writeNumberField("inJob", distinctInJob.distinct());
                            json.writeNumberField("promptsWithRepeats", distinctInJob.promptsWithRepeats());
                        }
                        json.writeStringField("rerank", request.sampling().rerank() != null
                                ? request.sampling().rerank() : GenerationSettings.DEFAULT_RERANK.wireName());
                        json.writeEndObject();
                        writeSpread(json);
                        json.writeEndObject();
                        json.close();
                        objects.putFile(BulkKeys.jobManifest(request), file, CONTENT_TYPE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the manifest of bulk job " + request.jobId(), e);
                    } finally {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            // a temporary file left behind is harmless
                        }
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the manifest of bulk job " + request.jobId(), e);
        }
    }
}
