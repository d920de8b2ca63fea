package io.clipvq.worker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.SharedDevStack;
import io.clipvq.worker.testing.JobTestClient;
import io.clipvq.worker.testing.TestBundles;
import io.clipvq.worker.testing.WorkerFakes;
import io.clipvq.worker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTTP API and the gallery on the packaged worker, over real HTTP, with the DevStack's Kafka, PostgreSQL and S3
 * (s3proxy) behind it. One worker serves every test of the class (starting it is the slow part); it runs with an API
 * token and with reads needing it, so the tests see both kinds of refusal, and that health, metrics, the OpenAPI
 * document and the gallery's files stay open all the same.
 */
class HttpApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ModelRef MODEL = new ModelRef("api-tiny", "1.0.0");
    private static final String TOKEN = "it-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static DevStack stack;
    private static JobTestClient client;
    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        stack = SharedDevStack.get();
        Path bundle = TestBundles.writeRandom(MODEL, 23, "api-bundle-");
        client = new JobTestClient(stack);
        worker = WorkerProcess.start(stack, bundle, "api1", Map.of("CLIPVQ_API_TOKEN", TOKEN,
                "CLIPVQ_API_READS_NEED_TOKEN", "true", "CLIPVQ_API_IMAGE_URL_EXPIRY_S", "120"));
        awaitEventStream();
    }

    /**
     * The event stream's consumer starts reading at the end of the topic once its group has partitions, a few seconds
     * after the worker is ready; until then events pass it by. Probe events (their own job id, no job) are sent until
     * one comes down /api/events, so no test depends on that timing.
     */
    private static void awaitEventStream() throws Exception {
        String probe = "api-probe-" + UUID.randomUUID();
        List<String> streamed = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = openEventStream(streamed);
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (streamed.stream().noneMatch(line -> line.contains(probe))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no event came down /api/events within 60 s:\n" + worker.tail());
                }
                client.sendRaw(Topics.JOB_EVENTS, probe, JobJson.toJson(JobEvent.progress(probe, "it", 0, 0)));
                JobTestClient.pause(500);
            }
        } finally {
            stream.body().close();
        }
    }

    /** Opens GET /api/events and adds each line that comes down it to {@code lines}, on a thread of its own. */
    private static HttpResponse<Stream<String>> openEventStream(List<String> lines) throws Exception {
        HttpResponse<Stream<String>> stream = HTTP.sendAsync(HttpRequest.newBuilder(worker.uri("/api/events"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    @AfterAll
    static void stopWorker() throws Exception {
        TestBundles.close(worker, client);
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()).stream().findFirst()
                    .orElse(null);
        }
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private static Answer get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(worker.uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static Answer get(String path) throws IOException, InterruptedException {
        return get(path, TOKEN);
    }

    private static Answer post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(worker.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static Answer postNothing(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(worker.uri(path)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String jobBody(String jobId, int prompts, String... extra) {
        StringBuilder texts = new StringBuilder();
        for (int p = 0; p < prompts; p++) {
            texts.append(p == 0 ? "" : ", ").append("\"a ").append(p % 2 == 0 ? "red circle" : "blue square")
                    .append(" number ").append(p).append("\"");
        }
        return "{\"schemaVersion\": 1, \"jobId\": \"" + jobId + "\", \"prompts\": [" + texts + "], "
                + "\"candidatesPerPrompt\": 2, \"sampling\": {\"steps\": 4}, \"outputPrefix\": \"it/api\", "
                + "\"model\": {\"name\": \"" + MODEL.name() + "\"}" + String.join("", extra) + "}";
    }

    private static String newJobId(String what) {
        return "api-" + what + "-" + UUID.randomUUID();
    }

    /** Polls GET /api/jobs/{id} until the job is in one of {@code statuses}; returns its view. */
    private static JsonNode awaitStatus(String jobId, String... statuses) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            Answer answer = get("/api/jobs/" + jobId);
            if (answer.status() == 200) {
                JsonNode job = answer.json();
                last = job.get("status").asText();
                if (List.of(statuses).contains(last)) {
                    return job;
                }
            } else {
                last = answer.status() + " " + answer.body();
            }
            JobTestClient.pause(200);
        }
        throw new AssertionError("job " + jobId + " not " + List.of(statuses) + " within " + TIMEOUT + "; last: " + last);
    }

    private static long requestsPublishedFor(String jobId) {
        return client.records(Topics.JOB_REQUESTS).stream().filter(r -> jobId.equals(r.key())).count();
    }

    // ---- tests -----------------------------------------------------------------------------------------------------

    @Test
    void should_describe_every_endpoint_in_the_openapi_document_without_a_token() throws Exception {
        Answer openapi = get("/q/openapi?format=json", null);

        assertThat(openapi.status()).isEqualTo(200);
        JsonNode paths = openapi.json().get("paths");
        assertThat(paths.has("/api/jobs")).isTrue();
        assertThat(paths.get("/api/jobs").has("get")).isTrue();
        assertThat(paths.get("/api/jobs").has("post")).isTrue();
        assertThat(paths.has("/api/jobs/{id}")).isTrue();
        assertThat(paths.get("/api/jobs/{id}/cancel").has("post")).isTrue();
        assertThat(paths.has("/api/models")).isTrue();
        assertThat(paths.has("/api/events")).isTrue();
        assertThat(openapi.json().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void should_keep_health_metrics_and_the_gallery_open_while_reads_need_the_token() throws Exception {
        assertThat(get("/q/health/ready", null).status()).isEqualTo(200);
        assertThat(get("/q/health/live", null).status()).isEqualTo(200);
        assertThat(get("/q/metrics", null).body()).contains("jvm_memory_used_bytes");
        Answer gallery = get("/", null);
        assertThat(gallery.status()).isEqualTo(200);
        assertThat(gallery.body()).contains("clipvq gallery").contains("gallery.js");
        assertThat(get("/gallery.js", null).status()).isEqualTo(200);

        Answer refused = get("/api/models", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.json().get("error").asText()).contains("Authorization: Bearer");
        assertThat(get("/api/jobs", "not-the-token").status()).isEqualTo(403);
    }

    @Test
    void should_list_the_servable_models() throws Exception {
        Answer models = get("/api/models");

        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json()).hasSize(1);
        JsonNode model = models.json().get(0);
        assertThat(model.get("id").asText()).isEqualTo("api-tiny:1.0.0");
        assertThat(model.get("name").asText()).isEqualTo("api-tiny");
        assertThat(model.has("source")).as("where bundles are stored is not shown").isFalse();
    }

    @Test
    void should_refuse_writes_without_the_right_token_and_publish_nothing() throws Exception {
        String jobId = newJobId("refused");

        Answer none = post("/api/jobs", jobBody(jobId, 1), null);
        Answer wrong = post("/api/jobs", jobBody(jobId, 1), TOKEN + "x");
        Answer cancel = post("/api/jobs/" + jobId + "/cancel", "{}", null);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"clipvq\"");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().get("error").asText()).isEqualTo("the bearer token is not this worker's API token");
        assertThat(cancel.status()).isEqualTo(401);
        assertThat(requestsPublishedFor(jobId)).isZero();
        assertThat(get("/api/jobs/" + jobId).status()).isEqualTo(404);
    }

    @Test
    void should_answer_400_naming_the_fields_of_a_bad_request() throws Exception {
        String jobId = newJobId("bad");

        Answer outOfRange = post("/api/jobs", jobBody(jobId, 1).replace("\"candidatesPerPrompt\": 2",
                "\"candidatesPerPrompt\": 100"), TOKEN);
        Answer unknownModel = post("/api/jobs", jobBody(jobId, 1).replace(MODEL.name(), "no-such-model"), TOKEN);
        Answer noJobId = post("/api/jobs", jobBody(jobId, 1).replace("\"jobId\": \"" + jobId + "\", ", ""), TOKEN);
        Answer notJson = post("/api/jobs", "{\"schemaVersion\": 1,", TOKEN);

        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("field").asText()).isEqualTo("candidatesPerPrompt");
        assertThat(outOfRange.json().at("/violations/0/problem").asText()).contains("between 1 and 64");
        assertThat(unknownModel.status()).isEqualTo(400);
        assertThat(unknownModel.json().get("field").asText()).isEqualTo("model");
        assertThat(unknownModel.json().get("error").asText()).contains("this worker serves api-tiny:1.0.0");
        assertThat(noJobId.json().get("field").asText()).isEqualTo("jobId");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).contains("not valid JSON").doesNotContain("Exception");
        assertThat(requestsPublishedFor(jobId)).isZero();
    }

    @Test
    void should_run_a_submitted_job_stream_its_events_and_serve_its_image_through_the_presigned_url()
            throws Exception {
        String jobId = newJobId("run");
        List<String> streamed = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = openEventStream(streamed);
        try {
            Answer submitted = post("/api/jobs", jobBody(jobId, 2), TOKEN);

            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            assertThat(submitted.header("Location")).endsWith("/api/jobs/" + jobId);
            assertThat(submitted.json().get("jobId").asText()).isEqualTo(jobId);
            assertThat(submitted.json().get("status").asText()).isEqualTo("submitted");
            JsonNode job = awaitStatus(jobId, "completed", "failed", "cancelled");

            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
            assertThat(job.at("/progress/done").asInt()).isEqualTo(2);
            assertThat(job.at("/progress/expected").asInt()).isEqualTo(2);
            assertThat(job.get("model").asText()).isEqualTo("api-tiny:1.0.0");
            assertThat(job.get("prompts")).extracting(JsonNode::asText)
                    .containsExactly("a red circle number 0", "a blue square number 1");
            assertThat(Instant.parse(job.get("createdAt").asText())).isBefore(Instant.parse(job.get("finishedAt").asText()));
            List<Map<String, Object>> rows = client.imageRows(jobId);
            assertThat(job.get("images")).hasSize(2);
            for (int i = 0; i < 2; i++) {
                JsonNode image = job.get("images").get(i);
                assertThat(image.get("promptIndex").asInt()).isEqualTo(i);
                assertThat(image.get("prompt").asText()).isEqualTo(job.get("prompts").get(i).asText());
                assertThat(image.get("clipScore").asDouble()).isEqualTo((double) rows.get(i).get("clip_score"));
                assertThat(image.get("sha256").asText()).isEqualTo(rows.get(i).get("sha256"));
                // the URL is signed for the storage endpoint and needs no credentials: s3proxy serves it
                URI url = URI.create(image.get("url").asText());
                assertThat(url.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=120");
                HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(png.statusCode()).isEqualTo(200);
                assertThat(WorkerFakes.sha256(png.body())).isEqualTo(rows.get(i).get("sha256"));
            }
            // every event of the job came down the stream, as the JSON on the topic
            Instant deadline = Instant.now().plusSeconds(10);
            while (streamed.stream().noneMatch(line -> line.contains("\"completed\"") && line.contains(jobId))
                    && Instant.now().isBefore(deadline)) {
                JobTestClient.pause(100);
            }
            List<String> types = streamed.stream().filter(line -> line.startsWith("data:") && line.contains(jobId))
                    .map(line -> JobJson.parseEvent(line.substring(5).strip()).type().wireName()).toList();
            assertThat(types).as("streamed: %s", streamed).startsWith("accepted").contains("started", "image-written")
                    .endsWith("completed");
            assertThat(streamed).anyMatch(line -> line.matches("event: ?job-event"));
        } finally {
            stream.body().close();
        }
    }

    @Test
    void should_answer_a_resubmitted_job_with_the_existing_job_and_publish_nothing_new() throws Exception {
        String jobId = newJobId("twice");
        assertThat(post("/api/jobs", jobBody(jobId, 1), TOKEN).status()).isEqualTo(202);
        awaitStatus(jobId, "completed");

        Answer again = post("/api/jobs", jobBody(jobId, 1), TOKEN);
        Answer other = post("/api/jobs", jobBody(jobId, 1, ", \"seed\": 7"), TOKEN);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("jobId").asText()).isEqualTo(jobId);
        assertThat(again.json().get("status").asText()).isEqualTo("completed");
        assertThat(again.json().get("images")).hasSize(1);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("field").asText()).isEqualTo("jobId");
        assertThat(other.json().at("/job/status").asText()).isEqualTo("completed");
        assertThat(requestsPublishedFor(jobId)).isEqualTo(1);
    }

    @Test
    void should_cancel_a_running_job_and_refuse_to_cancel_it_again() throws Exception {
        String jobId = newJobId("cancel");
        // 60 prompts of 4 candidates: long enough that the cancel lands before the end
        assertThat(post("/api/jobs", jobBody(jobId, 60).replace("\"candidatesPerPrompt\": 2",
                "\"candidatesPerPrompt\": 4"), TOKEN).status()).isEqualTo(202);
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (get("/api/jobs/" + jobId).json().path("progress").path("done").asInt() < 1
                && Instant.now().isBefore(deadline)) {
            JobTestClient.pause(100);
        }

        Answer cancelled = post("/api/jobs/" + jobId + "/cancel", "{\"reason\": \"enough from the API\"}", TOKEN);
        JsonNode job = awaitStatus(jobId, "cancelled", "completed", "failed");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancel-requested");
        assertThat(job.get("status").asText()).isEqualTo("cancelled");
        assertThat(job.get("cancelReason").asText()).isEqualTo("enough from the API");
        assertThat(job.at("/progress/done").asInt()).isBetween(1, 59);
        assertThat(job.get("images")).hasSize(job.at("/progress/done").asInt());
        // as curl -X POST sends it: no body, no content type
        assertThat(postNothing("/api/jobs/" + jobId + "/cancel").status()).isEqualTo(409);
        assertThat(postNothing("/api/jobs/" + newJobId("unknown") + "/cancel").status()).isEqualTo(404);
    }

    @Test
    void should_list_jobs_newest_first_by_status_in_pages() throws Exception {
        String older = newJobId("list-a");
        String newer = newJobId("list-b");
        assertThat(post("/api/jobs", jobBody(older, 1), TOKEN).status()).isEqualTo(202);
        awaitStatus(older, "completed");
        assertThat(post("/api/jobs", jobBody(newer, 1), TOKEN).status()).isEqualTo(202);
        awaitStatus(newer, "completed");

        JsonNode first = get("/api/jobs?status=completed&size=1").json();
        JsonNode second = get("/api/jobs?status=completed&size=1&page=1").json();
        JsonNode all = get("/api/jobs?size=100").json();
        Answer badStatus = get("/api/jobs?status=finished");
        Answer badSize = get("/api/jobs?size=1000");

        assertThat(first.at("/jobs/0/jobId").asText()).isEqualTo(newer);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(second.at("/jobs/0/jobId").asText()).isEqualTo(older);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(first.at("/jobs/0/firstPrompt").asText()).isEqualTo("a red circle number 0");
        List<String> ids = all.get("jobs").findValuesAsText("jobId");
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older)).isNotNegative();
        for (JsonNode job : get("/api/jobs?status=cancelled&size=100").json().get("jobs")) {
            assertThat(job.get("status").asText()).isEqualTo("cancelled");
        }
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asText()).isEqualTo("status");
        assertThat(badStatus.json().get("error").asText()).contains("queued, running, completed, failed, cancelled");
        assertThat(badSize.json().get("field").asText()).isEqualTo("size");
    }

    /**
     * The gallery in a real browser (Debian's chromium through its chromedriver; Selenium Manager never runs, and
     * Chromium is kept off the network): enter the token, submit a prompt, and see the job complete with its image
     * loaded from the presigned URL, its prompt and its CLIP score. Leaves a screenshot in
     * target/gallery-screenshots/.
     */
    @Test
    void should_submit_a_prompt_from_the_gallery_and_show_the_finished_image() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "no /usr/bin/chromedriver or /usr/bin/chromium: install them with "
                        + "'apt-get install -y chromium chromium-driver' (as .ci/run does) to run the gallery test");
        Path screenshots = Files.createDirectories(Path.of("target", "gallery-screenshots"));
        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(worker.uri("/").toString());
            browser.findElement(By.id("token")).sendKeys(TOKEN + Keys.TAB);
            wait.until(page -> new Select(page.findElement(By.id("model"))).getOptions().stream()
                    .anyMatch(option -> option.getText().equals("api-tiny:1.0.0")));
            wait.until(page -> "live".equals(page.findElement(By.id("live")).getDomAttribute("data-state")));
            String prompt = "a green triangle from the gallery";
            browser.findElement(By.id("prompt")).sendKeys(prompt);
            WebElement candidates = browser.findElement(By.id("candidates"));
            candidates.clear();
            candidates.sendKeys("2");
            browser.findElement(By.id("submit")).click();

            String message = wait.until(page -> {
                String text = page.findElement(By.id("message")).getText();
                return text.startsWith("Submitted job ") ? text : null;
            });
            String jobId = message.substring("Submitted job ".length());
            String card = ".job[data-job-id='" + jobId + "']";
            // the card is redrawn on every event, so what is checked is read in one script, from one drawing of it
            @SuppressWarnings("unchecked")
            java.util.List<String> shown = new WebDriverWait(browser, TIMEOUT).until(page ->
                    (java.util.List<String>) ((JavascriptExecutor) page).executeScript(
                    "const card = document.querySelector(arguments[0]);"
                            + "const img = card && card.querySelector('img.job-image');"
                            + "if (!card || card.dataset.status !== 'completed' || !img || !img.complete"
                            + " || img.naturalWidth === 0) return null;"
                            + "const text = s => card.querySelector(s).textContent.trim();"
                            + "return [text('.status'), text('figcaption .prompt'), text('figcaption .score'),"
                            + " text('.progress')];", card));

            assertThat(shown.get(0)).isEqualToIgnoringCase("completed");
            assertThat(shown.get(1)).isEqualTo(prompt);
            assertThat(shown.get(2)).matches("CLIP -?\\d+\\.\\d{3}");
            assertThat(shown.get(3)).contains("1 / 1 images");
            // the page heard the job's events (it updates from them, not by polling)
            assertThat(browser.findElement(By.id("live")).getDomAttribute("title")).startsWith("last event at");
            Files.write(screenshots.resolve("gallery.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static WebDriver browser() throws IOException {
        Path profile = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chromium")), "profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // no network beyond this machine: without the background-networking switches Chromium stalls on start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(Path.of("target", "chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }
}
