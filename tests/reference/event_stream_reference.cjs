// The AWS SDK's own event-stream codec (@smithy/eventstream-codec) on both sides of our framing,
// driven by event_stream_reference_test.sh:
//   node event_stream_reference.cjs make DIR   writes frames.bin (smithy-encoded messages with every
//                                              header type, payloads of 0..70000 bytes) and
//                                              expected.jsonl (their string headers, payload base64)
//   node event_stream_reference.cjs check DIR  decodes ours.bin (our encoder's frames) through the
//                                              SDK's stream splitter and codec, fed in random chunks,
//                                              and compares it with ours.jsonl
// Both .jsonl files: one line per message, {"string_headers":[[name,value],...],"payload":"<base64>"}.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { EventStreamCodec, Int64 } = require("@smithy/eventstream-codec");
const { getChunkedStream, MessageDecoderStream } = require("@smithy/core/event-streams");
const { toUtf8, fromUtf8 } = require("@smithy/util-utf8");

const codec = new EventStreamCodec(toUtf8, fromUtf8);

// mulberry32: the same frames on every run.
function makeRandom(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = makeRandom(20240607);
const below = (n) => Math.floor(random() * n);
const randomBytes = (n) => Uint8Array.from({ length: n }, () => below(256));
const TEXT = ["", "chunk", "héllo wörld", "日本語のテキスト", "emoji 🚀 ok", "tab\tand\nnewline",
              "\"quoted\" {json}"];
const randomText = (n) => {
  let text = "";
  while (fromUtf8(text).byteLength < n) text += TEXT[below(TEXT.length)] + " ";
  return text;
};

const PAYLOAD_SIZES = [0, 1, 2, 3, 11, 12, 15, 16, 17, 63, 64, 65, 255, 256, 1000, 4095, 4096, 4097, 16384,
                       32767, 32768, 65535, 65536, 65537, 69999, 70000];
const KINDS = [
  () => ({ ":message-type": "event", ":event-type": "chunk", ":content-type": "application/json" }),
  () => ({ ":event-type": "contentBlockDelta", ":message-type": "event" }),
  () => ({ ":message-type": "exception", ":exception-type": "throttlingException" }),
  () => ({ ":message-type": "error", ":error-code": "InternalFailure", ":error-message": randomText(below(300)) }),
  () => ({ "x-only-custom": "no message type" }),
];

// Headers of every type the format has, several times each with edge values, around the kind's.
function headersOf(index) {
  const uuid = [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => "0123456789abcdef"[below(16)]).join(""));
  const before = {
    "bool-true": { type: "boolean", value: true },
    "bool-false": { type: "boolean", value: false },
    byte: { type: "byte", value: [-128, -1, 0, 7, 127][index % 5] },
    short: { type: "short", value: [-32768, -1, 0, 7, 32767][index % 5] },
    integer: { type: "integer", value: [-2147483648, -1, 0, 7, 2147483647][index % 5] },
    long: { type: "long", value: Int64.fromNumber([-(2 ** 53), -1, 0, 7, 2 ** 53][index % 5]) },
    binary: { type: "binary", value: randomBytes([0, 1, 7, 300, 32767][index % 5]) },
  };
  const after = {
    timestamp: { type: "timestamp", value: new Date(1700000000000 + index * 1234567) },
    uuid: { type: "uuid", value: uuid.join("-") },
    "other-string": { type: "string", value: randomText([0, 5, 100, 2000][index % 4]) },
    ["n".repeat(255)]: { type: "boolean", value: index % 2 === 0 },
  };
  const kind = {};
  for (const [name, value] of Object.entries(KINDS[index % KINDS.length]())) kind[name] = { type: "string", value };
  return { ...before, ...kind, ...after };
}

function payloadOf(size, index) {
  if (index % 3 !== 0) return randomBytes(size);
  return fromUtf8(randomText(size)).subarray(0, size);  // mostly text, may end inside a character
}

function make(dir) {
  const frames = [];
  const lines = [];
  let index = 0;
  for (const size of PAYLOAD_SIZES) {
    for (let repeat = 0; repeat < 2; ++repeat, ++index) {
      const headers = headersOf(index);
      const body = payloadOf(size, index);
      frames.push(codec.encode({ headers, body }));
      const strings = Object.entries(headers).filter(([, h]) => h.type === "string").map(([n, h]) => [n, h.value]);
      lines.push(JSON.stringify({ string_headers: strings, payload: Buffer.from(body).toString("base64") }));
    }
  }
  fs.writeFileSync(path.join(dir, "frames.bin"), Buffer.concat(frames));
  fs.writeFileSync(path.join(dir, "expected.jsonl"), lines.join("\n") + "\n");
  console.log(`smithy encoded ${frames.length} messages (${Buffer.concat(frames).length} bytes) into frames.bin`);
}

async function* inRandomChunks(bytes) {
  for (let at = 0; at < bytes.length;) {
    const length = Math.min(below(9000), bytes.length - at);  // empty chunks too
    yield new Uint8Array(bytes.subarray(at, at + length));
    at += length;
  }
}

function compare(message, expected, index) {
  const names = Object.keys(message.headers);
  const problems = [];
  const wanted = expected.string_headers;
  if (names.length !== wanted.length) problems.push(`${names.length} headers, expected ${wanted.length}`);
  wanted.forEach(([name, value], i) => {
    const header = message.headers[name];
    if (names[i] !== name) {
      problems.push(`header ${i} is ${JSON.stringify(names[i])}, expected ${JSON.stringify(name)}`);
    } else if (header.type !== "string" || header.value !== value) {
      problems.push(`header ${name} is ${JSON.stringify(header)}`);
    }
  });
  const payload = Buffer.from(message.body);
  if (!payload.equals(Buffer.from(expected.payload, "base64"))) {
    problems.push(`payload of ${payload.length} bytes differs`);
  }
  return problems.map((problem) => `message ${index + 1}: ${problem}`);
}

async function check(dir) {
  const bytes = fs.readFileSync(path.join(dir, "ours.bin"));
  const lines = fs.readFileSync(path.join(dir, "ours.jsonl"), "utf8").split("\n").filter(Boolean);
  const expected = lines.map((line) => JSON.parse(line));
  // The SDK's own pipeline: its splitter cuts the byte stream into messages, the codec checks them.
  const inputStream = getChunkedStream(inRandomChunks(bytes));
  const messages = new MessageDecoderStream({ inputStream, decoder: codec });
  let count = 0;
  const problems = [];
  for await (const message of messages) {
    if (count < expected.length) problems.push(...compare(message, expected[count], count));
    ++count;
  }
  if (count !== expected.length) problems.push(`${count} messages decoded, expected ${expected.length}`);
  if (problems.length > 0) {
    console.log(`smithy's decoding of ours.bin differs:\n${problems.slice(0, 10).join("\n")}`);
    process.exit(1);
  }
  console.log(`smithy decoded all ${count} of our messages (${bytes.length} bytes) as we encoded them`);
}

const [mode, dir] = process.argv.slice(2);
if (mode === "make") make(dir);
else if (mode === "check") {
  check(dir).catch((error) => {
    console.log(`smithy rejected ours.bin: ${error.message}`);
    process.exit(1);
  });
} else {
  console.error("usage: event_stream_reference.cjs make|check DIR");
  process.exit(2);
}
