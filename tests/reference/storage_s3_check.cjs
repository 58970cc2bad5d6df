// The S3 side of storage_reference_test.sh: reads what an upload left in s3rver back through
// storage_s3_proxy.cjs (each request signed by @smithy/signature-v4 as the AWS SDK's S3 client signs
// it, so the proxy verifies these too), and reads the proxy's log.
//   verify PORT ACCESS_KEY_ID SECRET BUCKET PREFIX NAME LOCAL [--session-token T] [--entry-added] [--log-appended]
//     ListObjectsV2 of PREFIX/ holds exactly PREFIX/NAME/<relative path> for every file of LOCAL;
//     each GetObject is byte-identical to its file (with --entry-added, experiment.json is the local
//     one without its last "uploads" entry; with --log-appended, genai_bench.log is the start of
//     the local one, which went on with lines about the upload); each HeadObject's Content-Type is
//     the README's for its extension and its Content-Length the file's. Prints {"objects":N,"bytes":B}.
//   log LOG_FILE FROM TO upload FILES BIG_KEY FAIL_PART
//     log lines FROM+1..TO: every request verified; BIG_KEY went as one multipart upload (one
//     CreateMultipartUpload, parts 1..3 stored once each, part FAIL_PART answered the injected 500
//     first and sent again, one CompleteMultipartUpload, no abort, no PutObject); every other of the
//     FILES keys went as one PutObject answered 200; no other answer but 200.
//   log LOG_FILE FROM TO verified [--token]
//     every request verified and answered 2xx (with --token, each carried x-amz-security-token).
//   log LOG_FILE FROM TO refused CODE
//     at least one request, every one refused 403 CODE, none sent twice (no retry on a 403).
//   log LOG_FILE FROM TO none
//     no request at all.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { HttpRequest } = require('@smithy/protocol-http');
const { sha256Hex, contentType, mediaType, expectedObjects, compareObject, compareListing } = require('./storage_reference_common.cjs');

const escapeUri = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const xmlText = (text) => text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, entity) => ({
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity.toLowerCase()] ??
  String.fromCodePoint(entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10))));

function fail(lines) {
  for (const line of [].concat(lines)) console.log(`FAIL ${line}`);
  process.exit(1);
}

