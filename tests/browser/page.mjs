// Drives the page of `annals export html` in real Chromium and prints what it saw as
// JSON, for tests/suite/html_page.rs to assert.
//
//   node tests/browser/page.mjs PAGE.html '{"search":"WORD","actor":"ID","event":"ID"}'
//
// It opens the page from its file:// URL, then: types `search` and counts the events
// and marks left; chooses `actor` in the actor filter and lists the events left; clicks
// the first mark of `event` and reads the detail panel; focuses the event's list entry,
// presses Enter and reads the panel again; emulates print media and reads what shows.
// Every console message of level error, page error, dialog and request is recorded.
// Needs CHROMIUM (default /usr/bin/chromium) and puppeteer-core.
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [page_path, options_json] = process.argv.slice(2);
const options = JSON.parse(options_json || "{}");
const url = pathToFileURL(page_path).href;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
  headless: true,
});
const out = { url, errors: [], requests: [], dialogs: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("dialog", async (d) => { out.dialogs.push(d.message()); await d.dismiss(); });
  page.on("request", (r) => out.requests.push(r.url()));
  await page.goto(url, { waitUntil: "load" });

  // What is visible: list entries not hidden, and ids of marks not dimmed.
  const visible = () => page.evaluate(() => ({
    events: [...document.querySelectorAll("#events li")].filter((li) => !li.hidden).map((li) => li.dataset.event),
    marks: [...new Set([...document.querySelectorAll("#viewport [data-id]")]
      .filter((m) => !m.classList.contains("is-out")).map((m) => m.getAttribute("data-id")))],
    count: document.getElementById("count").textContent,
  }));
  const panel = () => page.evaluate(() => {
    const d = document.getElementById("details");
    return {
      text: d.innerText,
      title: d.querySelector("h2") ? d.querySelector("h2").textContent : null,
      links: [...d.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), text: a.textContent })),
      focused: document.activeElement ? document.activeElement.id : null,
    };
  });

  out.initial = await visible();
  out.scripts = await page.evaluate(() => document.querySelectorAll("script").length);
  out.bdi = await page.evaluate(() => [...document.querySelectorAll("bdi")].map((b) => b.textContent));
  out.controlsShown = await page.evaluate(() => !document.querySelector(".controls").hidden);

  if (options.search !== undefined) {
    await page.focus("#search");
    await page.keyboard.type(options.search);
    out.search = await visible();
    await page.click("#reset");
    out.afterReset = await visible();
  }
  if (options.actor !== undefined) {
    await page.select("#filter-actor", options.actor);
    out.actor = await visible();
    await page.click("#reset");
  }
  if (options.event !== undefined) {
    const mark = await page.$(`#viewport [data-id="${options.event}"]`);
    out.markFound = mark !== null;
    if (mark) {
      await mark.click();
      out.clicked = await panel();
      await page.keyboard.press("Escape");
      out.closed = await panel();
    }
    // Keyboard: Tab to the event's list entry, then Enter.
    await page.evaluate((id) => {
      document.querySelector(`#events li[data-event="${CSS.escape(id)}"] button`).focus();
    }, options.event);
    await page.keyboard.press("Enter");
    out.entered = await panel();
    // Keyboard on the drawing: focus the first mark (it is tabbable) and press Enter.
    await page.keyboard.press("Escape");
    const tabbable = await page.evaluate((id) => {
      const m = document.querySelector(`#viewport [data-id="${CSS.escape(id)}"]`);
      if (!m || m.getAttribute("tabindex") !== "0") { return false; }
      m.focus();
      return document.activeElement === m;
    }, options.event);
    out.markTabbable = tabbable;
    if (tabbable) {
      await page.keyboard.press("Enter");
      out.markEntered = await panel();
    }
  }
  // Real Tab presses: from the Fit button to the drawing, then to its first mark;
  // Enter opens that event.
  await page.keyboard.press("Escape");
  await page.focus("#zoom-fit");
  await page.keyboard.press("Tab");
  const onViewport = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("Tab");
  const tabbedId = await page.evaluate(() => document.activeElement.getAttribute("data-id"));
  const focusShown = await page.evaluate(() => {
    const shape = document.activeElement.querySelector(":scope > :not(title)");
    return shape ? getComputedStyle(shape).stroke : null;
  });
  await page.keyboard.press("Enter");
  out.tabbed = { viewport: onViewport, id: tabbedId, stroke: focusShown, panel: await panel() };
  // Zoom: the drawing grows and the viewport scrolls.
  await page.click("#zoom-in");
  out.zoom = await page.evaluate(() => ({
    level: document.getElementById("zoom-level").textContent,
    wider: document.querySelector("#viewport svg").getBoundingClientRect().width >
      document.getElementById("viewport").clientWidth,
  }));
  await page.emulateMediaType("print");
  out.print = await page.evaluate(() => {
    const shown = (sel) => {
      const n = document.querySelector(sel);
      return n !== null && getComputedStyle(n).display !== "none";
    };
    const svg = document.querySelector("#viewport svg").getBoundingClientRect();
    return {
      controls: shown(".controls"), zoom: shown(".zoom"), list: shown(".browse"),
      drawing: shown("#viewport svg") && svg.width > 0 && svg.height > 0,
      fits: svg.width <= document.documentElement.clientWidth,
      dimmed: [...document.querySelectorAll("#viewport [data-id]")].some((m) => getComputedStyle(m).opacity !== "1"),
    };
  });
  if (options.screenshot) {
    await page.emulateMediaType("screen");
    await page.click("#zoom-fit");
    if (options.event) {
      await page.click(`#events li[data-event="${options.event}"] button`);
    }
    await page.screenshot({ path: options.screenshot, fullPage: true });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
