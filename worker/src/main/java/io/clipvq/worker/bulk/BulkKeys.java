package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.worker.storage.ObjectKeys;

import java.util.Locale;

/**
 * Where every object of a bulk job goes, all under {@code <outputPrefix>/<jobId>/} (checked by ObjectKeys): images
 * by the request's layout, {@code shards/shard-<index, 6 digits>.jsonl} (and {@code .tar}) per shard, and
 * {@code manifest.json} for the job. Pure functions of the request and the indices, so any re-run writes the same
 * keys.
 */
public final class BulkKeys {
    private BulkKeys() {
    }

    public static String jobPrefix(BulkRequest request) {
        return ObjectKeys.jobPrefix(request.outputPrefix(), request.jobId());
    }

    public static String image(BulkRequest request, long imageIndex) {
        return jobPrefix(request) + request.layout().imagePath(imageIndex, request.promptIndexOf(imageIndex),
                request.repeatOf(imageIndex));
    }

    public static String shardManifest(BulkRequest request, int shardIndex) {
        return jobPrefix(request) + String.format(Locale.ROOT, "shards/shard-%06d.jsonl", shardIndex);
    }

    public static String shardTar(BulkRequest request, int shardIndex) {
        return jobPrefix(request) + String.format(Locale.ROOT, "shards/shard-%06d.tar", shardIndex);
    }

    public static String jobManifest(BulkRequest request) {
        return jobPrefix(request) + "manifest.json";
    }
}
