// The clipvq gallery: recent jobs with their images, kept up to date from the worker's job events
// (GET /api/events), and a form that submits a prompt (POST /api/jobs). Plain JavaScript, no build step.
// Every text from the server is put in the page with textContent, never as HTML.
"use strict";

const TOKEN_KEY = "clipvq-api-token";
const PAGE_SIZE = 12;
const FINAL = new Set(["completed", "failed", "cancelled"]);
const STATUS_OF_EVENT = {
  "accepted": "queued", "started": "running", "progress": "running", "image-written": "running",
  "completed": "completed", "failed": "failed", "cancelled": "cancelled",
};

const state = { page: 0, status: "", hasMore: false, live: false };
const $ = (id) => document.getElementById(id);

// ---- talking to the API ------------------------------------------------------------------------------------------

function token() {
  return localStorage.getItem(TOKEN_KEY) || "";
}

function headers(extra) {
  const all = Object.assign({ "Accept": "application/json" }, extra);
  if (token()) {
    all["Authorization"] = "Bearer " + token();
  }
  return all;
}

/** Calls the API; resolves to the parsed body, or rejects with an Error carrying the API's sentence and field. */
async function api(path, options = {}) {
  const response = await fetch(path, Object.assign({}, options, { headers: headers(options.headers) }));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || ("HTTP " + response.status));
    error.status = response.status;
    error.field = body.field;
    throw error;
  }
  return body;
}

/** A job id the browser makes itself, so that sending the same form twice cannot make two jobs. */
function newJobId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- the page's parts --------------------------------------------------------------------------------------------

function say(text, kind) {
  const message = $("message");
  message.textContent = text;
  message.dataset.kind = kind || "";
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

function cardOf(jobId) {
  return document.querySelector('.job[data-job-id="' + CSS.escape(jobId) + '"]');
}

/** Creates or refreshes a job's card from a summary (list) or a full view (one job, with images). */
function render(job) {
  let card = cardOf(job.jobId);
  if (!card) {
    card = element("li", "job");
    card.dataset.jobId = job.jobId;
    card.append(element("div", "job-head"), element("p", "prompts"), element("div", "progress"),
        element("p", "error"), element("div", "images"));
    $("jobs").append(card);
  }
  const head = card.querySelector(".job-head");
  head.replaceChildren(element("span", "job-id", job.jobId), statusBadge(job.status),
      element("span", "job-meta", [job.model, new Date(job.createdAt).toLocaleString()].filter(Boolean).join(" · ")));
  if (!FINAL.has(job.status)) {
    const cancel = element("button", "cancel", "Cancel");
    cancel.type = "button";
    cancel.addEventListener("click", () => cancelJob(job.jobId));
    head.append(cancel);
  }
  card.dataset.status = job.status;
  const prompts = job.prompts || (job.firstPrompt ? [job.firstPrompt] : []);
  const more = job.promptCount > prompts.length ? " (+" + (job.promptCount - prompts.length) + " more)" : "";
  card.querySelector(".prompts").textContent = prompts.join(" · ") + more;
  showProgress(card, job.progress.done, job.progress.expected);
  card.querySelector(".error").textContent = job.error || "";
  if (job.images) {
    showImages(card, job.images);
  }
}

function statusBadge(status) {
  const badge = element("span", "status", status);
  badge.dataset.status = status;
  return badge;
}

function setStatus(card, status) {
  card.dataset.status = status;
  card.querySelector(".status").replaceWith(statusBadge(status));
  if (FINAL.has(status)) {
    card.querySelector(".cancel")?.remove();
  }
}

function showProgress(card, done, expected) {
  const bar = element("progress");
  bar.max = expected || 1;
  bar.value = Math.min(done, bar.max);
  card.querySelector(".progress").replaceChildren(bar,
      element("span", null, done + " / " + (expected ?? "?") + " images"));
}

/** Adds the images the card does not show yet; an image already shown keeps its element (and its loaded bytes). */
function showImages(card, images) {
  const grid = card.querySelector(".images");
  for (const image of images) {
    if (grid.querySelector('[data-key="' + CSS.escape(image.objectKey) + '"]')) {
      continue;
    }
    const figure = element("figure");
    figure.dataset.key = image.objectKey;
    const img = element("img", "job-image");
    img.alt = image.prompt;
    img.src = image.url;
    const caption = element("figcaption");
    caption.append(element("span", "prompt", image.prompt),
        element("span", "score", "CLIP " + image.clipScore.toFixed(3) + (image.rank > 0 ? " · rank " + image.rank : "")));
    figure.append(img, caption);
    grid.append(figure);
  }
}

// ---- loading -----------------------------------------------------------------------------------------------------

async function loadModels() {
  try {
    const models = await api("/api/models");
    const select = $("model");
    select.replaceChildren(...models.map((model) => {
      const option = element("option", null, model.id);
      option.value = JSON.stringify({ name: model.name, version: model.version });
      return option;
    }));
  } catch (error) {
    say(readProblem(error), "error");
  }
}

async function loadJobs() {
  const query = new URLSearchParams({ page: state.page, size: PAGE_SIZE });
  if (state.status) {
    query.set("status", state.status);
  }
  try {
    const page = await api("/api/jobs?" + query);
    state.hasMore = page.hasMore;
    $("jobs").replaceChildren();
    page.jobs.forEach(render);
    $("older").disabled = !page.hasMore;
    $("newer").disabled = state.page === 0;
    await Promise.all(page.jobs.filter((job) => job.progress.done > 0).map((job) => loadJob(job.jobId)));
  } catch (error) {
    say(readProblem(error), "error");
  }
}

/** Refreshes a job the page shows, with its images. */
async function loadJob(jobId) {
  try {
    const job = await api("/api/jobs/" + encodeURIComponent(jobId));
    if (cardOf(jobId)) {
      render(job);
    }
  } catch (error) {
    if (error.status !== 404) {
      say(readProblem(error), "error");
    }
  }
}

function readProblem(error) {
  if (error.status === 401 || error.status === 403) {
    return error.message + " (enter the API token above)";
  }
  return error.message;
}

// A job's details are fetched again after its events, at most once per REFRESH_MS, so a burst of events costs one call.
const REFRESH_MS = 300;
const pendingRefresh = new Map();

function refreshSoon(jobId) {
  if (!pendingRefresh.has(jobId)) {
    pendingRefresh.set(jobId, setTimeout(() => {
      pendingRefresh.delete(jobId);
      loadJob(jobId);
    }, REFRESH_MS));
  }
}

let pendingReload = null;

function reloadSoon() {
  if (!pendingReload) {
    pendingReload = setTimeout(() => {
      pendingReload = null;
      loadJobs();
    }, REFRESH_MS);
  }
}

// ---- live events -------------------------------------------------------------------------------------------------

function onEvent(event) {
  $("live").title = "last event at " + new Date().toLocaleTimeString();
  const card = cardOf(event.jobId);
  if (!card) {
    // a job this page does not show yet: a new one appears on the first page
    if (state.page === 0) {
      reloadSoon();
    }
    return;
  }
  const status = STATUS_OF_EVENT[event.type];
  if (status && !(FINAL.has(card.dataset.status) && !FINAL.has(status))) {
    setStatus(card, status);
  }
  if (event.imagesDone !== undefined && event.imagesTotal !== undefined) {
    showProgress(card, event.imagesDone, event.imagesTotal);
  }
  if (event.type === "image-written" || FINAL.has(status)) {
    refreshSoon(event.jobId);
  }
}

function setLive(live) {
  state.live = live;
  const badge = $("live");
  badge.dataset.state = live ? "live" : "down";
  badge.textContent = live ? "live" : "reconnecting";
}

/**
 * Follows GET /api/events. Read with fetch rather than EventSource so that the token can go in a header (reads may
 * need it); the stream is Server-Sent Events, parsed here: blocks separated by a blank line, "data:" lines joined.
 * On any end it reconnects after a pause and reloads the list, which brings back what happened meanwhile.
 */
let wakeEvents = () => {};

async function followEvents() {
  let pause = 1000;
  for (;;) {
    try {
      const response = await fetch("/api/events", { headers: headers({ "Accept": "text/event-stream" }) });
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      setLive(true);
      pause = 1000;
      loadJobs();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffered += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          dispatch(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
        }
      }
    } catch (error) {
      // reconnect below
    }
    setLive(false);
    // waits 1 s, then longer after each failed try, up to 30 s: a worker that is away is not asked every second
    // (a new token ends the wait at once)
    await new Promise((resolve) => {
      wakeEvents = resolve;
      setTimeout(resolve, pause);
    });
    pause = Math.min(pause * 2, 30000);
  }
}

