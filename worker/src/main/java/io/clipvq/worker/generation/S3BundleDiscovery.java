package io.clipvq.worker.generation;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.worker.storage.ImageStore;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The bundles under a prefix of the worker's bucket: every {@code .../manifest.json} below the prefix marks a bundle
 * whose files lie beside it (the prefix itself may be one bundle, or hold one bundle per sub-prefix).
 */
public final class S3BundleDiscovery implements BundleDiscovery {
    private static final Logger LOG = Logger.getLogger(S3BundleDiscovery.class);

    private final ImageStore store;
    private final String prefix;

    public S3BundleDiscovery(ImageStore store, String prefix) {
        this.store = store;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public List<DiscoveredBundle> scan() {
        SortedMap<String, Long> objects = store.sizes(prefix);
        List<DiscoveredBundle> found = new ArrayList<>();
        for (String key : objects.keySet()) {
            if (!key.equals(prefix + DirectoryBundleDiscovery.MANIFEST)
                    && !key.endsWith("/" + DirectoryBundleDiscovery.MANIFEST)) {
                continue;
            }
            String bundlePrefix = key.substring(0, key.length() - DirectoryBundleDiscovery.MANIFEST.length());
            try {
                BundleManifest manifest = BundleManifestJson.parse(new String(store.read(key), StandardCharsets.UTF_8));
                long bytes = 0;
                for (Map.Entry<String, Long> object : objects.tailMap(bundlePrefix).entrySet()) {
                    if (!object.getKey().startsWith(bundlePrefix)) {
                        break;
                    }
                    bytes += object.getValue();
                }
                found.add(new DiscoveredBundle(manifest.name(), manifest.version(),
                        new S3BundleSource(store, bundlePrefix), bytes));
            } catch (RuntimeException e) {
                LOG.warnf("skipping model bundle s3://%s/%s: its manifest cannot be read (%s)", store.bucket(),
                        bundlePrefix, e.getMessage());
            }
        }
        return found;
    }

    @Override
    public String describe() {
        return "s3://" + store.bucket() + "/" + prefix;
    }
}
