// Amazon S3 played by s3rver (npm, pinned by storage_reference_test.sh) behind a proxy that checks
// what s3rver does not (s3rver accepts any SigV4 signature), for our uploader to talk to over loopback:
//   - every request's SigV4 signature is recomputed by @smithy/signature-v4 (the AWS SDK's signer)
//     with S3's rules: service s3, region us-east-1, the canonical URI is the object path encoded once
//     (S3 decodes the path it receives and encodes each segment again; no double encoding, no
//     ./.. normalisation: SignatureV4's uriEscapePath false), the query as received, the headers the
//     Authorization header lists in SignedHeaders (their received values), x-amz-content-sha256
//     present, signed, and the body's SHA-256 (or UNSIGNED-PAYLOAD), the signing date of x-amz-date;
//     with --session-token, x-amz-security-token must be that token and signed. A request that does
//     not verify is answered 403 with S3's XML error (SignatureDoesNotMatch, InvalidAccessKeyId,
//     AccessDenied) and never reaches s3rver;
//   - a verified request goes to s3rver unchanged (the same method, path, query, headers and body)
//     and its answer comes back unchanged;
//   - CompleteMultipartUpload is checked as S3 checks it (s3rver does not): parts in ascending order,
//     each ETag the one the part's last successful UploadPart answered, every part but the last at
//     least 5 MiB (400 InvalidPartOrder / InvalidPart / EntityTooSmall otherwise);
//   - with --fail-part N the first UploadPart with partNumber=N is answered 500 InternalError (after
//     its body was read and its signature verified), once.
// Before listening it checks itself: requests smithy signs as the AWS SDK's S3 client would (a key
// with spaces, '+' and parentheses; an UploadPart with a query) must verify, the same signed with
// another secret, or with the path encoded twice, must not.
// Each request goes to LOG_FILE as one JSON line: n, method, path, query, operation, key, verified,
// reason, status, code (the S3 error code answered), injected, bytes, payload, token.
// Usage: node storage_s3_proxy.cjs LOG_FILE DATA_DIR ACCESS_KEY_ID SECRET_ACCESS_KEY
//                                 [--session-token TOKEN] [--fail-part N] [--bucket NAME]
//        (run from the npm cache folder; prints the port it listens on, on 127.0.0.1, as its first line)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { HttpRequest } = require('@smithy/protocol-http');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const sessionToken = option('--session-token');
const failPart = option('--fail-part');
const bucket = option('--bucket') ?? 'bench-results';
const [logFile, dataDir, accessKeyId, secretAccessKey] = args;
if (!logFile || !dataDir || !accessKeyId || !secretAccessKey || args.length !== 4) {
  console.error('usage: node storage_s3_proxy.cjs LOG_FILE DATA_DIR ACCESS_KEY_ID SECRET_ACCESS_KEY ' +
                '[--session-token TOKEN] [--fail-part N] [--bucket NAME]');
  process.exit(2);
}
const REGION = 'us-east-1';
const SERVICE = 's3';
const MIN_PART = 5 * 1024 * 1024;
const expected = sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
const log = fs.openSync(logFile, 'a');
let requestCount = 0;
let failPartPending = failPart !== undefined;
// uploadId -> Map(partNumber -> {etag, size}) of the parts s3rver stored.
const uploads = new Map();

const sha256Hex = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
// RFC 3986 encoding as S3 (and smithy's escapeUri) does it: everything but A-Za-z0-9-_.~
const escapeUri = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// "a=1&b&c=x%20y" -> {a: '1', b: '', c: 'x y'} (repeated names -> arrays); '+' stays '+'.
function parseQuery(text) {
  const query = {};
  for (const pair of (text || '').split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1));
    if (name in query) query[name] = [].concat(query[name], value);
    else query[name] = value;
  }
  return query;
}

// "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, SignedHeaders=a;b, Signature=hex"
function parseAuthorization(value) {
  const match = /^AWS4-HMAC-SHA256 (.*)$/.exec(value || '');
  if (!match) return null;
  const fields = {};
  for (const part of match[1].split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) return null;
  return { credential: fields.Credential.split('/'), signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

// 20150830T123600Z -> Date
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

// S3's canonical URI for a received path: each segment decoded, then encoded once again.
function s3CanonicalPath(rawPath) {
  return rawPath.split('/').map((segment) => escapeUri(decodeURIComponent(segment))).join('/');
}

// smithy's signature of `request` with `credentials`, and the canonical request it hashed.
async function smithySign(request, credentials, signingDate, signableHeaders) {
  const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: Sha256,
                                   uriEscapePath: false, applyChecksum: true });
  let canonicalRequest = '';
  const create = signer.createCanonicalRequest.bind(signer);
  signer.createCanonicalRequest = (...a) => (canonicalRequest = create(...a));
  const signed = await signer.sign(request, { signingDate, signableHeaders });
  const parsed = parseAuthorization(signed.headers.authorization);
  return { signature: parsed.signature, signedHeaders: parsed.signedHeaders, canonicalRequest };
}

