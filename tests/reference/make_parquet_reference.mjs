// Writes the Parquet files of parquet_reference_test.sh with a real writer, and checks our reader's
// dump of them against the values that were written.
//   node make_parquet_reference.mjs write DIR          DIR/NAME.parquet for every writer setting
//       (parquet-wasm, which is arrow-rs: each codec, dictionary on/off, writer version 1/2, the
//       delta and byte-stream-split encodings), DIR/names.txt, DIR/columns.txt and
//       DIR/expected.json (each leaf column's rows as the reader must give them). Every file is
//       read back with hyparquet, an independent reader, so the files hold what we think.
//   node make_parquet_reference.mjs compare DIR DUMP    DUMP is parquet_dump's output for a file
//   node make_parquet_reference.mjs big FILE ROWS       a large snappy file for timing
import fs from 'node:fs';
import path from 'node:path';
import { vectorFromArray, Table, Schema, Field, Utf8, Binary, FixedSizeBinary, Struct, List, Int64, Int32, Bool,
         Float32, Float64, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

// A deterministic generator, so the files are the same on every run.
// mulberry32: 32-bit integer steps, exact in JavaScript's doubles.
let seed = 12345;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];
const integer = (n) => Math.floor(random() * n);

const unicode = ['héllo wörld', '日本語のテキストです', 'emoji 🎉👍🏽 mixed', 'Ελληνικά', 'مرحبا بالعالم', 'tab\tand\nnewline',
                 'quote " backslash \\', '\u0000nul byte', 'Ünïcödé ñ'];
function text() {
  const choice = integer(4);
  if (choice === 0) return pick(unicode);
  if (choice === 1) return 'repeated prompt ' + integer(20);  // few distinct values: dictionary material
  let s = '';
  const length = integer(300);
  while (s.length < length) s += pick(['the ', 'quick ', 'brown ', 'fox ', 'jumps ', 'über ', '🦊 ', 'lazy ', 'dog. ']);
  return s;
}
const maybe = (every, value) => (integer(every) === 0 ? null : value());

const imageType = new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]);
const messageType = new Struct([new Field('role', new Utf8(), true), new Field('content', new Utf8(), true)]);
const int64Extremes = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n];
const int32Extremes = [-(2 ** 31), 2 ** 31 - 1, 0, -1];
const doubleSamples = [0, -0, 0.1, 1e-7, 5e-324, 1.7976931348623157e308, -123.456, 1e21, 2 ** 53 + 2, 1 / 3];

function makeRows(count) {
  const rows = [];
  for (let i = 0; i < count; ++i) {
    rows.push({
      text: integer(11) === 0 ? '' : maybe(7, text),
      required_text: 'row ' + i,
      image: maybe(9, () => ({ bytes: maybe(6, () => Uint8Array.from({ length: integer(64) }, () => integer(256))),
                               path: maybe(5, () => `img/${i}.png`) })),
      messages: integer(5) === 0 ? [] : maybe(13, () => Array.from({ length: 1 + integer(4) }, () =>
        maybe(10, () => ({ role: pick(['system', 'user', 'assistant']), content: integer(12) === 0 ? '' : maybe(8, text) })))),
      tags: maybe(6, () => Array.from({ length: integer(4) }, () => maybe(7, () => pick(['a', 'b', 'ç', 'long tag ' + i])))),
      id: maybe(8, () => (integer(10) === 0 ? pick(int64Extremes) : BigInt(integer(2 ** 31)) * BigInt(integer(2 ** 31) - 2 ** 30) + BigInt(i))),
      count: maybe(8, () => (integer(10) === 0 ? pick(int32Extremes) : integer(2 ** 20) - 2 ** 19)),
      flag: maybe(5, () => random() < 0.5),
      score: maybe(8, () => (integer(4) === 0 ? pick(doubleSamples) : (random() - 0.5) * 10 ** (integer(30) - 15))),
      ratio: maybe(8, () => Math.fround((random() - 0.5) * 10 ** (integer(10) - 5))),
      fixed: maybe(8, () => Uint8Array.from({ length: 4 }, () => integer(256))),
    });
  }
  return rows;
}

const fields = [
  new Field('text', new Utf8(), true), new Field('required_text', new Utf8(), false), new Field('image', imageType, true),
  new Field('messages', new List(new Field('element', messageType, true)), true),
  new Field('tags', new List(new Field('element', new Utf8(), true)), true), new Field('id', new Int64(), true),
  new Field('count', new Int32(), true), new Field('flag', new Bool(), true), new Field('score', new Float64(), true),
  new Field('ratio', new Float32(), true), new Field('fixed', new FixedSizeBinary(4), true),
];

