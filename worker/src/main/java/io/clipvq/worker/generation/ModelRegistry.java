package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.storage.ImageStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The bundles this worker can serve, by name:version: what its discoveries (a directory and/or an S3 prefix) find.
 * They are scanned at start (no bundle anywhere stops the start: a worker without a model must not take jobs), every
 * rescan interval, and again when a job asks for a model not seen yet (at most once a second), so a bundle copied in
 * while the worker runs is served without a restart. A place that cannot be listed keeps what it had.
 * See docs/architecture.md, "Several models per worker".
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    static final long MISS_RESCAN_MILLIS = 1000;

    private final List<BundleDiscovery> discoveries;
    private final LongSupplier clock;
    private final Map<BundleDiscovery, List<DiscoveredBundle>> lastFound = new LinkedHashMap<>();
    private volatile Map<String, DiscoveredBundle> byId = Map.of();
    private long lastScanMillis;
    private final ScheduledExecutorService rescans;

    @Inject
    ModelRegistry(WorkerConfig config, ImageStore store) {
        this(discoveries(config.model(), store), System::currentTimeMillis);
        long interval = config.model().rescanIntervalMs();
        if (interval > 0) {
            rescans.scheduleWithFixedDelay(this::rescanQuietly, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** For tests: no background rescans. */
    public ModelRegistry(List<BundleDiscovery> discoveries, LongSupplier clock) {
        if (discoveries.isEmpty()) {
            throw new IllegalStateException("no model configured: set CLIPVQ_MODEL_BUNDLE_DIR to a bundle directory "
                    + "(or a directory of bundles) or CLIPVQ_MODEL_BUNDLE_S3_PREFIX to a prefix in the storage bucket");
        }
        this.discoveries = List.copyOf(discoveries);
        this.clock = clock;
        this.rescans = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clipvq-model-rescan");
            thread.setDaemon(true);
            return thread;
        });
        rescan();
        if (byId.isEmpty()) {
            throw new IllegalStateException("no model bundle found in " + describe());
        }
    }

    private static List<BundleDiscovery> discoveries(WorkerConfig.Model config, ImageStore store) {
        List<BundleDiscovery> found = new ArrayList<>();
        config.bundleDir().filter(dir -> !dir.isBlank())
                .ifPresent(dir -> found.add(new DirectoryBundleDiscovery(Path.of(dir))));
        config.bundleS3Prefix().filter(prefix -> !prefix.isBlank())
                .ifPresent(prefix -> found.add(new S3BundleDiscovery(store, prefix)));
        return found;
    }

    /**
     * The bundle a job asks for: that exact version, or the greatest version of the name ({@link VersionOrder}) when
     * the job names none.
     */
    public Optional<DiscoveredBundle> resolve(ModelRef model) {
        Optional<DiscoveredBundle> found = lookup(model);
        if (found.isEmpty() && rescanDue()) {
            rescan();
            found = lookup(model);
        }
        return found;
    }

    /** Every bundle, ordered by name then version. */
    public List<DiscoveredBundle> all() {
        return List.copyOf(byId.values());
    }

    public String describe() {
        return String.join(" and ", discoveries.stream().map(BundleDiscovery::describe).toList());
    }

    private Optional<DiscoveredBundle> lookup(ModelRef model) {
        if (model.version() != null) {
            return Optional.ofNullable(byId.get(model.name() + ":" + model.version()));
        }
        return byId.values().stream().filter(bundle -> bundle.name().equals(model.name()))
                .max(Comparator.comparing(DiscoveredBundle::version, VersionOrder.INSTANCE));
    }

    private synchronized boolean rescanDue() {
        return clock.getAsLong() - lastScanMillis >= MISS_RESCAN_MILLIS;
    }

    /** Scans every place again; the first place that holds a name:version serves it. */
    public synchronized void rescan() {
        lastScanMillis = clock.getAsLong();
        for (BundleDiscovery discovery : discoveries) {
            try {
                lastFound.put(discovery, discovery.scan());
            } catch (RuntimeException e) {
                LOG.warnf("cannot scan %s for model bundles, keeping what was found there before: %s",
                        discovery.describe(), e.getMessage());
                lastFound.putIfAbsent(discovery, List.of());
            }
        }
        Map<String, DiscoveredBundle> before = byId;
        Map<String, DiscoveredBundle> next = new TreeMap<>(Comparator.comparing((String id) -> id.split(":", 2)[0])
                .thenComparing(id -> id.split(":", 2)[1], VersionOrder.INSTANCE));
        for (List<DiscoveredBundle> found : lastFound.values()) {
            for (DiscoveredBundle bundle : found) {
                DiscoveredBundle first = next.putIfAbsent(bundle.id(), bundle);
                if (first != null && !before.containsKey(bundle.id())) {
                    LOG.warnf("model %s is in %s and in %s; serving the first", bundle.id(),
                            first.source().describe(), bundle.source().describe());
                }
            }
        }
        next.keySet().stream().filter(id -> !before.containsKey(id))
                .forEach(id -> LOG.infof("model %s servable from %s", id, next.get(id).source().describe()));
        before.keySet().stream().filter(id -> !next.containsKey(id))
                .forEach(id -> LOG.infof("model %s is gone from %s", id, before.get(id).source().describe()));
        byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (RuntimeException e) {
            LOG.warn("model rescan failed", e);
        }
    }

    @PreDestroy
    void close() {
        rescans.shutdownNow();
    }
}