// Verifies one received request: {method, path (raw, no query), query (object), headers (lowercase
// names, received values), body (Buffer)}. Returns {ok, code, reason, ...details}.
async function verify(received, credentials) {
  const result = { ok: false };
  const auth = parseAuthorization(received.headers.authorization);
  if (!auth) return { ...result, code: 'AccessDenied', reason: 'no AWS4-HMAC-SHA256 Authorization header' };
  result.signedHeaders = auth.signedHeaders.join(';');
  const [keyId, scopeDate, region, service, terminator] = auth.credential;
  if (keyId !== credentials.accessKeyId) {
    return { ...result, code: 'InvalidAccessKeyId', reason: `access key id ${keyId} is not ${credentials.accessKeyId}` };
  }
  const amzDate = received.headers['x-amz-date'];
  const signingDate = parseAmzDate(amzDate);
  const problems = [];
  if (!signingDate) problems.push(`x-amz-date ${JSON.stringify(amzDate)} is not yyyymmddThhmmssZ`);
  else if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60 * 1000) problems.push(`x-amz-date ${amzDate} is over 15 minutes from now`);
  if (scopeDate !== (amzDate || '').slice(0, 8) || region !== REGION || service !== SERVICE || terminator !== 'aws4_request') {
    problems.push(`credential scope ${auth.credential.slice(1).join('/')} is not ${(amzDate || '').slice(0, 8)}/${REGION}/${SERVICE}/aws4_request`);
  }
  for (const name of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!auth.signedHeaders.includes(name)) problems.push(`${name} is not signed`);
  }
  for (const name of auth.signedHeaders) {
    if (received.headers[name] === undefined) problems.push(`signed header ${name} was not sent`);
  }
  if (credentials.sessionToken) {
    if (received.headers['x-amz-security-token'] !== credentials.sessionToken) problems.push('x-amz-security-token is not the session token');
    if (!auth.signedHeaders.includes('x-amz-security-token')) problems.push('x-amz-security-token is not signed');
  } else if (received.headers['x-amz-security-token'] !== undefined) {
    problems.push('x-amz-security-token sent without a session token');
  }
  const contentSha = received.headers['x-amz-content-sha256'];
  if (contentSha === undefined) problems.push('no x-amz-content-sha256 (S3 requires it with SigV4)');
  else if (contentSha !== 'UNSIGNED-PAYLOAD' && contentSha !== sha256Hex(received.body)) {
    problems.push(`x-amz-content-sha256 ${contentSha} is not the body's SHA-256 (${received.body.length} bytes)`);
  }
  let canonicalPath;
  try {
    canonicalPath = s3CanonicalPath(received.path);
  } catch {
    problems.push(`path ${received.path} is not valid percent-encoding`);
  }
  if (problems.length) return { ...result, code: 'SignatureDoesNotMatch', reason: problems.join('; ') };

  const headers = {};
  for (const name of auth.signedHeaders) headers[name] = received.headers[name];
  const request = new HttpRequest({ method: received.method, protocol: 'http:', hostname: received.headers.host,
                                    path: canonicalPath, query: received.query, headers, body: received.body });
  const ours = await smithySign(request, credentials, signingDate, new Set(auth.signedHeaders));
  result.smithySignedHeaders = ours.signedHeaders.join(';');
  if (result.smithySignedHeaders !== result.signedHeaders) {
    return { ...result, code: 'SignatureDoesNotMatch', canonicalRequest: ours.canonicalRequest,
             reason: `smithy signs ${result.smithySignedHeaders}, the request says ${result.signedHeaders}` };
  }
  if (ours.signature !== auth.signature) {
    // Hints: would it have matched the path as sent, or the path encoded twice?
    let hint = '';
    for (const [what, path] of [['the path exactly as sent', received.path],
                                ['the path encoded twice', canonicalPath.split('/').map(escapeUri).join('/')]]) {
      if (path === canonicalPath) continue;
      const other = await smithySign(new HttpRequest({ ...request, path }), credentials, signingDate, new Set(auth.signedHeaders));
      if (other.signature === auth.signature) hint = ` (it matches ${what}, not S3's canonical URI ${canonicalPath})`;
    }
    return { ...result, code: 'SignatureDoesNotMatch', canonicalRequest: ours.canonicalRequest, reason: 'signature mismatch' + hint };
  }
  return { ...result, ok: true, canonicalUri: canonicalPath };
}