async function s3Request(port, credentials, method, key, query = {}) {
  const path = key === undefined ? `/${credentials.bucket}` : `/${credentials.bucket}/${key.split('/').map(escapeUri).join('/')}`;
  const host = `127.0.0.1:${port}`;
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: '127.0.0.1', port: Number(port), path, query,
                                                     headers: { host, 'x-amz-content-sha256': sha256Hex(Buffer.alloc(0)) } }));
  const search = Object.entries(query).map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`).join('&');
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: search ? `${path}?${search}` : path, headers: signed.headers }, (answer) => {
      const parts = [];
      answer.on('data', (part) => parts.push(part));
      answer.on('end', () => resolve({ status: answer.statusCode, headers: answer.headers, body: Buffer.concat(parts) }));
      answer.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

async function verify(argv) {
  const token = argv.indexOf('--session-token');
  const sessionToken = token >= 0 ? argv.splice(token, 2)[1] : undefined;
  const entryAdded = argv.includes('--entry-added');
  const logAppended = argv.includes('--log-appended');
  const [port, accessKeyId, secretAccessKey, bucket, prefix, name, local] = argv.filter((a) => a !== '--entry-added' && a !== '--log-appended');
  const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), bucket };
  const expected = expectedObjects(local, prefix, name, { entryAdded, logAppended });
  const listed = [];
  let continuation;
  do {
    const query = { 'list-type': '2', prefix: prefix ? `${prefix}/` : '', ...(continuation ? { 'continuation-token': continuation } : {}) };
    const answer = await s3Request(port, credentials, 'GET', undefined, query);
    const xml = answer.body.toString('utf8');
    if (answer.status !== 200) fail(`ListObjectsV2 answered ${answer.status}: ${xml}`);
    for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) listed.push(xmlText((/<Key>([\s\S]*?)<\/Key>/.exec(m[1]) || [])[1] ?? ''));
    continuation = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlText((/<NextContinuationToken>([^<]*)</.exec(xml) || [])[1] ?? '') : undefined;
  } while (continuation);
  const problems = compareListing(expected, listed);
  let bytes = 0;
  for (const key of listed) {
    const file = expected.get(key);
    if (!file) continue;
    const got = await s3Request(port, credentials, 'GET', key);
    if (got.status !== 200) { problems.push(`GetObject ${key} answered ${got.status}: ${got.body}`); continue; }
    bytes += got.body.length;
    const wrong = compareObject(file, got.body);
    if (wrong) problems.push(`${key}: ${wrong}`);
    const head = await s3Request(port, credentials, 'HEAD', key);
    if (head.status !== 200) { problems.push(`HeadObject ${key} answered ${head.status}`); continue; }
    if (mediaType(head.headers['content-type']) !== contentType(file.rel)) {
      problems.push(`${key}: Content-Type ${head.headers['content-type']}, want ${contentType(file.rel)}`);
    }
    if (Number(head.headers['content-length']) !== got.body.length) problems.push(`${key}: HeadObject Content-Length ${head.headers['content-length']}`);
  }
  if (problems.length) fail(problems);
  console.log(JSON.stringify({ objects: listed.length, bytes }));
}

function checkLog(argv) {
  const [file, from, to, mode, ...rest] = argv;
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(Number(from), Number(to)).map((line) => JSON.parse(line));
  const show = (entry) => {
    const { canonicalRequest, ...brief } = entry;
    return JSON.stringify(brief) + (canonicalRequest ? `\ncanonical request as @smithy/signature-v4 computes it (S3 rules):\n${canonicalRequest}` : '');
  };
  const problems = [];
  const unverified = lines.filter((l) => !l.verified);
  if (mode === 'none') {
    if (lines.length) problems.push(`${lines.length} requests reached the proxy, want none; first: ${show(lines[0])}`);
  } else if (mode === 'refused') {
    const [code] = rest;
    if (!lines.length) problems.push('no request reached the proxy');
    const bad = lines.filter((l) => l.verified || l.status !== 403 || l.code !== code);
    if (bad.length) problems.push(`${bad.length} of ${lines.length} requests not refused 403 ${code}; first: ${show(bad[0])}`);
    const seen = new Set();
    for (const l of lines) {
      const id = `${l.method} ${l.path}?${l.query}`;
      if (seen.has(id)) problems.push(`sent again after a 403 (a 4xx must not be retried): ${id}`);
      seen.add(id);
    }
  } else if (mode === 'verified') {
    if (!lines.length) problems.push('no request reached the proxy');
    if (unverified.length) problems.push(`${unverified.length} of ${lines.length} requests did not verify; first: ${show(unverified[0])}`);
    const bad = lines.filter((l) => l.verified && !(l.status >= 200 && l.status < 300));
    if (bad.length) problems.push(`${bad.length} requests answered ${bad[0].status}; first: ${show(bad[0])}`);
    if (rest.includes('--token')) {
      const untokened = lines.filter((l) => !l.token);
      if (untokened.length) problems.push(`${untokened.length} requests without x-amz-security-token; first: ${show(untokened[0])}`);
    }
  } else if (mode === 'upload') {
    const [files, bigKey, failPart] = rest;
    if (unverified.length) problems.push(`${unverified.length} of ${lines.length} requests did not verify; first: ${show(unverified[0])}`);
    const big = lines.filter((l) => l.key === bigKey);
    const ops = (list, op) => list.filter((l) => l.operation === op);
    const creates = ops(big, 'CreateMultipartUpload');
    const completes = ops(big, 'CompleteMultipartUpload');
    const parts = ops(big, 'UploadPart');
    if (creates.length !== 1 || creates[0].status !== 200) problems.push(`${bigKey}: ${creates.length} CreateMultipartUpload (want one, answered 200): ${creates.map(show).join(' | ')}`);
    if (completes.length !== 1 || completes[0].status !== 200) problems.push(`${bigKey}: ${completes.length} CompleteMultipartUpload (want one, answered 200): ${completes.map(show).join(' | ')}`);
    if (ops(big, 'PutObject').length) problems.push(`${bigKey} was (also) sent as a PutObject`);
    if (ops(big, 'AbortMultipartUpload').length) problems.push(`${bigKey}: the multipart upload was aborted`);
    const partOf = (l) => new URLSearchParams(l.query).get('partNumber');
    const stored = parts.filter((l) => l.status === 200).map(partOf).sort();
    if (stored.join(',') !== '1,2,3') problems.push(`${bigKey}: parts stored ${stored.join(',') || 'none'}, want 1,2,3 once each`);
    const injected = parts.findIndex((l) => l.injected);
    if (injected < 0 || partOf(parts[injected]) !== failPart) problems.push(`${bigKey}: no injected 500 on part ${failPart} in the log`);
    else if (!parts.slice(injected + 1).some((l) => partOf(l) === failPart && l.status === 200)) problems.push(`${bigKey}: part ${failPart} was not sent again after the 500`);
    if (parts.length !== 4) problems.push(`${bigKey}: ${parts.length} UploadPart requests, want 4 (3 parts, one sent twice)`);
    const uploadIds = new Set(parts.map((l) => new URLSearchParams(l.query).get('uploadId')));
    if (uploadIds.size !== 1) problems.push(`${bigKey}: parts went to ${uploadIds.size} upload ids`);
    const others = lines.filter((l) => l.key !== bigKey);
    const puts = ops(others, 'PutObject');
    const keys = new Set(puts.map((l) => l.key));
    if (keys.size + 1 !== Number(files) || puts.length !== keys.size) problems.push(`${puts.length} PutObject requests for ${keys.size} keys, want one for each of the ${Number(files) - 1} other files`);
    const odd = others.filter((l) => l.operation !== 'PutObject');
    if (odd.length) problems.push(`other requests: ${odd.map(show).join(' | ')}`);
    const notOk = lines.filter((l) => l.status !== 200 && !l.injected);
    if (notOk.length) problems.push(`${notOk.length} requests answered other than 200; first: ${show(notOk[0])}`);
    if (!problems.length) {
      const unsigned = lines.filter((l) => l.payload === 'unsigned').length;
      console.log(JSON.stringify({ requests: lines.length, parts: parts.length, unsignedPayloads: unsigned }));
    }
  } else {
    problems.push(`unknown log mode ${mode}`);
  }
  if (problems.length) fail(problems);
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  if (command === 'verify') return verify(argv);
  if (command === 'log') return checkLog(argv);
  console.error('usage: node storage_s3_check.cjs verify|log ... (see the header)');
  process.exit(2);
}

main().catch((error) => {
  console.log(`FAIL ${error.stack || error}`);
  process.exit(1);
});
