// Writes tokenizer.json variants that exercise parts no shipped file in the test set uses, so they
// are held to the reference too: the Metaspace pre-tokenizer of current Llama 2 / Mistral files
// (prepend_scheme "first" and "always", with and without split), NFKC, and every Split delimiter
// behavior with invert and ByteLevel's add_prefix_space.
// Usage: node make_variant_tokenizers.cjs DIR LLAMA2_JSON QWEN3_JSON LLAMA3_JSON
const fs = require("node:fs");
const path = require("node:path");

const [dir, llama2File, qwen3File, llama3File] = process.argv.slice(2);
const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const write = (name, tokenizer) => fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(tokenizer));
const metaspace = (scheme, split) => ({ type: "Metaspace", replacement: "\u2581", prepend_scheme: scheme, split });

const llama2 = read(llama2File);
write("llama2_metaspace_first", { ...llama2, normalizer: null, pre_tokenizer: metaspace("first", false) });
write("llama2_metaspace_always_split", { ...llama2, normalizer: null, pre_tokenizer: metaspace("always", true) });

const qwen3 = read(qwen3File);
write("qwen3_nfkc", { ...qwen3, normalizer: { type: "NFKC" } });

const llama3 = read(llama3File);
const split = (pattern, behavior, invert = false) => ({ type: "Split", pattern, behavior, invert });
write("llama3_split_behaviors", {
  ...llama3,
  normalizer: { type: "Sequence", normalizers: [{ type: "NFD" }, { type: "NFC" }] },
  pre_tokenizer: {
    type: "Sequence",
    pretokenizers: [
      split({ Regex: "\\p{N}+" }, "MergedWithPrevious"),
      split({ Regex: "[,.;:!?]" }, "MergedWithNext"),
      split({ Regex: "\\p{Han}" }, "Contiguous"),
      split({ String: "\t" }, "Removed"),
      split({ Regex: "\\s+" }, "Isolated", true),
      { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    ],
  },
});
console.log("variants written");
