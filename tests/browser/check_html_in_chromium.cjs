// Opens an HTML report in Debian's Chromium (headless, driven by playwright-core) with the network
// switched off, and fails on anything a self-contained page must not do: fetch a resource that is
// not inside the file (any URL other than the page itself and data: URLs), fail to load one, log a
// console error or throw. Takes two screenshots for the caller to check are not blank: the window
// at 1600x900 and the first inline plot. Prints one JSON line describing what the browser saw.
// Usage: node check_html_in_chromium.cjs REPORT.html WINDOW.png PLOT.png
const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
  const [report, windowShot, plotShot] = process.argv.slice(2);
  const pageUrl = "file://" + path.resolve(report);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const problems = [];
  try {
    const context = await browser.newContext({ offline: true, viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    page.on("request", (request) => {
      const url = request.url();
      if (url !== pageUrl && !url.startsWith("data:")) problems.push("fetches " + url);
    });
    page.on("requestfailed", (request) => problems.push("failed to load " + request.url() + ": " + request.failure().errorText));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push("HTTP " + response.status() + " for " + response.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push("console error: " + message.text());
    });
    page.on("pageerror", (error) => problems.push("page error: " + error.message));

    const response = await page.goto(pageUrl, { waitUntil: "load" });
    if (!response || !response.ok()) problems.push("the page itself did not load");
    const seen = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll(".plot svg")].map((svg) => svg.getBoundingClientRect());
      return {
        title: document.title,
        headings: [...document.querySelectorAll("h1, h2")].map((h) => h.textContent),
        tables: document.querySelectorAll("table").length,
        plots: boxes.length,
        smallest_plot: boxes.length ? Math.min(...boxes.map((b) => Math.min(b.width, b.height))) : 0,
        images_broken: [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).length,
      };
    });
    await page.screenshot({ path: windowShot });
    const plot = await page.$(".plot svg");
    if (plot) await plot.screenshot({ path: plotShot });
    console.log(JSON.stringify({ ...seen, problems }));
  } finally {
    await browser.close();
  }
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.log(JSON.stringify({ problems: ["the browser check itself failed: " + error.message] }));
  process.exit(1);
});
