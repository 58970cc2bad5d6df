// Writes the reference ids of Hugging Face's own tokenizers library (its native binding,
// @anush008/tokenizers) for every line of corpus.txt (or the CORPUS named), for each tokenizer.json given, in both
// modes: NAME.ids as its default encode (add_special_tokens true: the post_processor's BOS...)
// and NAME.no_special.ids with add_special_tokens false.
// With --post-processor-variants it instead writes tokenizer.json variants with the post-processors
// no shipped file in the test set has, so they are held to the reference too: Llama 3's current
// Sequence [ByteLevel, TemplateProcessing], BertProcessing, RobertaProcessing, and a Sequence of
// two templates with a two-id special token (Hugging Face passes the first one's two pieces on as
// two encodings, so the second applies its "pair" template).
// Usage: node make_hf_reference.cjs DIR NAME=PATH/tokenizer.json[=CORPUS]...
//        node make_hf_reference.cjs --post-processor-variants DIR LLAMA3_JSON QWEN3_JSON GEMMA3_JSON DEEPSEEK_V3_JSON
const fs = require("node:fs");
const path = require("node:path");
const { Tokenizer } = require("@anush008/tokenizers");

function writePostProcessorVariants(dir, llama3File, qwen3File, gemma3File, deepseekFile) {
  const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
  const write = (name, tokenizer) => fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(tokenizer));
  // Ids by the added token's content, so a wrong guess fails here rather than testing nothing.
  const id = (tokenizer, content) => {
    const token = tokenizer.added_tokens.find((added) => added.content === content);
    if (!token) throw new Error(`no added token ${content}`);
    return token.id;
  };
  const special = (name, ...tokens) => ({ id: name, ids: tokens.map(([, tokenId]) => tokenId), tokens: tokens.map(([text]) => text) });
  const pieces = (names) =>
    names.map((name) => (name === "A" || name === "B" ? { Sequence: { id: name, type_id: 0 } } : { SpecialToken: { id: name, type_id: 0 } }));
  const template = (single, specialTokens, pair = ["A", "B"]) => ({
    type: "TemplateProcessing",
    single: pieces(single),
    pair: pieces(pair),
    special_tokens: Object.fromEntries(specialTokens.map((token) => [token.id, token])),
  });

  const llama3 = read(llama3File);
  const begin = "<|begin_of_text|>";
  write("llama3_template", {
    ...llama3,
    post_processor: {
      type: "Sequence",
      processors: [
        { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
        template([begin, "A"], [special(begin, [begin, id(llama3, begin)])]),
      ],
    },
  });

  const qwen3 = read(qwen3File);
  write("qwen3_bert", {
    ...qwen3,
    post_processor: { type: "BertProcessing", sep: ["<|im_end|>", id(qwen3, "<|im_end|>")], cls: ["<|im_start|>", id(qwen3, "<|im_start|>")] },
  });

  const gemma3 = read(gemma3File);
  write("gemma3_roberta", {
    ...gemma3,
    post_processor: { type: "RobertaProcessing", sep: ["<eos>", id(gemma3, "<eos>")], cls: ["<bos>", id(gemma3, "<bos>")],
                      trim_offsets: true, add_prefix_space: true },
  });

  const deepseek = read(deepseekFile);
  const bos = "<｜begin▁of▁sentence｜>";
  const eos = "<｜end▁of▁sentence｜>";
  write("deepseek_v3_templates", {
    ...deepseek,
    post_processor: {
      type: "Sequence",
      processors: [
        template(["A", "END"], [special("END", [eos, id(deepseek, eos)], [bos, id(deepseek, bos)])]),
        template(["BOS", "A", "BOS"], [special("BOS", [bos, id(deepseek, bos)])], ["BOS", "B", "A", "BOS"]),
      ],
    },
  });
  console.log("post-processor variants written");
}

async function writeReferenceIds(dir, specs) {
  const readLines = (file) => {
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    lines.pop();  // the final newline
    return lines;
  };
  for (const spec of specs) {
    const [name, file, corpus = "corpus.txt"] = spec.split("=");
    const lines = readLines(corpus);
    const tokenizer = await Tokenizer.fromFile(file);
    for (const [suffix, addSpecialTokens] of [["ids", true], ["no_special.ids", false]]) {
      const out = [];
      for (const line of lines) {
        const encoding = await tokenizer.encode(line, null, { addSpecialTokens });
        out.push(encoding.getIds().join(" "));
      }
      fs.writeFileSync(path.join(dir, `${name}.${suffix}`), out.join("\n") + "\n");
    }
    console.log(`reference: ${name}, ${lines.length} lines of ${corpus}, with and without special tokens`);
  }
}

(async () => {
  const args = process.argv.slice(2);
  if (args[0] === "--post-processor-variants") {
    writePostProcessorVariants(...args.slice(1));
  } else {
    await writeReferenceIds(args[0], args.slice(1));
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
