// Builds the tiktoken reference for tiktoken_reference_test.sh: the rank files of cl100k_base
// and o200k_base as js-tiktoken ships them, a corpus of >= 1 MB of varied text (one case per
// line), and js-tiktoken's token ids for every line. Usage: node make_tiktoken_reference.mjs DIR
//
// Invalid UTF-8: the corpus ends with lines holding malformed bytes (truncated, overlong,
// surrogate, past U+10FFFF, stray continuation bytes). Every reference reads the file as a
// JavaScript string, so each maximal ill-formed subpart becomes one U+FFFD (the WHATWG and
// Unicode rule, as Python's errors="replace" does too); genai-bench must read them the same way.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";

const out = process.argv[2];

// js-tiktoken's compact ranks ("<marker> <first rank> <base64 token>..." per line) as a standard
// .tiktoken file ("<base64 token> <rank>" per line).
function rankFile(ranks) {
  const lines = [];
  for (const line of ranks.bpe_ranks.split("\n").filter(Boolean)) {
    const [, offset, ...tokens] = line.split(" ");
    tokens.forEach((token, i) => lines.push(`${token} ${Number.parseInt(offset, 10) + i}`));
  }
  return lines.join("\n") + "\n";
}

// A seeded generator, so the corpus is the same on every machine.
let state = 20261122;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const fragments = [
  "The quick brown fox jumps over the lazy dog.", "Don't stop; I'LL be there, you're sure?",
  "She said: \"It's 3:45 p.m.\" — and left.", "HTTP/1.1 200 OK; content-type: text/event-stream",
  "Hôm nay trời đẹp quá, chúng ta đi dạo quanh hồ Hoàn Kiếm nhé.", "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ đ ơ ư ỡ ự ỹ",
  "Người ta thường nói: “Có công mài sắt, có ngày nên kim.”", "机器学习模型的推理速度取决于批处理大小和显存带宽。",
  "我们今天去北京大学参观，然后吃烤鸭。", "日本語のテキスト：東京は今日も晴れです。カタカナとひらがな。",
  "大規模言語モデルのベンチマークを実行しています。", "مرحبا بالعالم، هذا نص عربي للاختبار مع أرقام ١٢٣٤٥",
  "Привет, мир! Это проверка токенизатора.", "Γειά σου κόσμε — ελληνικά γράμματα.", "हिन्दी पाठ का परीक्षण: नमस्ते दुनिया",
  "emoji: 😀😃😄 👨‍👩‍👧‍👦 👍🏽 🇻🇳🇯🇵 ❤️‍🔥 🧑🏻‍💻", "combining: e\u0301 a\u0300 n\u0303 — precomposed: é à ñ",
  "nbsp:\u00a0here\u2003em\u2009thin\u200bzero-width", "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
  "def f(x):\n", "    return {\"key\": [1, 2, 3], 'other': None}", "std::vector<std::pair<int, std::string>> items;",
  "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;", "https://example.com/path?query=1&x=%20y#frag",
  "x = 1_000_000 + 0xFF - 3.14159e-10", "<div class=\"a\">&amp;&lt;&gt;</div>", "C:\\Program Files\\app\\bin",
  "tab\tseparated\tvalues\there", "MIXEDCase camelCase snake_case kebab-case PascalCase",
  "!!!??? ... --- *** ### $$$ %%% ^^^ &&&", "'s 't 're 've 'm 'll 'd 'S 'T 'RE 'VE 'M 'LL 'D",
  // Compatibility characters, which NFKC folds: ligatures, full-width and half-width forms,
  // circled and super/subscript digits, units, fractions, roman numerals.
  "ﬁnance ﬂow ﬀ Ａｌｐｈａ１２３ ｶﾀｶﾅ ①②③ x²+y³ H₂O ㎏ ㎞ ½ ¼ ™ Ⅻ ℃ …",
  // Added and special tokens of the tokenizers under test, written in the text: Hugging Face
  // tokenizers match them as their tokens, tiktoken (encode_ordinary) reads them as text.
  "<|endoftext|> <|im_start|>user\nhi<|im_end|> <think>x</think> <s>[INST] hi [/INST]</s>",
  "<start_of_turn>user<end_of_turn> <unused7> <mask> <｜User｜>hi<｜Assistant｜> <|begin_of_text|>",
];
const numbers = () => String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 15))));
const spaces = () => " ".repeat(1 + Math.floor(random() * 40));

const lines = [];
let bytes = 0;
while (bytes < 1_100_000) {
  const parts = [];
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const kind = random();
    if (kind < 0.7) parts.push(pick(fragments));
    else if (kind < 0.8) parts.push(numbers());
    else if (kind < 0.9) parts.push(spaces());
    else parts.push(pick(fragments).toUpperCase());
  }
  const line = parts.join(random() < 0.8 ? " " : "").replace(/\n/g, "");
  lines.push(line);
  bytes += Buffer.byteLength(line) + 1;
}
const invalid = [
  [0x63, 0x61, 0x66, 0xc3, 0x20, 0x65, 0x6e, 0x64],           // "caf" + truncated 2-byte + " end"
  [0x80, 0xbf, 0x41, 0xbf, 0xbf, 0x42],                       // stray continuation bytes
  [0xe2, 0x82, 0x41, 0xe2, 0x82, 0xac, 0xe2],                 // truncated 3-byte, a valid €, a lone lead
  [0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xf0, 0x80, 0x80, 0xaf],     // overlong forms
  [0xed, 0xa0, 0x80, 0x20, 0xed, 0xbf, 0xbf],                 // UTF-16 surrogates
  [0xf4, 0x90, 0x80, 0x80, 0xf5, 0xff, 0xfe, 0x20, 0x78],     // past U+10FFFF, never-valid bytes
  [0xf0, 0x9f, 0x98, 0x20, 0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f], // truncated 4-byte, 😀, truncated
  [0x54, 0x69, 0xe1, 0xba, 0x20, 0x56, 0x69, 0xe1, 0xbb, 0x87, 0x74], // Vietnamese with a cut ế
];
const corpus = Buffer.concat([Buffer.from(lines.join("\n") + "\n"),
                              ...invalid.map((bytes) => Buffer.from([...bytes, 0x0a]))]);
writeFileSync(join(out, "corpus.txt"), corpus);
lines.splice(0, lines.length, ...readFileSync(join(out, "corpus.txt"), "utf8").split("\n").slice(0, -1));

for (const [name, ranks] of [["cl100k_base", cl100k], ["o200k_base", o200k]]) {
  writeFileSync(join(out, `${name}.tiktoken`), rankFile(ranks));
  const encoder = new Tiktoken(ranks);
  // Ordinary text: no special tokens are allowed or disallowed (the corpus holds none).
  const ids = lines.map((line) => encoder.encode(line, [], []).join(" "));
  writeFileSync(join(out, `${name}.ids`), ids.join("\n") + "\n");
}
console.log(`reference: ${lines.length} lines, ${bytes} bytes, written to ${out}`);
