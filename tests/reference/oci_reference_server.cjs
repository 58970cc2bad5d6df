// OCI Generative AI (POST /20231130/actions/chat, apiFormat GENERIC) for our client to talk to over
// loopback, checking each request's OCI HTTP signature ("Signature version=1", rsa-sha256) three ways:
//   1. here, independently: the Authorization header parsed, the signing string rebuilt from the
//      headers it names ((request-target) = lowercase method + ' ' + path?query as received), the
//      date within 5 minutes, x-content-sha256 and content-length checked against the body, the
//      RSA signature verified by node:crypto with PUBLIC_KEY_PEM;
//   2. by http-signature (the library inside Oracle's oci-common signer): parseRequest and
//      verifySignature over the request as received, which must agree with 1;
//   3. Oracle's own signer (oci-common's DefaultRequestSigner with the ConfigFileAuthenticationDetailsProvider
//      of CONFIG_FILE's DEFAULT profile) signs the same request: its keyId, host, content-type,
//      content-length and x-content-sha256 must equal ours, and its signature must verify with the
//      same key through 1 and 2 (it signs x-date where we sign date: both are accepted).
// Valid requests get GENERIC SSE events (N text deltas ~20 ms apart, N = chatRequest.maxTokens, then
// finishReason, then usage with promptTokens 37 when streamOptions.isIncludeUsage asks, as OCI sends
// it); invalid ones 401 NotAuthenticated. Before listening it checks itself with oci-common's
// signatures (one valid, one by another key, one over another body). Each request's verdict goes
// to LOG_FILE as one JSON line.
// Usage: node oci_reference_server.cjs LOG_FILE CONFIG_FILE PUBLIC_KEY_PEM
//        (run from the npm cache folder; prints the port it listens on, on 127.0.0.1)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const common = require('oci-common');
const httpSignature = require('http-signature');

const [logFile, configFile, publicKeyFile] = process.argv.slice(2);
if (!logFile || !configFile || !publicKeyFile) {
  console.error('usage: node oci_reference_server.cjs LOG_FILE CONFIG_FILE PUBLIC_KEY_PEM');
  process.exit(2);
}
const PROMPT_TOKENS = 37;
const EVENT_GAP_MS = 20;
const MAX_SKEW_MS = 5 * 60 * 1000;
const publicKeyPem = fs.readFileSync(publicKeyFile, 'utf8');
const publicKey = crypto.createPublicKey(publicKeyPem);
// Oracle's reading of the config file: the identity our requests must carry.
const provider = new common.ConfigFileAuthenticationDetailsProvider(configFile, 'DEFAULT');
const log = fs.openSync(logFile, 'a');
let requestCount = 0;
let expectedKeyId;

const sha256Base64 = (bytes) => crypto.createHash('sha256').update(bytes).digest('base64');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// 'Signature version="1",keyId="...",algorithm="rsa-sha256",headers="...",signature="..."' -> {version, keyId, ...}
function parseAuthorization(value) {
  const match = /^Signature (.*)$/.exec(value || '');
  if (!match) return null;
  const params = {};
  const pattern = /([A-Za-z]+)="([^"]*)"(?:,|$)/y;  // name="value" pairs, comma-separated, nothing else
  while (pattern.lastIndex < match[1].length) {
    const found = pattern.exec(match[1]);
    if (!found) return null;
    params[found[1]] = found[2];
  }
  return params;
}

