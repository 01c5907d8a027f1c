// Screenshots of the page for people to look at (not a test):
//   node tests/browser/shot.mjs PAGE.html OUT.png [EVENT-ID] [SELECTOR-TO-SCROLL-TO] [print]
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
const [file, png, event, selector, media] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"], headless: true,
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  if (event) { await page.click(`#events li[data-event="${event}"] button`); }
  if (selector) { await page.evaluate((s) => document.querySelector(s).scrollIntoView(), selector); }
  if (media) { await page.emulateMediaType(media); }
  await page.screenshot({ path: png, fullPage: media === "print" });
} finally {
  await browser.close();
}