// Checks the verifier on requests smithy signs itself, as the AWS SDK's S3 client would.
async function selfTest() {
  const key = 'runs/2026/exp/plots/Output (Input + Output) of Server.png';
  const path = `/${bucket}/${key.split('/').map(escapeUri).join('/')}`;
  if (path !== `/${bucket}/runs/2026/exp/plots/Output%20%28Input%20%2B%20Output%29%20of%20Server.png`) throw new Error(`self-test: path ${path}`);
  const body = crypto.randomBytes(1000);
  const signWith = async (secret, query, signedPath = path) => {
    const credentials = { ...expected, secretAccessKey: secret };
    const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: Sha256, uriEscapePath: false });
    const request = new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1:1', path: signedPath, query,
                                      headers: { host: '127.0.0.1:1', 'content-type': 'image/png',
                                                 'x-amz-content-sha256': sha256Hex(body) }, body });
    const signed = await signer.sign(request, { signingDate: new Date() });
    return { method: 'PUT', path, query, body, headers: Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value])) };
  };
  for (const query of [{}, { partNumber: '2', uploadId: 'abc123' }]) {
    const good = await verify(await signWith(secretAccessKey, query), expected);
    if (!good.ok) throw new Error(`self-test: smithy's own signature did not verify: ${good.reason}\n${good.canonicalRequest}`);
    const bad = await verify(await signWith(secretAccessKey + 'x', query), expected);
    if (bad.ok || bad.code !== 'SignatureDoesNotMatch') throw new Error('self-test: a signature with another secret verified');
  }
  const twice = await verify(await signWith(secretAccessKey, {}, path.split('/').map(escapeUri).join('/')), expected);
  if (twice.ok || !twice.reason.includes('encoded twice')) throw new Error(`self-test: a path signed encoded twice: ${twice.reason}`);
}

function s3Error(response, status, code, message, extra = '') {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}` +
               `<RequestId>${crypto.randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const MESSAGES = {
  SignatureDoesNotMatch: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  InvalidAccessKeyId: 'The AWS Access Key Id you provided does not exist in our records.',
  AccessDenied: 'Access Denied',
};

function operationOf(method, query, key) {
  const has = (name) => Object.prototype.hasOwnProperty.call(query, name);
  if (!key) return method === 'GET' ? 'ListObjects' : `${method} bucket`;
  if (method === 'PUT') return has('partNumber') && has('uploadId') ? 'UploadPart' : 'PutObject';
  if (method === 'POST') return has('uploads') ? 'CreateMultipartUpload' : has('uploadId') ? 'CompleteMultipartUpload' : 'POST object';
  if (method === 'DELETE') return has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  if (method === 'GET') return has('uploadId') ? 'ListParts' : 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  return method;
}

// S3's own checks of a CompleteMultipartUpload body; returns [code, message] or null.
function checkComplete(uploadId, body) {
  const stored = uploads.get(uploadId);
  if (!stored) return ['NoSuchUpload', 'The specified upload does not exist.'];
  const parts = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    number: Number((/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]) || [])[1]),
    etag: ((/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1]) || [])[1] || '').replace(/&quot;|"/g, ''),
  }));
  if (!parts.length) return ['MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.'];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0 && parts[i].number <= parts[i - 1].number) return ['InvalidPartOrder', 'The list of parts was not in ascending order.'];
    const part = stored.get(parts[i].number);
    if (!part || part.etag !== parts[i].etag) {
      return ['InvalidPart', `One or more of the specified parts could not be found (part ${parts[i].number}, ETag ${parts[i].etag}).`];
    }
    if (i < parts.length - 1 && part.size < MIN_PART) return ['EntityTooSmall', `Part ${parts[i].number} is ${part.size} bytes, under 5 MiB.`];
  }
  return null;
}

