// Shared by storage_s3_check.cjs and storage_azure_check.cjs (storage_reference_test.sh): the local
// folder as a list of files with SHA-256s, the objects an upload of it must produce, the content type
// the README (Uploading results) gives each file, and the checks of the folder after an upload (intact, with
// one more "uploads" entry in experiment.json).
// As a command: node storage_reference_common.cjs intact BEFORE AFTER ok|failed PROVIDER [DESTINATION]
//   BEFORE is a copy of the folder taken before the upload, AFTER the folder itself: the same files,
//   every one but experiment.json byte-identical, experiment.json the same but for one more
//   "uploads" entry with that status and provider (files/bytes those of BEFORE when ok).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');

const sha256Hex = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// Every regular file under dir: [{rel ('/' separated), size, sha256, bytes}], sorted by rel.
function listFiles(dir) {
  const files = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) {
        const bytes = fs.readFileSync(path.join(dir, rel));
        files.push({ rel, size: bytes.length, sha256: sha256Hex(bytes), bytes });
      }
    }
  };
  walk('');
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

// The content types the README (Uploading results) lists.
const TYPES = {
  '.json': 'application/json', '.jsonl': 'application/x-ndjson', '.csv': 'text/csv', '.html': 'text/html',
  '.png': 'image/png', '.svg': 'image/svg+xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.log': 'text/plain', '.txt': 'text/plain', '.gp': 'text/plain',
};
const contentType = (rel) => TYPES[path.extname(rel).toLowerCase()] ?? 'application/octet-stream';
// "text/plain; charset=utf-8" -> "text/plain"
const mediaType = (value) => String(value ?? '').split(';')[0].trim().toLowerCase();

// experiment.json without its last "uploads" entry (the key dropped when that was the only one).
function withoutLastUpload(json) {
  const copy = structuredClone(json);
  if (Array.isArray(copy.uploads) && copy.uploads.length) {
    copy.uploads.pop();
    if (!copy.uploads.length) delete copy.uploads;
  }
  return copy;
}

// The objects uploading `local` (a folder, or a copy of it) as `name` under `prefix` must produce:
// Map key -> file. With entryAdded, local/experiment.json has one "uploads" entry more than the copy
// that was uploaded (each upload adds it after uploading). With logAppended, local/genai_bench.log
// went on after the upload (benchmark --upload-results logs the upload's console lines there too):
// the copy uploaded is the start of it, and what follows is lines about the upload.
function expectedObjects(local, prefix, name, { entryAdded = false, logAppended = false } = {}) {
  const objects = new Map();
  for (const file of listFiles(local)) {
    const key = [prefix, name, file.rel].filter(Boolean).join('/');
    if (entryAdded && file.rel === 'experiment.json') file.uploadedJson = withoutLastUpload(JSON.parse(file.bytes));
    if (logAppended && file.rel === 'genai_bench.log') file.logAppended = true;
    objects.set(key, file);
  }
  return objects;
}

// null when `bytes` (an object read back) is what `file` must have been uploaded as, else the reason.
function compareObject(file, bytes) {
  if (file.uploadedJson !== undefined) {
    let json;
    try {
      json = JSON.parse(bytes);
    } catch {
      return 'experiment.json read back is not JSON';
    }
    return isDeepStrictEqual(json, file.uploadedJson) ? null
      : 'experiment.json read back is not the local one without its last "uploads" entry';
  }
  if (file.logAppended) {
    if (bytes.length > file.size || !bytes.equals(file.bytes.subarray(0, bytes.length))) return 'the log read back is not the start of the local one';
    const after = file.bytes.subarray(bytes.length).toString('utf8').split('\n').filter(Boolean);
    const other = after.filter((line) => !/upload/i.test(line));
    return other.length ? `the local log went on after the upload with lines not about the upload: ${JSON.stringify(other[0])}` : null;
  }
  if (bytes.length !== file.size) return `${bytes.length} bytes read back, the file has ${file.size}`;
  if (sha256Hex(bytes) !== file.sha256) return 'the bytes read back differ from the file (SHA-256)';
  return null;
}