function dispatch(block) {
  const data = block.split("\n").filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, "")).join("\n");
  if (data) {
    try {
      onEvent(JSON.parse(data));
    } catch (error) {
      // not an event this page understands
    }
  }
}

// ---- actions -----------------------------------------------------------------------------------------------------

async function submitPrompt(form) {
  const model = JSON.parse($("model").value || "null");
  if (!model) {
    say("No model to choose: the worker lists none (or reads need the API token).", "error");
    return;
  }
  const request = {
    schemaVersion: 1,
    jobId: newJobId(),
    prompts: [$("prompt").value.trim()],
    candidatesPerPrompt: Number($("candidates").value),
    model: model,
  };
  $("submit").disabled = true;
  try {
    const answer = await api("/api/jobs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
    say("Submitted job " + answer.jobId, "ok");
    state.page = 0;
    loadJobs();
  } catch (error) {
    say(error.field ? error.message + " [" + error.field + "]" : readProblem(error), "error");
  } finally {
    $("submit").disabled = false;
  }
}

async function cancelJob(jobId) {
  try {
    await api("/api/jobs/" + encodeURIComponent(jobId) + "/cancel", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "cancelled from the gallery" }),
    });
    say("Cancel requested for " + jobId, "ok");
  } catch (error) {
    say(readProblem(error), "error");
  }
}

// ---- start -------------------------------------------------------------------------------------------------------

function start() {
  $("token").value = token();
  $("token").addEventListener("change", () => {
    localStorage.setItem(TOKEN_KEY, $("token").value.trim());
    say("");
    loadModels();
    loadJobs();
    wakeEvents();
  });
  $("submit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitPrompt(event.target);
  });
  $("status-filter").addEventListener("change", () => {
    state.status = $("status-filter").value;
    state.page = 0;
    loadJobs();
  });
  $("newer").addEventListener("click", () => {
    state.page = Math.max(0, state.page - 1);
    loadJobs();
  });
  $("older").addEventListener("click", () => {
    if (state.hasMore) {
      state.page += 1;
      loadJobs();
    }
  });
  loadModels();
  loadJobs();
  followEvents();
}

start();
