package io.clipvq.trainer.worlds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The worlds on the class path, registered as {@link World} services (META-INF/services). */
public final class Worlds {
    private Worlds() {
    }

    public static List<World> all() {
        return ServiceLoader.load(World.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The world named {@code name}; an unknown name is an error listing the known ones. */
    public static World byName(String name) {
        List<World> worlds = all();
        return worlds.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown world '" + name + "'; known worlds: "
                        + String.join(", ", worlds.stream().map(World::name).toList())));
    }

    /**
     * The checker for a bundle's images: that of {@code worldName} when given, else that of the world named like the
     * bundle, else none.
     *
     * @param cacheDir where a world may cache what its checker needs (a trained classifier), or null
     */
    public static Optional<GeneratedImageCheck> checkFor(String worldName, String bundleName, Path cacheDir)
            throws IOException {
        Optional<World> world = worldName != null ? Optional.of(byName(worldName))
                : all().stream().filter(w -> w.name().equals(bundleName)).findFirst();
        if (world.isEmpty()) {
            return Optional.empty();
        }
        try {
            return world.get().generatedImageCheck(cacheDir);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
