package io.clipvq.worker.testing;

import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.PromptStream;
import io.clipvq.contracts.bulk.ShardRange;
import io.clipvq.worker.bulk.BulkImageRow;
import io.clipvq.worker.bulk.ImageSpread;
import io.clipvq.worker.bulk.JobManifestSink;
import io.clipvq.worker.bulk.ManifestEntry;
import io.clipvq.worker.bulk.PlanStore;
import io.clipvq.worker.bulk.ShardStatus;
import io.clipvq.worker.bulk.ShardStore;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobStatus;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One bulk job's shards, prompts and images in memory, for unit tests of the shard runner: the same rules as the
 * database store (a claim takes any shard that has not ended, an image is recorded once, a shard ends once).
 */
public class InMemoryShardStore implements ShardStore, PlanStore {

    public final Map<Integer, ShardStatus> shards = new TreeMap<>();
    public final Map<Integer, String> shardErrors = new TreeMap<>();
    public final Map<Long, BulkImageRow> images = new TreeMap<>();
    private final List<ShardRange> ranges = new ArrayList<>();
    public final List<String> prompts = new ArrayList<>();
    public final List<Integer> publishedInOrder = new ArrayList<>();
    /** When set, storing prompts fails with it (as the database would). */
    public RuntimeException storePromptsFailure;

    /** An unplanned job: no prompts, no shards. */
    public InMemoryShardStore() {
    }

    /** A planned job whose shard messages have all been published. */
    public InMemoryShardStore(List<String> prompts, List<ShardRange> ranges) {
        this.prompts.addAll(prompts);
        for (ShardRange range : ranges) {
            this.ranges.add(range);
            shards.put(range.shardIndex(), ShardStatus.PUBLISHED);
        }
    }

    @Override
    public synchronized Optional<ShardStatus> claimShard(String jobId, int shardIndex, String workerId) {
        ShardStatus before = shards.get(shardIndex);
        if (before != null && !before.isTerminal()) {
            shards.put(shardIndex, ShardStatus.RUNNING);
        }
        return Optional.ofNullable(before);
    }

    @Override
    public synchronized BitSet recordedImages(String jobId, ShardRange shard) {
        BitSet done = new BitSet();
        images.keySet().stream().filter(i -> i >= shard.firstImage() && i < shard.endImage())
                .forEach(i -> done.set((int) (i - shard.firstImage())));
        return done;
    }

    @Override
    public synchronized List<String> prompts(String jobId, int from, int to) {
        return prompts.subList(from, to + 1);
    }

    @Override
    public synchronized int recordImages(String jobId, int shardIndex, List<BulkImageRow> rows, String workerId) {
        int inserted = 0;
        for (BulkImageRow row : rows) {
            if (images.putIfAbsent(row.imageIndex(), row) == null) {
                inserted++;
            }
        }
        return inserted;
    }

    @Override
    public synchronized long imagesDone(String jobId) {
        return images.size();
    }

    @Override
    public synchronized void endShard(String jobId, int shardIndex, ShardStatus status, String manifestKey,
                                      String tarKey, String error) {
        if (!shards.get(shardIndex).isTerminal()) {
            shards.put(shardIndex, status);
            if (error != null) {
                shardErrors.put(shardIndex, error);
            }
        }
    }

    @Override
    public synchronized void forEachImageOfShard(String jobId, int shardIndex, Consumer<ManifestEntry> action) {
        for (BulkImageRow row : images.values()) {
            if (row.shardIndex() == shardIndex) {
                action.accept(new ManifestEntry(row.imageIndex(), row.objectKey(), prompts.get(row.promptIndex()),
                        row.promptIndex(), row.repeatIndex(), row.seed(), row.candidateIndex(), row.candidateSeed(),
                        row.clipScore(), row.sha256(), row.width(), row.height()));
            }
        }
    }

