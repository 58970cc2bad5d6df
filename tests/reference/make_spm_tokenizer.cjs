// Turns a real SentencePiece unigram model (spm_unigram.model, trained by spm_train with its
// nmt_nfkc normalization rule) into tokenizer.json files with Hugging Face's own library (its
// native binding, @anush008/tokenizers), saved with its own save():
// - unigram_xlmr_spm: as transformers' convert_slow_tokenizer.py (XLMRobertaConverter) converts
//   XLM-R, bge-m3 and multilingual-e5: the pieces behind <s> <pad> </s> <unk> and before <mask>,
//   the normalizer Sequence [Precompiled (the model's charsmap), Replace " {2,}" -> " "],
//   Metaspace, "<s> $A </s>";
// - probe_charsmap: the same charsmap alone before a WordPiece vocabulary of every character of
//   probe.txt (make_wordpiece_unigram.cjs: every assigned code point, each as "x<c>x"), so the
//   probe shows what the charsmap made of each character; probe_graphemes.txt holds each one again
//   followed by U+0301 (2 bytes) and by U+200D (3 bytes, a space to nmt_nfkc), clusters of 3 to 7
//   bytes either side of the 6 below which Hugging Face rewrites a whole cluster by its first rule.
// The model is a protobuf ModelProto, read here by hand: pieces (1) {piece 1, score 2, type 3}
// and normalizer_spec (3) {name 1, precompiled_charsmap 2} (src/sentencepiece_model.proto).
// Usage: node make_spm_tokenizer.cjs DIR   (DIR holds spm_unigram.model and probe.txt)
const fs = require("node:fs");
const path = require("node:path");
const tk = require("@anush008/tokenizers");

const dir = process.argv[2];

// The fields of one protobuf message: [field number, wire type, value], the value a Number
// (varint), a Buffer (length-delimited) or the 4 or 8 raw bytes (fixed32, fixed64).
function* fields(buffer) {
  let at = 0;
  const varint = () => {
    let value = 0n, shift = 0n;
    for (;;) {
      const byte = buffer[at++];
      if (byte === undefined) throw new Error("protobuf: varint past the end");
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  const take = (length) => {
    if (at + length > buffer.length) throw new Error("protobuf: field past the end");
    at += length;
    return buffer.subarray(at - length, at);
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const [field, wireType] = [key >>> 3, key & 7];
    if (wireType === 0) yield [field, wireType, Number(BigInt.asUintN(64, varint()))];
    else if (wireType === 1) yield [field, wireType, take(8)];
    else if (wireType === 2) yield [field, wireType, take(Number(varint()))];
    else if (wireType === 5) yield [field, wireType, take(4)];
    else throw new Error(`protobuf: wire type ${wireType} of field ${field} not supported`);
  }
}

function readModel(file) {
  const pieces = [];
  let charsmap = Buffer.alloc(0), ruleName = "";
  for (const [field, , value] of fields(fs.readFileSync(file))) {
    if (field === 1) {
      const piece = { piece: "", score: 0, type: 1 };  // the proto's defaults
      for (const [number, , part] of fields(value)) {
        if (number === 1) piece.piece = part.toString("utf8");
        else if (number === 2) piece.score = part.readFloatLE(0);
        else if (number === 3) piece.type = part;
      }
      pieces.push(piece);
    } else if (field === 3) {
      for (const [number, , part] of fields(value)) {
        if (number === 1) ruleName = part.toString("utf8");
        else if (number === 2) charsmap = part;
      }
    }
  }
  return { pieces, charsmap, ruleName };
}

function save(name, tokenizer, patch = (json) => json) {
  const file = path.join(dir, `${name}.json`);
  tokenizer.save(file);
  fs.writeFileSync(file, JSON.stringify(patch(JSON.parse(fs.readFileSync(file, "utf8")))));
}

const { pieces, charsmap, ruleName } = readModel(path.join(dir, "spm_unigram.model"));
// spm_train's defaults put <unk> <s> </s> first, as XLMRobertaConverter expects (it drops them).
if (pieces.length < 4 || pieces[0].type !== 2 || pieces[1].type !== 3 || pieces[2].type !== 3 || charsmap.length === 0) {
  throw new Error(`spm_unigram.model: expected <unk> <s> </s> first and a charsmap (${pieces.length} pieces, rule ${ruleName})`);
}

// XLMRobertaConverter: vocab, unk_id 3, the SpmConverter normalizer of XLM-R's era, Metaspace.
{
  const vocab = [["<s>", 0], ["<pad>", 0], ["</s>", 0], ["<unk>", 0],
                 ...pieces.slice(3).map(({ piece, score }) => [piece, score]), ["<mask>", 0]];
  const tokenizer = new tk.Tokenizer(tk.Unigram.init(vocab, { unkId: 3 }));
  tokenizer.setNormalizer(tk.sequenceNormalizer([tk.precompiled([...charsmap]), tk.replace("  ", " ")]));
  tokenizer.setPreTokenizer(tk.metaspacePreTokenizer("\u2581", "always"));
  tokenizer.setPostProcessor(tk.templateProcessing("<s> $A </s>", "<s> $A </s> </s> $B </s>", [["<s>", 0], ["</s>", 2]]));
  tokenizer.addSpecialTokens(["<s>", "<pad>", "</s>", "<unk>", "<mask>"]);
  // The binding makes String patterns only; the converted files replace the regex " {2,}".
  save("unigram_xlmr_spm", tokenizer, (json) => {
    json.normalizer.normalizers[1].pattern = { Regex: " {2,}" };
    return json;
  });
}

// The charsmap probe: every character of probe.txt (and "##" + it) in the vocabulary.
{
  const characters = new Set(fs.readFileSync(path.join(dir, "probe.txt"), "utf8"));
  characters.delete(" ");
  characters.delete("\n");
  const vocab = { "[UNK]": 0 };
  let size = 1;
  for (const text of [...characters].sort((a, b) => a.codePointAt(0) - b.codePointAt(0))) {
    vocab[text] = size++;
    vocab["##" + text] = size++;
  }
  const words = Object.keys(vocab).filter((token) => token !== "[UNK]" && !token.startsWith("##"))
    .flatMap((c) => ["x" + c + "\u0301x", "x" + c + "\u200dx"]);
  const lines = [];
  for (let at = 0; at < words.length; at += 32) lines.push(words.slice(at, at + 32).join(" "));
  fs.writeFileSync(path.join(dir, "probe_graphemes.txt"), lines.join("\n") + "\n");
  const tokenizer = new tk.Tokenizer(tk.WordPiece.init(vocab, { unkToken: "[UNK]" }));
  tokenizer.setNormalizer(tk.precompiled([...charsmap]));
  tokenizer.setPreTokenizer(tk.whitespaceSplitPreTokenizer());
  save("probe_charsmap", tokenizer);
}
console.log(`SentencePiece tokenizers written (${pieces.length} pieces, ${ruleName} charsmap of ${charsmap.length} bytes)`);
