// Loads TimelineJS 3 JSON files in the real TimelineJS (node_modules/@knight-lab/timelinejs)
// in headless Chromium, driven by puppeteer-core, and prints what a reader sees, one JSON
// object per file in a JSON array: the slides in order (id, headline, date text, body,
// links), TimelineJS's own wording of each slide's start date, the time axis labels,
// any element injected by the data, console and page errors, and every request to a URL
// that is not a local file (all of them are blocked and listed).
//
// usage: node tests/browser/timelinejs.mjs [--screenshot PNG [--slide ID]] FILE.json...
// env:   ANNALS_CHROMIUM, the browser to drive (default /usr/bin/chromium)

import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, "../../node_modules/@knight-lab/timelinejs/dist");

const args = process.argv.slice(2);
let screenshot = null;
let slide = null;
const files = [];
while (args.length > 0) {
  const arg = args.shift();
  if (arg === "--screenshot") screenshot = args.shift();
  else if (arg === "--slide") slide = args.shift();
  else files.push(arg);
}
if (files.length === 0) {
  console.error("usage: node tests/browser/timelinejs.mjs [--screenshot PNG [--slide ID]] FILE.json...");
  process.exit(2);
}

/** Returns a page that draws `data` with TimelineJS's own script and CSS. */
function pageFor(data) {
  // The data goes in as a JSON literal with `<` escaped, so nothing in it ends the script.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const js = pathToFileURL(join(dist, "js")).href;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(dist, "css/timeline.css")).href}">
<script src="${js}/timeline.js"></script>
<style>html, body { margin: 0; } #timeline { width: 1200px; height: 700px; }</style>
</head><body><div id="timeline"></div>
<script>
  window.__errors = [];
  window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
  // font: null keeps TimelineJS from fetching its web fonts (Google Fonts): the page
  // then loads nothing from the network but what the data itself asks for.
  window.timeline = new TL.Timeline("timeline", ${json}, { script_path: "${js}/", font: null });
  window.timeline.on("ready", () => { window.__ready = true; });
</script></body></html>`;
}

/** Returns what the page shows once TimelineJS is ready. */
function readPage() {
  const text = (el) => (el ? el.textContent.trim() : null);
  const slides = [...document.querySelectorAll(".tl-storyslider .tl-slide")].map((s) => ({
    id: s.id,
    headline: text(s.querySelector(".tl-headline")),
    date: text(s.querySelector(".tl-headline-date")),
    body: text(s.querySelector(".tl-text-content")),
    links: [...s.querySelectorAll(".tl-text-content a")].map((a) => a.getAttribute("href")),
  }));
  const own_dates = window.timeline.config.events.map((e) => ({
    id: e.unique_id,
    date: e.start_date.getDisplayDate(window.timeline.language),
  }));
  const ticks = [...document.querySelectorAll(".tl-timeaxis-tick-text")]
    .map((t) => t.textContent.trim())
    .filter((t) => t.length > 0);
  // Elements TimelineJS never makes itself: only the data could have put them there.
  const injected = [
    ...document.querySelectorAll(
      "#timeline script, #timeline b, #timeline iframe, #timeline [onload], #timeline [onerror]",
    ),
  ].map((e) => e.outerHTML.slice(0, 120));
  return {
    scale: window.timeline.config.scale,
    slides,
    own_dates,
    ticks,
    injected,
    window_errors: window.__errors,
  };
}

const dir = mkdtempSync(join(tmpdir(), "annals-tljs-"));
const browser = await puppeteer.launch({
  executablePath: process.env.ANNALS_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
const results = [];
try {
  for (const [n, file] of files.entries()) {
    const facts = { file, console_errors: [], page_errors: [], network: [] };
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 700 });
    page.on("console", (m) => {
      if (m.type() === "error") facts.console_errors.push(m.text());
    });
    page.on("pageerror", (e) => facts.page_errors.push(String(e.message || e)));
    await page.setRequestInterception(true);
    page.on("request", (r) => {
      const url = r.url();
      if (/^(file|data|about):/.test(url)) {
        r.continue();
      } else {
        facts.network.push(url);
        r.abort();
      }
    });
    const path = join(dir, `page-${n}.html`);
    writeFileSync(path, pageFor(JSON.parse(readFileSync(file, "utf8"))));
    await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
    await page.waitForFunction(() => window.__ready === true || window.__errors.length > 0, {
      timeout: 60000,
    });
    Object.assign(facts, await page.evaluate(readPage));
    if (screenshot && n === 0) {
      if (slide) {
        await page.evaluate((id) => window.timeline.goToId(id), slide);
        // The slider animates to the slide; wait until it has arrived.
        await page.waitForFunction(
          (id) => document.querySelector(`.tl-slide.tl-slide-active, #${CSS.escape(id)}`),
          {},
          slide,
        );
        await new Promise((r) => setTimeout(r, 1500));
      }
      await page.screenshot({ path: screenshot });
    }
    await page.close();
    results.push(facts);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
