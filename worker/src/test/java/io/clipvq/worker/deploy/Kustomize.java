package io.clipvq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What {@code kubectl apply -k DIR} would send, for the subset of kustomize that deploy/kubernetes uses (there is
 * no kubectl in the build): a kustomization's {@code resources} (files, or folders with a kustomization of their
 * own) and its {@code patches} given by {@code path}, applied as strategic merge patches to the resource of the
 * same kind and name. Lists whose items all carry a {@code name} (containers, env, volumes, volume mounts) are
 * merged item by item, as Kubernetes' merge keys say; other lists are replaced. A kustomization field, a patch
 * option or a {@code $patch} directive outside this subset fails the render, so nothing is silently ignored.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> KNOWN_FIELDS = Set.of("apiVersion", "kind", "resources", "patches");

    private Kustomize() {
    }

    /** The rendered resources of the kustomization in {@code dir}, as typed objects (unknown kinds generic). */
    static List<HasMetadata> build(Path dir) {
        List<HasMetadata> resources = new ArrayList<>();
        for (ObjectNode tree : render(dir)) {
            resources.add(SERIALIZATION.unmarshal(tree.toString()));
        }
        return resources;
    }

    /** The documents of a YAML file that is not part of any kustomization, as typed objects. */
    static List<HasMetadata> read(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        for (ObjectNode tree : documents(file)) {
            resources.add(SERIALIZATION.unmarshal(tree.toString()));
        }
        return resources;
    }

    /** A typed object as a tree: the spec of a generic resource (a KEDA ScaledObject) is read this way. */
    static JsonNode tree(HasMetadata resource) {
        try {
            return YAML.readTree(SERIALIZATION.asJson(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file as a tree (docker-compose.yml, kustomization files). */
    static List<ObjectNode> documents(Path file) {
        try {
            List<ObjectNode> trees = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile()); it.hasNext(); ) {
                JsonNode tree = it.next();
                if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
                    trees.add((ObjectNode) tree);
                }
            }
            return trees;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        ObjectNode kustomization = documents(file).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KNOWN_FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is not rendered by this test");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = dir.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(resource) ? render(resource) : documents(resource));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.size() != 1 || !patch.has("path")) {
                throw new IllegalArgumentException(file + ": only patches given by 'path' are rendered: " + patch);
            }
            for (ObjectNode document : documents(dir.resolve(patch.get("path").asText()))) {
                applyPatch(resources, document, file);
            }
        }
        return resources;
    }

    private static void applyPatch(List<ObjectNode> resources, ObjectNode patch, Path file) {
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        ObjectNode target = resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind)
                        && r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": a patch for " + kind + " " + name
                        + " that no resource matches"));
        merge(target, patch);
    }

    /** Strategic merge of {@code patch} into {@code target}, within the subset described on the class. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + key + " is not rendered by this test");
            }
            JsonNode existing = target.get(key);
            if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else if (value.isArray() && existing != null && existing.isArray() && named(value) && named(existing)) {
                mergeByName((ArrayNode) existing, (ArrayNode) value);
            } else {
                target.set(key, value.deepCopy());
            }
        });
    }

    private static void mergeByName(ArrayNode target, ArrayNode patch) {
        for (JsonNode item : patch) {
            String name = item.get("name").asText();
            JsonNode match = null;
            for (JsonNode candidate : target) {
                if (candidate.get("name").asText().equals(name)) {
                    match = candidate;
                }
            }
            if (match == null) {
                target.add(item.deepCopy());
            } else {
                merge((ObjectNode) match, (ObjectNode) item);
            }
        }
    }

    private static boolean named(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull("name")) {
                return false;
            }
        }
        return true;
    }
}