// 1. Our own check. received: {method, url (path?query as received), headers (lowercase names), body (Buffer)}.
function verifyHere(received) {
  const params = parseAuthorization(received.headers.authorization);
  if (!params) return { ok: false, reason: 'no parseable "Signature ..." Authorization header' };
  const names = (params.headers || '').split(' ').filter(Boolean).map((name) => name.toLowerCase());
  const result = { ok: false, signedHeaders: names.join(' '), keyId: params.keyId };
  const problems = [];
  if (params.version !== '1') problems.push(`version ${JSON.stringify(params.version)} is not "1"`);
  if (params.algorithm !== 'rsa-sha256') problems.push(`algorithm ${JSON.stringify(params.algorithm)} is not rsa-sha256`);
  if (params.keyId !== expectedKeyId) problems.push(`keyId ${params.keyId} is not ${expectedKeyId}`);
  if (!params.signature) problems.push('no signature');
  const dateName = names.includes('x-date') ? 'x-date' : 'date';
  const required = ['(request-target)', 'host', dateName];
  if (['POST', 'PUT', 'PATCH'].includes(received.method)) required.push('content-length', 'content-type', 'x-content-sha256');
  for (const name of required) if (!names.includes(name)) problems.push(`${name} is not signed`);
  for (const name of names) {
    if (name !== '(request-target)' && received.headers[name] === undefined) problems.push(`signed header ${name} was not sent`);
  }
  if (received.headers['x-content-sha256'] !== undefined && received.headers['x-content-sha256'] !== sha256Base64(received.body)) {
    problems.push(`x-content-sha256 ${received.headers['x-content-sha256']} is not the body's ${sha256Base64(received.body)}`);
  }
  if (received.headers['content-length'] !== undefined && received.headers['content-length'] !== String(received.body.length)) {
    problems.push(`content-length ${received.headers['content-length']} is not the body's ${received.body.length}`);
  }
  const date = Date.parse(received.headers[dateName]);
  if (Number.isNaN(date)) problems.push(`${dateName} ${JSON.stringify(received.headers[dateName])} is not a date`);
  else if (Math.abs(Date.now() - date) > MAX_SKEW_MS) problems.push(`${dateName} ${received.headers[dateName]} is over 5 minutes from now`);
  if (problems.length) return { ...result, reason: problems.join('; ') };
  result.signingString = names.map((name) => name === '(request-target)'
    ? `(request-target): ${received.method.toLowerCase()} ${received.url}` : `${name}: ${received.headers[name]}`).join('\n');
  const valid = crypto.verify('sha256', Buffer.from(result.signingString, 'utf8'), publicKey, Buffer.from(params.signature, 'base64'));
  return valid ? { ...result, ok: true } : { ...result, reason: 'RSA signature does not verify with the public key' };
}

// 2. http-signature's parser and verifier (what Oracle's signer signs with).
function verifyByLibrary(received) {
  try {
    const parsed = httpSignature.parseRequest({ method: received.method, url: received.url, httpVersion: '1.1', headers: received.headers },
                                              { clockSkew: MAX_SKEW_MS / 1000 });
    return { ok: httpSignature.verifySignature(parsed, publicKeyPem), signingString: parsed.signingString };
  } catch (error) {
    return { ok: false, error: `${error.name}: ${error.message}` };
  }
}

// Both verdicts on one request; they must agree.
function verify(received) {
  const here = verifyHere(received);
  const library = verifyByLibrary(received);
  const verdict = { ...here, library: library.ok };
  if (here.ok && library.signingString !== here.signingString) {
    return { ...verdict, ok: false, reason: 'http-signature rebuilt another signing string', librarySigningString: library.signingString };
  }
  if (here.ok !== library.ok) {
    return { ...verdict, ok: false, reason: `verifiers disagree: here ${here.ok} (${here.reason ?? 'valid'}), http-signature ${library.ok}` +
             (library.error ? ` (${library.error})` : '') };
  }
  return verdict;
}

// 3. oci-common's DefaultRequestSigner over the same request (method, URL, content type, body).
async function signByOracle(authProvider, host, url, contentType, body) {
  const headers = new Headers({ host });
  if (contentType !== undefined) headers.set('content-type', contentType);
  const request = { method: 'POST', uri: `http://${host}${url}`, headers, body };
  await new common.DefaultRequestSigner(authProvider).signHttpRequest(request);
  return Object.fromEntries([...headers.entries()].map(([name, value]) => [name.toLowerCase(), value]));
}

async function crossCheck(received) {
  const host = received.headers.host;
  const oracle = await signByOracle(provider, host, received.url, received.headers['content-type'], received.body.toString('utf8'));
  const problems = [];
  const oracleParams = parseAuthorization(oracle.authorization);
  const ourParams = parseAuthorization(received.headers.authorization) || {};
  if (oracleParams.keyId !== ourParams.keyId) problems.push(`oci-common's keyId ${oracleParams.keyId}, ours ${ourParams.keyId}`);
  for (const name of ['host', 'content-type', 'content-length', 'x-content-sha256']) {
    if (oracle[name] !== received.headers[name]) problems.push(`oci-common's ${name} ${oracle[name]}, ours ${received.headers[name]}`);
  }
  const theirs = verify({ method: 'POST', url: received.url, headers: oracle, body: received.body });
  if (!theirs.ok) problems.push(`oci-common's own signature does not verify: ${theirs.reason}`);
  return { oracleSignedHeaders: oracleParams.headers, oracle: problems.length ? problems.join('; ') : 'agrees' };
}

