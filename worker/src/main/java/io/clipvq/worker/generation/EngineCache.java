package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The open engines of every model this worker serves. An engine opens on the first job that needs it (up to
 * clipvq.generation.engines per model), and stays open for the next. At most clipvq.generation.engines engines run
 * at once across all models, however many jobs run concurrently: the others wait for one to be released. Open engines are
 * counted against a memory budget at their bundle's size; before another opens, the least recently used models
 * that no job is using are closed until it fits. A model in use is never closed, so while more models are in use at
 * once than fit, the budget is exceeded (and logged) rather than a job made to wait.
 * See docs/architecture.md, "Several models per worker".
 */
@ApplicationScoped
public class EngineCache implements Engines {
    private static final Logger LOG = Logger.getLogger(EngineCache.class);

    private final ModelRegistry registry;
    private final EngineOpener opener;
    private final WorkerConfig.Generation settings;
    private final Path workDir;
    private final int enginesPerModel;
    private final long budgetBytes;
    private final Map<String, ModelEngines> open = new HashMap<>();
    private long openBytes;
    private long clock;
    private int lent;

    @Inject
    EngineCache(ModelRegistry registry, EngineOpener opener, WorkerConfig config) {
        this(registry, opener, config.generation(), Path.of(config.model().cacheDir()),
                config.generation().memoryBudgetMb() * 1024L * 1024L);
    }

    /** @param budgetBytes 0 for no budget */
    public EngineCache(ModelRegistry registry, EngineOpener opener, WorkerConfig.Generation settings, Path workDir,
                       long budgetBytes) {
        if (settings.engines() < 1) {
            throw new IllegalStateException("clipvq.generation.engines (CLIPVQ_ENGINES) must be at least 1, got "
                    + settings.engines());
        }
        this.registry = registry;
        this.opener = opener;
        this.settings = settings;
        this.workDir = workDir;
        this.enginesPerModel = settings.engines();
        this.budgetBytes = budgetBytes;
    }

    @Override
    public Optional<ServableModel> resolve(ModelRef model) {
        return registry.resolve(model).map(this::view);
    }

    @Override
    public synchronized List<ServableModel> models() {
        return registry.all().stream().map(this::view).toList();
    }

    private synchronized ServableModel view(DiscoveredBundle bundle) {
        ModelEngines engines = open.get(bundle.id());
        return new ServableModel(bundle.name(), bundle.version(), bundle.source().describe(),
                engines != null && !engines.all.isEmpty());
    }

    @Override
    public <T> T withEngine(ServableModel model, Function<TextToImageEngine, T> work) {
        DiscoveredBundle bundle = registry.resolve(new ModelRef(model.name(), model.version()))
                .orElseThrow(() -> new UnknownModelException(model.id(), servable()));
        TextToImageEngine engine = acquire(bundle);
        try {
            return work.apply(engine);
        } finally {
            release(bundle, engine);
        }
    }

    private String servable() {
        return String.join(", ", registry.all().stream().map(DiscoveredBundle::id).toList());
    }

    /** An idle engine of the bundle, or a new one when fewer than enginesPerModel are open, or waits for one. */
    private TextToImageEngine acquire(DiscoveredBundle bundle) {
        ModelEngines engines;
        int index;
        synchronized (this) {
            engines = open.computeIfAbsent(bundle.id(), id -> new ModelEngines(bundle));
            engines.leases++;
            while (true) {
                if (lent >= enginesPerModel) {
                    waitForEngine();
                    continue;
                }
                if (!engines.idle.isEmpty()) {
                    lent++;
                    return engines.idle.pop();
                }
                if (engines.all.size() + engines.opening < enginesPerModel) {
                    lent++;
                    index = engines.all.size() + engines.opening;
                    engines.opening++;
                    makeRoomFor(bundle);
                    openBytes += bundle.bytes();
                    break;
                }
                waitForEngine();
            }
        }
        try {
            TextToImageEngine engine = opener.open(bundle.source(), workDir, settings, index);
            synchronized (this) {
                engines.opening--;
                engines.all.add(engine);
            }
            LOG.infof("opened engine %d of model %s from %s (%d MiB counted; %d MiB open in all)", index, bundle.id(),
                    bundle.source().describe(), bundle.bytes() >> 20, openBytes >> 20);
            return engine;
        } catch (RuntimeException e) {
            synchronized (this) {
                engines.opening--;
                engines.leases--;
                lent--;
                openBytes -= bundle.bytes();
                if (engines.all.isEmpty() && engines.leases == 0 && engines.opening == 0) {
                    open.remove(bundle.id());
                }
                notifyAll();
            }
            throw e;
        }
    }

    private synchronized void release(DiscoveredBundle bundle, TextToImageEngine engine) {
        ModelEngines engines = open.get(bundle.id());
        engines.idle.push(engine);
        engines.leases--;
        lent--;
        engines.lastUsed = ++clock;
        notifyAll();
    }

    /** Closes the least recently used models that no job holds until {@code bundle} fits the budget (or none is left). */
    private void makeRoomFor(DiscoveredBundle bundle) {
        if (budgetBytes <= 0) {
            return;
        }
        while (openBytes + bundle.bytes() > budgetBytes) {
            Optional<ModelEngines> coldest = open.values().stream()
                    .filter(engines -> engines.leases == 0 && !engines.all.isEmpty())
                    .min(java.util.Comparator.comparingLong(engines -> engines.lastUsed));
            if (coldest.isEmpty()) {
                LOG.warnf("opening model %s exceeds the engine memory budget (%d MiB open, %d MiB more, budget %d MiB):"
                                + " every open model is in use", bundle.id(), openBytes >> 20, bundle.bytes() >> 20,
                        budgetBytes >> 20);
                return;
            }
            closeAll(coldest.get());
        }
    }

    private void closeAll(ModelEngines engines) {
        open.remove(engines.bundle.id());
        for (TextToImageEngine engine : engines.all) {
            closeQuietly(engine);
            openBytes -= engines.bundle.bytes();
        }
        LOG.infof("closed model %s (least recently used) to stay within the engine memory budget",
                engines.bundle.id());
    }

    private void waitForEngine() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an engine", e);
        }
    }

    /** How many bytes the open engines count for now (for tests and logs). */
    public synchronized long openBytes() {
        return openBytes;
    }

    @PreDestroy
    synchronized void close() {
        for (ModelEngines engines : open.values()) {
            engines.all.forEach(EngineCache::closeQuietly);
        }
        open.clear();
        openBytes = 0;
    }

    private static void closeQuietly(TextToImageEngine engine) {
        try {
            engine.close();
        } catch (RuntimeException e) {
            LOG.warn("closing an engine failed", e);
        }
    }

    /** One model's engines: all open ones, the idle ones among them, and how many jobs hold or await one. */
    private static final class ModelEngines {
        final DiscoveredBundle bundle;
        final List<TextToImageEngine> all = new ArrayList<>();
        final Deque<TextToImageEngine> idle = new ArrayDeque<>();
        int leases;
        int opening;
        long lastUsed;

        ModelEngines(DiscoveredBundle bundle) {
            this.bundle = bundle;
        }
    }
}
