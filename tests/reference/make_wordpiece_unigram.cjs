// Builds WordPiece and Unigram tokenizers with Hugging Face's own library (its native binding,
// @anush008/tokenizers) and saves them as tokenizer.json with its own save(), so the reference and
// genai-bench read the very same file. No npm package ships a real BERT-style or SentencePiece
// unigram tokenizer.json; these stand in for bge / e5 / MiniLM (WordPiece behind BERT's normalizer
// and pre-tokenizer) and T5 / XLM-R / bge-m3 (Unigram behind Metaspace), with vocabularies drawn
// from the corpus: whole words, frequent prefixes and "##" suffixes, characters seen at least
// twice (rarer ones stay unknown, so [UNK] and unknown runs are exercised too); unigram scores
// are the log frequency of each substring. Between them they use every normalizer and
// pre-tokenizer genai-bench reads but Precompiled, whose charsmap only SentencePiece makes
// (make_spm_tokenizer.cjs converts a model trained by spm_train).
// It also writes probe.txt (every assigned code point of planes 0-3 and 14, and some private use
// ones, each as "x<c>x") and three probe tokenizers whose vocabulary holds every one of those
// characters: their ids show, character by character, what the reference's character classes
// (control, whitespace, punctuation, numeric, marks, CJK, lowercase) made of it. "Assigned" is
// as of Unicode 14 (ASSIGNED_FILE, one hex code point per line, from Debian's Python): the
// reference's Rust knows Unicode 16 and more, Debian 12's ICU 72 stops at 15, and what later
// versions added (scripts of a few thousand speakers) is out of reach of this build.
// Usage: node make_wordpiece_unigram.cjs DIR ASSIGNED_FILE   (DIR holds corpus.txt)
const fs = require("node:fs");
const path = require("node:path");
const tk = require("@anush008/tokenizers");

const dir = process.argv[2];
// [limit, minimum count] of each kind of vocabulary entry.
const limits = { words: [6000, 1], prefixes: [2000, 3], suffixes: [3000, 3], substrings: [12000, 4] };
const lines = fs.readFileSync(path.join(dir, "corpus.txt"), "utf8").split("\n");
lines.pop();

// Sorted by count, then text (by code unit), so the vocabularies do not depend on map order.
const top = (counts, limit, minimum = 1) =>
  [...counts.entries()]
    .filter(([, count]) => count >= minimum)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit);
const bump = (counts, key, by = 1) => counts.set(key, (counts.get(key) || 0) + by);

function words(normalizer, preTokenizer) {
  const all = [];
  for (const line of lines) {
    for (const [word] of preTokenizer.preTokenizeString(normalizer ? normalizer.normalizeString(line) : line)) all.push(word);
  }
  return all;
}

function wordPieceVocabulary(specials, corpusWords) {
  const wordCounts = new Map(), prefixes = new Map(), suffixes = new Map(), characters = new Map();
  for (const word of corpusWords) {
    const chars = Array.from(word);
    bump(wordCounts, word);
    for (const c of chars) bump(characters, c);
    for (let n = 2; n <= 5 && n < chars.length; ++n) {
      bump(prefixes, chars.slice(0, n).join(""));
      bump(suffixes, "##" + chars.slice(chars.length - n).join(""));
    }
  }
  const vocab = {};
  let size = 0;
  const add = (token) => { if (!(token in vocab)) vocab[token] = size++; };
  specials.forEach(add);
  for (const [c] of top(characters, 100000, 2)) { add(c); add("##" + c); }
  for (const [word] of top(wordCounts, ...limits.words)) add(word);
  for (const [prefix] of top(prefixes, ...limits.prefixes)) add(prefix);
  for (const [suffix] of top(suffixes, ...limits.suffixes)) add(suffix);
  return vocab;
}

function unigramPieces(specials, corpusWords, byteFallback) {
  const counts = new Map(), characters = new Map();
  let total = 0;
  for (const word of corpusWords) {
    const chars = Array.from(word);
    for (const c of chars) bump(characters, c);
    for (let from = 0; from < chars.length; ++from) {
      for (let n = 2; n <= 8 && from + n <= chars.length; ++n) bump(counts, chars.slice(from, from + n).join(""));
    }
  }
  const pieces = specials.map((special) => [special, 0]);
  const seen = new Set(specials);
  const add = (piece, count) => {
    if (seen.has(piece)) return;
    seen.add(piece);
    pieces.push([piece, Math.log(count / total)]);
  };
  const chosen = [...top(characters, 100000, 3), ...top(counts, ...limits.substrings)];
  for (const [, count] of chosen) total += count;
  for (const [piece, count] of chosen) add(piece, count);
  if (byteFallback) {
    for (let byte = 0; byte < 256; ++byte) add(`<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`, 1);
  }
  return pieces;
}

function save(name, tokenizer, patch = (json) => json) {
  const file = path.join(dir, `${name}.json`);
  tokenizer.save(file);
  fs.writeFileSync(file, JSON.stringify(patch(JSON.parse(fs.readFileSync(file, "utf8")))));
}

// bge / e5 / MiniLM (uncased): BERT's normalizer and pre-tokenizer, [CLS] A [SEP].
{
  const normalizer = tk.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true });
  const preTokenizer = tk.bertPreTokenizer();
  const specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
  const vocab = wordPieceVocabulary(specials, words(normalizer, preTokenizer));
  const tokenizer = new tk.Tokenizer(tk.WordPiece.init(vocab, { unkToken: "[UNK]", continuingSubwordPrefix: "##", maxInputCharsPerWord: 100 }));
  tokenizer.setNormalizer(normalizer);
  tokenizer.setPreTokenizer(preTokenizer);
  tokenizer.setPostProcessor(tk.bertProcessing(["[SEP]", vocab["[SEP]"]], ["[CLS]", vocab["[CLS]"]]));
  tokenizer.addSpecialTokens(specials);
  save("wordpiece_bert", tokenizer);
}