async function selfTest() {
  expectedKeyId = await provider.getKeyId();
  const host = '127.0.0.1:1';
  const url = '/20231130/actions/chat';
  const body = JSON.stringify({ compartmentId: 'c', chatRequest: { apiFormat: 'GENERIC', maxTokens: 8 } });
  const asReceived = (headers, sentBody = body) => ({ method: 'POST', url, headers, body: Buffer.from(sentBody) });
  const good = await signByOracle(provider, host, url, 'application/json', body);
  const goodVerdict = verify(asReceived(good));
  if (!goodVerdict.ok || !goodVerdict.library) throw new Error(`self-test: oci-common's signature did not verify: ${goodVerdict.reason}`);
  if (!verify(asReceived(good, body + ' ')).reason) throw new Error('self-test: a signature over another body verified');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = new common.SimpleAuthenticationDetailsProvider(provider.getTenantId(), provider.getUser(), provider.getFingerprint(),
                                                               privateKey.export({ type: 'pkcs1', format: 'pem' }), null, provider.getRegion());
  const otherVerdict = verify(asReceived(await signByOracle(other, host, url, 'application/json', body)));
  if (otherVerdict.ok || otherVerdict.library) throw new Error('self-test: a signature by another key verified');
}

function sendError(response, status, code, message) {
  const body = JSON.stringify({ code, message });
  response.writeHead(status, { 'content-type': 'application/json', 'opc-request-id': crypto.randomUUID(),
                               'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function handle(request, response, body) {
  const n = ++requestCount;
  const path = request.url.split('?')[0];
  if (request.method !== 'POST' || path !== '/20231130/actions/chat') {
    fs.writeSync(log, JSON.stringify({ n, method: request.method, url: request.url, ok: false, reason: 'no such route' }) + '\n');
    return sendError(response, 404, 'NotFound', 'no such route');
  }
  const received = { method: request.method, url: request.url, headers: request.headers, body };
  const verdict = verify(received);
  const cross = await crossCheck(received);
  fs.writeSync(log, JSON.stringify({ n, url: request.url, ...verdict, ...cross }) + '\n');
  if (!verdict.ok) {
    return sendError(response, 401, 'NotAuthenticated',
                     'The required information to complete authentication was not provided or was incorrect.');
  }
  let chat;
  try {
    const json = JSON.parse(body.toString('utf8'));
    chat = json.chatRequest;
    if (typeof json.compartmentId !== 'string' || typeof json.servingMode?.servingType !== 'string' || chat?.apiFormat !== 'GENERIC' ||
        !Array.isArray(chat.messages) || chat.isStream !== true || !Number.isInteger(chat.maxTokens)) throw new Error();
  } catch {
    return sendError(response, 400, 'InvalidParameter', 'compartmentId, servingMode and a streaming GENERIC chatRequest with maxTokens are required here');
  }
  const tokens = Math.min(chat.maxTokens, 256);
  response.writeHead(200, { 'content-type': 'text/event-stream', 'opc-request-id': crypto.randomUUID() });
  const events = [];
  for (let i = 0; i < tokens; i++) events.push({ index: 0, message: { role: 'ASSISTANT', content: [{ type: 'TEXT', text: 'hi ' }] } });
  events.push({ index: 0, finishReason: 'length' });
  if (chat.streamOptions?.isIncludeUsage === true) {
    events.push({ usage: { promptTokens: PROMPT_TOKENS, completionTokens: tokens, totalTokens: PROMPT_TOKENS + tokens } });
  }
  for (let i = 0; i < events.length; i++) {
    if (response.destroyed) return;
    if (i > 0) await sleep(EVENT_GAP_MS);
    response.write(`data: ${JSON.stringify(events[i])}\n\n`);
  }
  response.end();
}

async function main() {
  await selfTest();
  const server = http.createServer((request, response) => {
    const parts = [];
    request.on('data', (part) => parts.push(part));
    request.on('end', () => {
      handle(request, response, Buffer.concat(parts)).catch((error) => {
        fs.writeSync(log, JSON.stringify({ ok: false, reason: `server error: ${error.stack}` }) + '\n');
        if (!response.headersSent) sendError(response, 500, 'InternalServerError', 'reference server error');
        else response.destroy();
      });
    });
  });
  server.requestTimeout = 30000;
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
