// Times the reference tokenizers on the same text as `genai-bench tokenize`: load time and
// encode throughput (one thread), for comparison in docs/BENCHMARKS.md.
// Usage (from the tokenizer reference cache, where the npm packages are installed):
//   node tokenizer_speed_reference.cjs CORPUS NAME=PATH...   (PATH: .tiktoken name or tokenizer.json)
const fs = require("node:fs");
const { Tokenizer } = require("@anush008/tokenizers");

(async () => {
  const text = fs.readFileSync(process.argv[2], "utf8");
  const megabytes = Buffer.byteLength(text) / 1e6;
  for (const spec of process.argv.slice(3)) {
    const [name, path] = spec.split("=");
    let encode;
    const loadStart = process.hrtime.bigint();
    if (path.endsWith(".json")) {
      const tokenizer = await Tokenizer.fromFile(path);
      encode = async () => (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds().length;
    } else {
      const { Tiktoken } = await import("js-tiktoken/lite");
      const ranks = (await import(`js-tiktoken/ranks/${path}`)).default;
      const tokenizer = new Tiktoken(ranks);
      encode = async () => tokenizer.encode(text, [], []).length;
    }
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    await encode();  // warm up
    const runs = 3;
    const start = process.hrtime.bigint();
    let tokens = 0;
    for (let i = 0; i < runs; i++) tokens = await encode();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9 / runs;
    console.log(`${name}: load ${loadMs.toFixed(0)} ms, encode ${(megabytes / seconds).toFixed(2)} MB/s (${tokens} tokens)`);
  }
})();