function writeFile(rows, settings) {
  const vectors = {};
  for (const field of fields) vectors[field.name] = vectorFromArray(rows.map((row) => row[field.name]), field.type);
  const table = new Table(new Schema(fields), vectors);
  let builder = new parquet.WriterPropertiesBuilder().setCompression(settings.codec).setWriterVersion(settings.version)
    .setDictionaryEnabled(settings.dictionary).setMaxRowGroupSize(settings.rowGroupSize ?? 700)
    .setDataPageSizeLimit(settings.pageSize ?? 2048).setDictionaryPageSizeLimit(4096).setWriteBatchSize(128);
  for (const [column, encoding] of Object.entries(settings.encodings ?? {})) builder = builder.setColumnEncoding(column, encoding);
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), builder.build());
}

// The leaf columns and what our reader must give for each row: bytes (as hex) for strings, binary
// and numbers' text; numbers for FLOAT and DOUBLE, whose text is checked by reading it back.
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const textHex = (value) => hex(Buffer.from(String(value), 'utf8'));
const leaves = {
  'text': (row) => (row.text == null ? [] : [textHex(row.text)]),
  'required_text': (row) => [textHex(row.required_text)],
  'image.bytes': (row) => (row.image?.bytes == null ? [] : [hex(row.image.bytes)]),
  'image.path': (row) => (row.image?.path == null ? [] : [textHex(row.image.path)]),
  'messages.list.element.role': (row) => (row.messages ?? []).filter((m) => m?.role != null).map((m) => textHex(m.role)),
  'messages.list.element.content': (row) => (row.messages ?? []).filter((m) => m?.content != null).map((m) => textHex(m.content)),
  'tags.list.element': (row) => (row.tags ?? []).filter((t) => t != null).map(textHex),
  'id': (row) => (row.id == null ? [] : [textHex(row.id)]),
  'count': (row) => (row.count == null ? [] : [textHex(row.count)]),
  'flag': (row) => (row.flag == null ? [] : [textHex(row.flag)]),
  'score': (row) => (row.score == null ? [] : [numberText(row.score)]),
  'ratio': (row) => (row.ratio == null ? [] : [numberText(row.ratio)]),
  'fixed': (row) => (row.fixed == null ? [] : [hex(row.fixed)]),
};
// JSON has no -0; written as text, numbers keep it.
const numberText = (value) => (Object.is(value, -0) ? '-0' : String(value));
const numberLeaves = { score: (text) => Number(text), ratio: (text) => Math.fround(Number(text)) };
const expectedOf = (rows) => Object.fromEntries(Object.entries(leaves).map(([leaf, of]) => [leaf, rows.map(of)]));

// hyparquet's rows, normalised to the shapes the generator made (bigint and number as given).
async function readWithHyparquet(bytes) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return parquetReadObjects({ file: buffer, compressors, utf8: false });
}

const C = parquet.Compression;
const E = parquet.Encoding;
function settingsList() {
  const list = [];
  const codecs = { uncompressed: C.UNCOMPRESSED, snappy: C.SNAPPY, gzip: C.GZIP, brotli: C.BROTLI, lz4: C.LZ4, zstd: C.ZSTD,
                   lz4_raw: C.LZ4_RAW };
  for (const [codecName, codec] of Object.entries(codecs)) {
    for (const version of [1, 2]) {
      for (const dictionary of [true, false]) {
        list.push({ name: `${codecName}_v${version}_${dictionary ? 'dict' : 'plain'}`, codec, dictionary,
                    version: version === 1 ? parquet.WriterVersion.V1 : parquet.WriterVersion.V2 });
      }
    }
  }
  const encodings = { text: E.DELTA_BYTE_ARRAY, required_text: E.DELTA_LENGTH_BYTE_ARRAY, id: E.DELTA_BINARY_PACKED,
                      count: E.DELTA_BINARY_PACKED, score: E.BYTE_STREAM_SPLIT, ratio: E.BYTE_STREAM_SPLIT,
                      fixed: E.DELTA_BYTE_ARRAY, flag: E.RLE };
  for (const version of [1, 2]) {
    for (const [codecName, codec] of [['uncompressed', C.UNCOMPRESSED], ['zstd', C.ZSTD]]) {
      list.push({ name: `delta_${codecName}_v${version}`, codec, dictionary: false, encodings,
                  version: version === 1 ? parquet.WriterVersion.V1 : parquet.WriterVersion.V2 });
    }
  }
  // One row group, pages as large as the writer likes: the shapes of pyarrow's defaults.
  list.push({ name: 'snappy_v1_one_group', codec: C.SNAPPY, dictionary: true, version: parquet.WriterVersion.V1,
              rowGroupSize: 1 << 20, pageSize: 1 << 20 });
  return list;
}