    @Override
    public synchronized Optional<JobLedger.Ending> endingIfAllShardsEnded(String jobId, JobManifestSink manifest) {
        if (shards.values().stream().anyMatch(s -> !s.isTerminal())) {
            return Optional.empty();
        }
        boolean failed = shards.containsValue(ShardStatus.FAILED);
        boolean stopped = shards.values().stream().anyMatch(s -> s == ShardStatus.SKIPPED || s == ShardStatus.CANCELLED);
        JobStatus outcome = failed ? JobStatus.FAILED : stopped ? JobStatus.CANCELLED : JobStatus.COMPLETED;
        try (JobManifestSink.Writer writer = manifest.open(outcome)) {
            for (ShardRange range : ranges) {
                long done = images.keySet().stream().filter(i -> i >= range.firstImage() && i < range.endImage())
                        .count();
                writer.shard(range.shardIndex(), range.firstImage(), range.imageCount(),
                        shards.get(range.shardIndex()).dbValue(), (int) done, null, null, (int) done, (int) done);
            }
            writer.distinctInJob(new JobManifestSink.DistinctImages(images.size(), 0));
            writer.spreadInJob(new ImageSpread.Result(images.size(), images.size(), null));
        }
        return Optional.of(new JobLedger.Ending(outcome, failed ? "a shard failed" : null, images.size()));
    }

    @Override
    public synchronized Optional<BulkProgress> progress(String jobId) {
        long total = ranges.stream().mapToLong(ShardRange::imageCount).sum();
        int completed = (int) shards.values().stream().filter(s -> s == ShardStatus.COMPLETED).count();
        int skipped = (int) shards.values().stream()
                .filter(s -> s == ShardStatus.SKIPPED || s == ShardStatus.CANCELLED).count();
        return Optional.of(new BulkProgress(jobId, "running", images.size(), total, shards.size(), completed, 0, 0,
                skipped, 0, null, null, null, null, images.size(), images.size()));
    }

    @Override
    public PlanningLock lockPlanning(String jobId) {
        return () -> {
        };
    }

    @Override
    public synchronized int storePrompts(String jobId, Supplier<PromptStream> source) {
        if (storePromptsFailure != null) {
            throw storePromptsFailure;
        }
        if (prompts.isEmpty()) {
            try (PromptStream stream = source.get()) {
                List<String> read = new ArrayList<>();
                while (stream.hasNext()) {
                    read.add(stream.next());
                }
                prompts.addAll(read);
            }
        }
        return prompts.size();
    }

    @Override
    public synchronized void reopenUnfinishedShards(String jobId) {
        shards.replaceAll((index, status) -> status == ShardStatus.FAILED || status == ShardStatus.PUBLISHED
                || status == ShardStatus.RUNNING ? ShardStatus.PENDING : status);
    }

    @Override
    public synchronized void insertShards(String jobId, Iterator<ShardRange> shards) {
        while (shards.hasNext()) {
            ShardRange range = shards.next();
            if (this.shards.putIfAbsent(range.shardIndex(), ShardStatus.PENDING) == null) {
                ranges.add(range);
            }
        }
    }

    @Override
    public synchronized List<ShardRange> unpublished(String jobId, int afterShard, int limit) {
        return ranges.stream().filter(r -> r.shardIndex() > afterShard && shards.get(r.shardIndex()) == ShardStatus.PENDING)
                .sorted(java.util.Comparator.comparingInt(ShardRange::shardIndex)).limit(limit).toList();
    }

    @Override
    public synchronized void markPublished(String jobId, List<ShardRange> published) {
        for (ShardRange range : published) {
            if (shards.get(range.shardIndex()) == ShardStatus.PENDING) {
                shards.put(range.shardIndex(), ShardStatus.PUBLISHED);
                publishedInOrder.add(range.shardIndex());
            }
        }
    }

    @Override
    public synchronized ShardTally tally(String jobId) {
        int stopped = 0;
        long kept = 0;
        for (ShardRange range : ranges) {
            if (shards.get(range.shardIndex()) == ShardStatus.CANCELLED) {
                stopped++;
                kept += images.keySet().stream().filter(i -> i >= range.firstImage() && i < range.endImage()).count();
            }
        }
        return new ShardTally(count(ShardStatus.COMPLETED), stopped, kept, count(ShardStatus.SKIPPED),
                count(ShardStatus.FAILED));
    }

    private int count(ShardStatus status) {
        return (int) shards.values().stream().filter(s -> s == status).count();
    }
}