function forward(s3rverPort, request, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...request.headers };
    for (const name of ['connection', 'keep-alive', 'expect', 'transfer-encoding', 'proxy-connection']) delete headers[name];
    if (body.length || headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    const upstream = http.request({ host: '127.0.0.1', port: s3rverPort, method: request.method, path: request.url, headers }, (answer) => {
      const parts = [];
      answer.on('data', (part) => parts.push(part));
      answer.on('end', () => resolve({ status: answer.statusCode, headers: answer.headers, body: Buffer.concat(parts) }));
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

async function handle(s3rverPort, request, response, body) {
  const n = ++requestCount;
  const [rawPath, rawQuery = ''] = request.url.split(/\?(.*)/s);
  const entry = { n, method: request.method, path: rawPath, query: rawQuery, bytes: body.length };
  const write = (more) => fs.writeSync(log, JSON.stringify({ ...entry, ...more }) + '\n');
  let query;
  try {
    query = parseQuery(rawQuery);
  } catch {
    write({ verified: false, status: 400, code: 'InvalidArgument', reason: 'query is not valid percent-encoding' });
    return s3Error(response, 400, 'InvalidArgument', 'Invalid query');
  }
  const segments = rawPath.split('/').slice(1);
  let key = '';
  try {
    key = segments.slice(1).map(decodeURIComponent).join('/');
  } catch { /* verify() reports it */ }
  entry.operation = operationOf(request.method, query, key);
  entry.key = key;
  entry.payload = request.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD' ? 'unsigned' : 'signed';
  entry.token = request.headers['x-amz-security-token'] !== undefined;
  const verdict = await verify({ method: request.method, path: rawPath, query, headers: request.headers, body }, expected);
  const { ok, canonicalRequest, ...details } = verdict;
  if (!ok) {
    write({ verified: false, status: 403, ...details, canonicalRequest });
    return s3Error(response, 403, verdict.code, MESSAGES[verdict.code], `<AWSAccessKeyId>${accessKeyId}</AWSAccessKeyId>`);
  }
  if (segments[0] !== bucket) {
    write({ verified: true, status: 404, code: 'NoSuchBucket' });
    return s3Error(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', `<BucketName>${segments[0]}</BucketName>`);
  }
  if (entry.operation === 'UploadPart' && failPartPending && query.partNumber === failPart) {
    failPartPending = false;
    write({ verified: true, status: 500, code: 'InternalError', injected: true });
    return s3Error(response, 500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
  if (entry.operation === 'CompleteMultipartUpload') {
    const refused = checkComplete(query.uploadId, body);
    if (refused) {
      write({ verified: true, status: 400, code: refused[0], reason: refused[1] });
      return s3Error(response, 400, refused[0], refused[1]);
    }
  }
  const answer = await forward(s3rverPort, request, body);
  if (answer.status === 200 && entry.operation === 'UploadPart') {
    if (!uploads.has(query.uploadId)) uploads.set(query.uploadId, new Map());
    uploads.get(query.uploadId).set(Number(query.partNumber), { etag: String(answer.headers.etag || '').replace(/"/g, ''), size: body.length });
  }
  if (answer.status === 200 && entry.operation === 'CreateMultipartUpload') {
    const id = (/<UploadId>([^<]*)<\/UploadId>/.exec(answer.body.toString('utf8')) || [])[1];
    if (id) uploads.set(id, new Map());
  }
  if (answer.status === 200 && (entry.operation === 'CompleteMultipartUpload' || entry.operation === 'AbortMultipartUpload')) {
    uploads.delete(query.uploadId);
  }
  const code = answer.status >= 300 ? (/<Code>([^<]*)<\/Code>/.exec(answer.body.toString('utf8')) || [])[1] : undefined;
  write({ verified: true, status: answer.status, ...(code ? { code } : {}) });
  const headers = { ...answer.headers };
  for (const name of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[name];
  if (request.method !== 'HEAD') headers['content-length'] = String(answer.body.length);
  response.writeHead(answer.status, headers);
  response.end(request.method === 'HEAD' ? undefined : answer.body);
}

async function main() {
  await selfTest();
  fs.mkdirSync(dataDir, { recursive: true });
  // s3rver does not check SigV4 signatures, but wants the access key id to be one of its accounts.
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', directory: dataDir, silent: true,
                              configureBuckets: [{ name: bucket }], allowMismatchedSignatures: true });
  const { port: s3rverPort } = await s3rver.run();
  const server = http.createServer((request, response) => {
    const parts = [];
    request.on('data', (part) => parts.push(part));
    request.on('end', () => {
      handle(s3rverPort, request, response, Buffer.concat(parts)).catch((error) => {
        fs.writeSync(log, JSON.stringify({ verified: false, status: 500, reason: `proxy error: ${error.stack}` }) + '\n');
        if (!response.headersSent) s3Error(response, 500, 'InternalError', 'reference proxy error');
        else response.destroy();
      });
    });
  });
  server.requestTimeout = 60000;
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