// Cased, accents kept, a short max_input_chars_per_word; CharDelimiterSplit, Whitespace, Digits.
{
  const normalizer = tk.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false });
  const preTokenizer = tk.sequencePreTokenizer([tk.charDelimiterSplit("-"), tk.whitespacePreTokenizer(), tk.digitsPreTokenizer(true)]);
  const specials = ["[UNK]", "[CLS]", "[SEP]"];
  const vocab = wordPieceVocabulary(specials, words(normalizer, preTokenizer));
  const tokenizer = new tk.Tokenizer(tk.WordPiece.init(vocab, { unkToken: "[UNK]", continuingSubwordPrefix: "##", maxInputCharsPerWord: 12 }));
  tokenizer.setNormalizer(normalizer);
  tokenizer.setPreTokenizer(preTokenizer);
  tokenizer.setPostProcessor(tk.templateProcessing("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", [["[CLS]", vocab["[CLS]"]], ["[SEP]", vocab["[SEP]"]]]));
  tokenizer.addSpecialTokens(specials);
  save("wordpiece_cased", tokenizer);
}

// T5-like: Strip, a regex Replace of runs of spaces, NFKC; WhitespaceSplit then Metaspace; "A </s>".
{
  const normalizer = tk.sequenceNormalizer([tk.stripNormalizer(true, true), tk.replace("  ", " "), tk.nfkcNormalizer()]);
  const preTokenizer = tk.sequencePreTokenizer([tk.whitespaceSplitPreTokenizer(), tk.metaspacePreTokenizer("\u2581", "always")]);
  const specials = ["<pad>", "</s>", "<unk>"];
  const tokenizer = new tk.Tokenizer(tk.Unigram.init(unigramPieces(specials, words(normalizer, preTokenizer), false), { unkId: 2 }));
  tokenizer.setNormalizer(normalizer);
  tokenizer.setPreTokenizer(preTokenizer);
  tokenizer.setPostProcessor(tk.templateProcessing("$A </s>", "$A </s> $B </s>", [["</s>", 1]]));
  tokenizer.addSpecialTokens(specials);
  // The binding makes String patterns only; T5's and XLM-R's files replace the regex " {2,}".
  save("unigram_t5", tokenizer, (json) => {
    json.normalizer.normalizers[1].pattern = { Regex: " {2,}" };
    return json;
  });
}

// XLM-R-like with byte fallback: NFD, StripAccents, Lowercase; Punctuation, Digits, Metaspace.
{
  const normalizer = tk.sequenceNormalizer([tk.nfdNormalizer(), tk.stripAccentsNormalizer(), tk.lowercase()]);
  const preTokenizer = tk.sequencePreTokenizer([tk.punctuationPreTokenizer("contiguous"), tk.digitsPreTokenizer(false),
                                                tk.metaspacePreTokenizer("\u2581", "first")]);
  const specials = ["<s>", "<pad>", "</s>", "<unk>"];
  const tokenizer = new tk.Tokenizer(tk.Unigram.init(unigramPieces(specials, words(normalizer, preTokenizer), true), { unkId: 3, byteFallback: true }));
  tokenizer.setNormalizer(normalizer);
  tokenizer.setPreTokenizer(preTokenizer);
  tokenizer.setPostProcessor(tk.robertaProcessing(["</s>", 2], ["<s>", 0], true, true));
  tokenizer.addSpecialTokens(specials);
  save("unigram_bytes", tokenizer);
}

// The probes: every code point of planes 0-3 and 14 (surrogates excepted), and the first and last
// 256 of each private use plane.
{
  const assigned = new Set(fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean).map((hex) => parseInt(hex, 16)));
  const codePoints = [];
  const range = (from, to) => { for (let c = from; c <= to; ++c) if (assigned.has(c)) codePoints.push(c); };
  range(0x1, 0x3ffff);
  range(0xe0000, 0xeffff);
  range(0xf0000, 0xf00ff);
  range(0x10ff00, 0x10fffd);
  const probe = [];
  for (let at = 0; at < codePoints.length; at += 32) {
    probe.push(codePoints.slice(at, at + 32).map((c) => "x" + String.fromCodePoint(c) + "x").join(" ").replace(/[\n\r]/g, " "));
  }
  fs.writeFileSync(path.join(dir, "probe.txt"), probe.join("\n") + "\n");
  const vocab = { "[UNK]": 0 };
  let size = 1;
  for (const c of codePoints) {
    const text = String.fromCodePoint(c);
    vocab[text] = size++;
    vocab["##" + text] = size++;
  }
  const probeTokenizer = (name, normalizer, preTokenizer) => {
    const tokenizer = new tk.Tokenizer(tk.WordPiece.init(vocab, { unkToken: "[UNK]" }));
    tokenizer.setNormalizer(normalizer);
    tokenizer.setPreTokenizer(preTokenizer);
    save(name, tokenizer);
  };
  probeTokenizer("probe_bert", tk.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }), tk.bertPreTokenizer());
  probeTokenizer("probe_marks_digits", tk.stripAccentsNormalizer(),
                 tk.sequencePreTokenizer([tk.digitsPreTokenizer(true), tk.punctuationPreTokenizer("isolated"), tk.whitespaceSplitPreTokenizer()]));
  probeTokenizer("probe_words", tk.sequenceNormalizer([tk.lowercase(), tk.stripNormalizer(true, true)]), tk.whitespacePreTokenizer());
}
console.log("WordPiece, Unigram and probe tokenizers written");
