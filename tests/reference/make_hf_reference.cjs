// Writes the reference ids of Hugging Face's own tokenizers library (its native binding,
// @anush008/tokenizers) for every line of corpus.txt, for each tokenizer.json given.
// Usage: node make_hf_reference.cjs DIR NAME=PATH/tokenizer.json...
const fs = require("node:fs");
const path = require("node:path");
const { Tokenizer } = require("@anush008/tokenizers");

(async () => {
  const dir = process.argv[2];
  const lines = fs.readFileSync(path.join(dir, "corpus.txt"), "utf8").split("\n");
  lines.pop();  // the final newline
  for (const spec of process.argv.slice(3)) {
    const [name, file] = spec.split("=");
    const tokenizer = await Tokenizer.fromFile(file);
    const out = [];
    for (const line of lines) {
      const encoding = await tokenizer.encode(line, null, { addSpecialTokens: false });
      out.push(encoding.getIds().join(" "));
    }
    fs.writeFileSync(path.join(dir, `${name}.ids`), out.join("\n") + "\n");
    console.log(`reference: ${name}, ${lines.length} lines`);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