// Compares the listing of everything under the prefix with the expected objects; returns problems.
function compareListing(expected, listed) {
  const problems = [];
  const names = new Set(listed);
  for (const key of expected.keys()) if (!names.has(key)) problems.push(`missing: ${key}`);
  for (const key of listed) if (!expected.has(key)) problems.push(`extra object: ${key}`);
  return problems;
}

function intact(before, after, want, provider, destination) {
  const problems = [];
  const old = listFiles(before);
  const now = new Map(listFiles(after).map((file) => [file.rel, file]));
  const oldNames = new Set(old.map((file) => file.rel));
  for (const rel of now.keys()) if (!oldNames.has(rel)) problems.push(`new file in the folder: ${rel}`);
  for (const file of old) {
    const current = now.get(file.rel);
    if (!current) { problems.push(`file gone from the folder: ${file.rel}`); continue; }
    if (file.rel !== 'experiment.json') {
      if (current.sha256 !== file.sha256) problems.push(`file changed: ${file.rel}`);
      continue;
    }
    let was, is;
    try {
      was = JSON.parse(file.bytes);
      is = JSON.parse(current.bytes);
    } catch {
      problems.push('experiment.json is not JSON');
      continue;
    }
    const count = (json) => (Array.isArray(json.uploads) ? json.uploads.length : 0);
    if (count(is) !== count(was) + 1) {
      problems.push(`experiment.json has ${count(is)} "uploads" entries, ${count(was)} before: want one more`);
      continue;
    }
    if (!isDeepStrictEqual(withoutLastUpload(is), was)) problems.push('experiment.json changed beyond its new "uploads" entry');
    const entry = is.uploads.at(-1);
    const files = old.length;
    const bytes = old.reduce((sum, f) => sum + f.size, 0);
    const bad = [];
    if (entry.status !== want) bad.push(`status ${JSON.stringify(entry.status)}, want ${want}`);
    if (entry.provider !== provider) bad.push(`provider ${JSON.stringify(entry.provider)}, want ${provider}`);
    if (destination && entry.destination !== destination) bad.push(`destination ${JSON.stringify(entry.destination)}, want ${destination}`);
    if (entry.files !== files) bad.push(`files ${entry.files}, want ${files}`);
    if (want === 'ok') {
      if (entry.bytes !== bytes) bad.push(`bytes ${entry.bytes}, want ${bytes}`);
      if (entry.failed_files !== 0) bad.push(`failed_files ${entry.failed_files}, want 0`);
    } else if (!(Number.isInteger(entry.failed_files) && entry.failed_files >= 1 && entry.failed_files <= files)) {
      bad.push(`failed_files ${entry.failed_files}, want 1..${files}`);
    }
    if (typeof entry.seconds !== 'number' || entry.seconds < 0) bad.push(`seconds ${entry.seconds}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(entry.finished_at ?? '')) bad.push(`finished_at ${entry.finished_at} is not RFC 3339`);
    if (bad.length) problems.push(`experiment.json's new "uploads" entry ${JSON.stringify(entry)}: ${bad.join('; ')}`);
  }
  return problems;
}

module.exports = { sha256Hex, listFiles, contentType, mediaType, expectedObjects, compareObject, compareListing, intact };

if (require.main === module) {
  const [command, before, after, want, provider, destination] = process.argv.slice(2);
  if (command !== 'intact' || !provider) {
    console.error('usage: node storage_reference_common.cjs intact BEFORE AFTER ok|failed PROVIDER [DESTINATION]');
    process.exit(2);
  }
  const problems = intact(before, after, want, provider, destination);
  if (problems.length) {
    for (const problem of problems) console.log(`FAIL ${problem}`);
    process.exit(1);
  }
}