function canonical(value) {
  return JSON.stringify(value, (key, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? hex(v) : v));
}

async function write(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const rows = makeRows(2500);
  const expected = expectedOf(rows);
  const names = [];
  for (const settings of settingsList()) {
    const bytes = writeFile(rows, settings);
    fs.writeFileSync(path.join(dir, settings.name + '.parquet'), bytes);
    const again = expectedOf(await readWithHyparquet(bytes));
    for (const leaf of Object.keys(leaves)) {
      if (canonical(again[leaf]) !== canonical(expected[leaf])) {
        const row = again[leaf].findIndex((value, i) => canonical(value) !== canonical(expected[leaf][i]));
        throw new Error(`${settings.name}: hyparquet reads ${leaf} row ${row} as ${canonical(again[leaf][row])}, ` +
                        `written ${canonical(expected[leaf][row])}`);
      }
    }
    names.push(settings.name);
  }
  fs.writeFileSync(path.join(dir, 'names.txt'), names.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'columns.txt'), Object.keys(leaves).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'expected.json'), canonical(expected));
  console.log(`wrote ${names.length} files of ${rows.length} rows, each read back identically by hyparquet`);
}

// parquet_dump's blocks: "column PATH", then a JSON array of hex values per row.
function parseDump(text) {
  const columns = {};
  let current = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('column ')) columns[current = line.slice(7)] = [];
    else if (line !== '') columns[current].push(JSON.parse(line));
  }
  return columns;
}

function compare(dir, dumpFile) {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const ours = parseDump(fs.readFileSync(dumpFile, 'utf8'));
  const problems = [];
  for (const [leaf, rows] of Object.entries(expected)) {
    const got = ours[leaf];
    if (!got) { problems.push(`${leaf}: missing from the dump`); continue; }
    if (got.length !== rows.length) { problems.push(`${leaf}: ${got.length} rows, written ${rows.length}`); continue; }
    const toNumber = numberLeaves[leaf];
    const row = rows.findIndex((values, i) => got[i].length !== values.length || values.some((value, j) => (toNumber
      ? !Object.is(toNumber(Buffer.from(got[i][j], 'hex').toString()), Number(value)) : got[i][j] !== value)));
    if (row >= 0) {
      const show = (values, written) => JSON.stringify(values.map((v) => (toNumber && written ? v : Buffer.from(v, 'hex').toString())));
      problems.push(`${leaf} row ${row}: read ${show(got[row], false)}, written ${show(rows[row], true)}`);
    }
  }
  return problems;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'write') {
  await write(args[0]);
} else if (mode === 'compare') {
  const problems = compare(args[0], args[1]);
  for (const problem of problems) console.log('  ' + problem);
  process.exit(problems.length === 0 ? 0 : 1);
} else if (mode === 'big') {
  // Prompt-like rows of 100 to 1,100 bytes from a vocabulary large enough that snappy saves
  // little, in pyarrow's default layout (snappy, dictionary tried first, 1 MiB pages).
  const vocabulary = Array.from({ length: 20000 }, () => Array.from({ length: 2 + integer(9) },
    () => String.fromCharCode(97 + integer(26))).join(''));
  const prompt = () => { let s = ''; const length = 100 + integer(1000); while (s.length < length) s += pick(vocabulary) + ' '; return s; };
  const count = Number(args[1]);
  const bigFields = [new Field('id', new Int64(), false), new Field('text', new Utf8(), true)];
  const table = new Table(new Schema(bigFields), {
    id: vectorFromArray(Array.from({ length: count }, (_, i) => BigInt(i)), new Int64()),
    text: vectorFromArray(Array.from({ length: count }, () => maybe(50, prompt)), new Utf8()),
  });
  const properties = new parquet.WriterPropertiesBuilder().setCompression(C.SNAPPY).setWriterVersion(parquet.WriterVersion.V1)
    .setMaxRowGroupSize(100000).build();
  fs.writeFileSync(args[0], parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), properties));
} else {
  console.error('usage: make_parquet_reference.mjs write DIR | compare DIR DUMP | big FILE ROWS');
  process.exit(2);
}
