package io.clipvq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipvq.contracts.job.Topics;
import io.clipvq.worker.config.TopicsConfigSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests under deploy/kubernetes, rendered as {@code kubectl apply -k} would (see {@link Kustomize}) and
 * read into fabric8's typed objects: the worker gets every variable it reads, its probes and Service reach the
 * port it listens on, credentials live only in the Secret, KEDA watches the topics and groups the worker really
 * consumes, the GPU variant runs the CUDA image on a GPU, and the trainer Job runs a real trainer command and
 * uploads where the workers load from.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = RepoFiles.resolve("deploy/kubernetes");
    private static final String WORKER = "clipvq-worker";
    private static final String WORKER_CONTAINER = "worker";

    /**
     * Variables the worker reads that the manifests leave to the worker's defaults on purpose, with the reason.
     * Keep this short: every other variable is written out, so the manifests are the one place to look.
     */
    private static final Map<String, String> LEFT_TO_DEFAULTS = Map.of(
            "HOSTNAME", "Kubernetes sets it to the pod's name; CLIPVQ_WORKER_ID, which falls back to it, is set anyway");

    /** A credential, by its name: these go in the Secret and nowhere else. */
    private static final Pattern CREDENTIAL =
            Pattern.compile(".*(_USERNAME|_PASSWORD|_ACCESS_KEY|_SECRET_KEY|_SECRET|_API_TOKEN|_CREDENTIALS)");

    private static final Map<String, Boolean> OVERLAY_USES_GPU = Map.of("cpu", false, "gpu", true);

    // ---- the worker Deployment

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_set_every_variable_the_worker_reads_through_the_deployment_its_config_map_or_the_secret(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> provided = rendered.variablesOfWorker();

        Set<String> missing = new TreeSet<>(WorkerVariables.read());
        missing.removeAll(provided);
        missing.removeAll(LEFT_TO_DEFAULTS.keySet());

        assertThat(missing).as("variables the worker reads (application.properties) that overlay %s sets nowhere: add"
                + " them to base/worker-config.yaml (or the Secret, for credentials)", overlay).isEmpty();
        assertThat(WorkerVariables.read()).as("the list read at test time must be the real one")
                .contains("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_JDBC_URL", "CLIPVQ_MODEL_BUNDLE_S3_PREFIX")
                .containsAll(LEFT_TO_DEFAULTS.keySet());
    }

    @Test
    void should_find_every_variable_the_worker_reads_in_application_properties() throws IOException {
        // WorkerVariables reads only application.properties: a System.getenv in the worker's code would escape it
        try (Stream<Path> sources = Files.walk(RepoFiles.resolve("worker/src/main/java"))) {
            List<Path> readers = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("System.getenv")).toList();
            assertThat(readers).as("worker sources that read environment variables directly").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_probe_live_and_ready_health_on_the_port_the_worker_listens_on(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Container worker = rendered.workerContainer();
        int listens = Integer.parseInt(rendered.workerValue("QUARKUS_HTTP_PORT"));

        assertThat(worker.getPorts()).hasSize(1);
        assertThat(worker.getPorts().get(0).getContainerPort()).isEqualTo(listens);
        HTTPGetAction liveness = worker.getLivenessProbe().getHttpGet();
        HTTPGetAction readiness = worker.getReadinessProbe().getHttpGet();
        assertThat(liveness.getPath()).isEqualTo("/q/health/live");
        assertThat(readiness.getPath()).isEqualTo("/q/health/ready");
        assertThat(port(worker, liveness.getPort())).isEqualTo(listens);
        assertThat(port(worker, readiness.getPort())).isEqualTo(listens);
        assertThat(port(worker, worker.getStartupProbe().getHttpGet().getPort())).isEqualTo(listens);
        // the image's entrypoint starts the worker: nothing may replace it
        assertThat(worker.getCommand()).isEmpty();
        assertThat(worker.getArgs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_expose_the_worker_port_through_a_service_that_selects_the_worker_pods(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Service service = rendered.one(Service.class, WORKER);
        Deployment deployment = rendered.one(Deployment.class, WORKER);

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).hasSize(1);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(port(rendered.workerContainer(), service.getSpec().getPorts().get(0).getTargetPort()))
                .isEqualTo(Integer.parseInt(rendered.workerValue("QUARKUS_HTTP_PORT")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_size_each_variant_and_give_only_the_gpu_variant_a_gpu_and_the_cuda_image(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Container worker = rendered.workerContainer();
        boolean gpu = OVERLAY_USES_GPU.get(overlay);
        Map<String, Quantity> limits = worker.getResources().getLimits();

        assertThat(worker.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
        // ONNX Runtime counts the node's cores, not the container's: its threads must be the pod's CPU limit
        assertThat(rendered.workerValue("CLIPVQ_INTRA_OP_THREADS"))
                .isEqualTo(limits.get("cpu").getAmount());
        assertThat(rendered.workerValue("CLIPVQ_CUDA")).isEqualTo(Boolean.toString(gpu));
        String cpuImage = Rendered.overlay("cpu").workerContainer().getImage();
        assertThat(cpuImage).startsWith(Images.WORKER + ":");
        if (gpu) {
            assertThat(limits.get("nvidia.com/gpu")).isEqualTo(new Quantity("1"));
            assertThat(worker.getImage()).isEqualTo(cpuImage + "-cuda");
        } else {
            assertThat(limits).doesNotContainKey("nvidia.com/gpu");
            assertThat(worker.getResources().getRequests()).doesNotContainKey("nvidia.com/gpu");
            assertThat(worker.getImage()).doesNotContain("cuda");
        }
    }

    // ---- configuration and credentials

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_keep_credentials_in_the_secret_and_nowhere_else(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Secret secret = rendered.credentials();
        ConfigMap config = rendered.one(ConfigMap.class, "clipvq-worker-config");
        Set<String> secretKeys = secret.getStringData().keySet();

        assertThat(secretKeys).as("keys of the example Secret").isNotEmpty()
                .allMatch(key -> CREDENTIAL.matcher(key).matches(), "is a credential");
        assertThat(config.getData().keySet()).noneMatch(key -> CREDENTIAL.matcher(key).matches());
        for (EnvVar variable : rendered.workerContainer().getEnv()) {
            assertThat(CREDENTIAL.matcher(variable.getName()).matches()).as("%s set in the Deployment itself",
                    variable.getName()).isFalse();
        }
        Set<String> credentialsRead = WorkerVariables.read().stream()
                .filter(name -> CREDENTIAL.matcher(name).matches()).collect(Collectors.toSet());
        assertThat(credentialsRead).as("the worker reads credentials").isNotEmpty();
        assertThat(secretKeys).containsAll(credentialsRead).contains("CLIPVQ_API_TOKEN");
    }

    // ---- KEDA

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void should_scale_the_worker_deployment_on_the_lag_of_the_groups_that_do_the_work(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        GenericKubernetesResource scaled = rendered.one(GenericKubernetesResource.class, WORKER);
        JsonNode spec = Kustomize.tree(scaled).path("spec");
        TopicsConfigSource channels = new TopicsConfigSource();

        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.getKind()).isEqualTo("ScaledObject");
        assertThat(spec.path("scaleTargetRef").path("kind").asText("Deployment")).isEqualTo("Deployment");
        assertThat(spec.path("scaleTargetRef").path("name").asText())
                .isEqualTo(rendered.one(Deployment.class, WORKER).getMetadata().getName());
        assertThat(spec.path("minReplicaCount").asInt()).as("the worker also registers arrivals: never zero")
                .isGreaterThanOrEqualTo(1);
        assertThat(spec.path("maxReplicaCount").asInt()).as("replicas beyond the partitions would idle")
                .isBetween(1, Images.referencePartitions());

        Map<String, String> groupOfTopic = new HashMap<>();
        for (JsonNode trigger : spec.path("triggers")) {
            JsonNode metadata = trigger.path("metadata");
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            assertThat(rendered.variablesOfWorker()).as("bootstrapServersFromEnv is read from the worker container")
                    .contains(metadata.path("bootstrapServersFromEnv").asText());
            assertThat(metadata.path("allowIdleConsumers").asText()).isEqualTo("false");
            groupOfTopic.put(metadata.path("topic").asText(), metadata.path("consumerGroup").asText());
        }
        // the channels that generate: job requests and bulk shards, with the groups the worker joins for them
        assertThat(groupOfTopic).containsOnly(
                Map.entry(channels.getValue("mp.messaging.incoming.job-requests.topic"),
                        channels.getValue("mp.messaging.incoming.job-requests.group.id")),
                Map.entry(channels.getValue("mp.messaging.incoming.bulk-shards.topic"),
                        channels.getValue("mp.messaging.incoming.bulk-shards.group.id")));
        assertThat(groupOfTopic).containsEntry(Topics.JOB_REQUESTS, Topics.WORKER_GROUP);
    }

    // ---- the trainer Job

    @Test
    void should_run_a_trainer_subcommand_with_options_it_declares_and_upload_where_the_workers_load() {
        List<HasMetadata> resources = Kustomize.build(KUBERNETES.resolve("trainer"));
        Job job = Rendered.one(resources, Job.class, "clipvq-trainer");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container trainer = pod.getInitContainers().get(0);
        Container upload = pod.getContainers().get(0);
        List<String> args = trainer.getArgs();

        assertThat(pod.getRestartPolicy()).as("a retry must start with an empty --out").isEqualTo("Never");
        assertThat(trainer.getImage()).isEqualTo(Images.TRAINER + ":" + Images.tag(
                Rendered.overlay("cpu").workerContainer().getImage()));
        assertThat(trainer.getCommand()).as("the image's entrypoint is the trainer's command line").isEmpty();
        assertThat(read(RepoFiles.resolve("trainer/src/main/docker/Dockerfile")))
                .contains("ENTRYPOINT").contains("io.clipvq.trainer.cli.TrainerCli");
        String command = TrainerCommands.sourceOf(args.get(0));
        assertThat(args.stream().filter(a -> a.startsWith("--")).filter(o -> !command.contains("\"" + o + "\"")))
                .as("options that trainer %s does not declare", args.get(0)).isEmpty();

        String out = option(args, "--out");
        String workDir = option(args, "--work-dir");
        assertThat(volumeKind(pod, trainer, workDir)).as("--work-dir outlives the pod").isEqualTo("pvc");
        assertThat(volumeKind(pod, trainer, out)).as("--out is new in each pod").isEqualTo("emptyDir");
        assertThat(volumeKind(pod, upload, out)).isEqualTo("emptyDir");
        String script = String.join(" ", upload.getArgs());
        assertThat(script).contains("mc mirror").contains(out).contains("$CLIPVQ_STORAGE_BUCKET/$BUNDLE_PREFIX");
        assertThat(script.indexOf("manifest.json\"")).as("the manifest, which marks a complete bundle, goes up last")
                .isGreaterThan(script.indexOf("mc mirror")).isPositive();
        assertThat(script).contains("--exclude manifest.json");
        String prefix = upload.getEnv().stream().filter(v -> v.getName().equals("BUNDLE_PREFIX")).findFirst()
                .orElseThrow().getValue();
        assertThat(prefix).isEqualTo("models/shapes/" + option(args, "--bundle-version") + "/");
        assertThat(prefix).as("the workers serve every bundle below their prefix, so what the Job uploads")
                .startsWith(Rendered.overlay("cpu").workerValue("CLIPVQ_MODEL_BUNDLE_S3_PREFIX"));
        // the upload's storage settings come from the worker's ConfigMap and Secret, by keys that exist there
        Rendered.overlay("cpu").assertReferencesResolve(upload);
        assertThat(resources).filteredOn(r -> r.getKind().equals("PersistentVolumeClaim"))
                .extracting(r -> r.getMetadata().getName())
                .containsExactly(pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                        .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());
    }

    // ---- helpers

    private static int port(Container container, IntOrString port) {
        if (port.getStrVal() == null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        assertThat(at).as("option %s in %s", name, args).isNotNegative();
        return args.get(at + 1);
    }

    /** What kind of volume holds {@code path} in {@code container}: "pvc", "emptyDir" or "other". */
    private static String volumeKind(PodSpec pod, Container container, String path) {
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(path + " is on no volume of " + container.getName()));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        return volume.getPersistentVolumeClaim() != null ? "pvc" : volume.getEmptyDir() != null ? "emptyDir" : "other";
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One rendered overlay of the worker, with the example Secret that its envFrom names. */
    private record Rendered(List<HasMetadata> resources, Secret credentials) {

        static Rendered overlay(String name) {
            List<HasMetadata> resources = Kustomize.build(KUBERNETES.resolve("overlays").resolve(name));
            Secret secret = one(Kustomize.read(KUBERNETES.resolve("worker-credentials.example.yaml")), Secret.class,
                    "clipvq-credentials");
            return new Rendered(resources, secret);
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return one(resources, type, name);
        }

        static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type, String name) {
            List<T> matches = resources.stream().filter(type::isInstance).map(type::cast)
                    .filter(r -> r.getMetadata().getName().equals(name)).toList();
            assertThat(matches).as("%s %s", type.getSimpleName(), name).hasSize(1);
            return matches.get(0);
        }

        Container workerContainer() {
            List<Container> containers = one(Deployment.class, WORKER).getSpec().getTemplate().getSpec()
                    .getContainers();
            assertThat(containers).extracting(Container::getName).containsExactly(WORKER_CONTAINER);
            return containers.get(0);
        }

        /** The names the worker container's environment gets, checking that every reference resolves. */
        Set<String> variablesOfWorker() {
            Container worker = workerContainer();
            assertReferencesResolve(worker);
            Set<String> names = new TreeSet<>();
            for (EnvFromSource source : worker.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                keysOf(source).forEach(key -> names.add(prefix + key));
            }
            worker.getEnv().forEach(variable -> names.add(variable.getName()));
            return names;
        }

        /** The value the worker container gets for a variable that a ConfigMap it reads holds. */
        String workerValue(String name) {
            Container worker = workerContainer();
            List<String> values = new ArrayList<>();
            worker.getEnv().stream().filter(v -> v.getName().equals(name) && v.getValue() != null)
                    .forEach(v -> values.add(v.getValue()));
            for (EnvFromSource source : worker.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    String value = one(ConfigMap.class, source.getConfigMapRef().getName()).getData().get(name);
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
            assertThat(values).as("values of %s for the worker", name).hasSize(1);
            return values.get(0);
        }

        void assertReferencesResolve(Container container) {
            for (EnvFromSource source : container.getEnvFrom()) {
                assertThat(keysOf(source)).as("keys of %s", source).isNotEmpty();
            }
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() == null) {
                    continue;
                }
                var from = variable.getValueFrom();
                if (from.getConfigMapKeyRef() != null) {
                    assertThat(one(ConfigMap.class, from.getConfigMapKeyRef().getName()).getData())
                            .containsKey(from.getConfigMapKeyRef().getKey());
                } else if (from.getSecretKeyRef() != null) {
                    assertThat(from.getSecretKeyRef().getName()).isEqualTo(credentials.getMetadata().getName());
                    assertThat(credentials.getStringData()).containsKey(from.getSecretKeyRef().getKey());
                } else {
                    assertThat(from.getFieldRef()).as("valueFrom of %s", variable.getName()).isNotNull();
                }
            }
        }

        private Set<String> keysOf(EnvFromSource source) {
            if (source.getConfigMapRef() != null) {
                return one(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet();
            }
            assertThat(source.getSecretRef().getName()).as("the Secret the worker reads")
                    .isEqualTo(credentials.getMetadata().getName());
            return credentials.getStringData().keySet();
        }
    }

    /** The trainer's subcommands, found in its sources (the trainer is not on the worker's class path). */
    private static final class TrainerCommands {
        static String sourceOf(String subcommand) {
            Pattern declaration = Pattern.compile("@Command\\(\\s*name\\s*=\\s*\"" + Pattern.quote(subcommand) + "\"");
            try (Stream<Path> sources = Files.walk(RepoFiles.resolve("trainer/src/main/java"))) {
                List<String> matches = sources.filter(p -> p.toString().endsWith(".java")).map(KubernetesManifestsTest::read)
                        .filter(text -> declaration.matcher(text).find()).toList();
                assertThat(matches).as("trainer sources declaring subcommand %s", subcommand).hasSize(1);
                return matches.get(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Image names, consistent with docker-compose.yml (which builds clipvq/worker and clipvq/trainer). */
    private static final class Images {
        static final String WORKER = repository("worker");
        static final String TRAINER = repository("trainer");

        private static String repository(String service) {
            JsonNode compose = Kustomize.documents(RepoFiles.resolve("docker-compose.yml")).get(0);
            String image = compose.path("services").path(service).path("image").asText();
            assertThat(image).as("image of compose service %s", service).contains(":");
            return image.substring(0, image.lastIndexOf(':'));
        }

        static String tag(String image) {
            return image.substring(image.lastIndexOf(':') + 1);
        }

        /** The job topic's partitions on the reference broker (docker-compose.yml's KAFKA_NUM_PARTITIONS). */
        static int referencePartitions() {
            JsonNode compose = Kustomize.documents(RepoFiles.resolve("docker-compose.yml")).get(0);
            return compose.path("services").path("kafka").path("environment").path("KAFKA_NUM_PARTITIONS").asInt();
        }
    }
}
