// AWS Bedrock Runtime played with AWS's own JavaScript packages (npm, pinned by
// bedrock_reference_test.sh), for our client to talk to over loopback:
//   - every request's SigV4 signature is recomputed by @smithy/signature-v4 (the AWS SDK's signer)
//     over the request as received: method, path, the headers the Authorization header lists in
//     SignedHeaders (their received values), the body, the signing date of x-amz-date; a mismatch
//     is answered 403 InvalidSignatureException, as Bedrock answers it;
//   - the path must be the one the SDK itself builds for the decoded model id (@smithy/core's
//     requestBuilder: the label percent-encoded once, so ':' travels as %3A); that wire-form path
//     is what the SDK hands its signer, which encodes it again for the canonical URI (%253A);
//   - responses are AWS event-stream frames encoded by @smithy/eventstream-codec: ConverseStream
//     (POST /model/{id}/converse-stream) and InvokeModelWithResponseStream with a Claude body
//     (POST /model/{id}/invoke-with-response-stream), usage O = the request's max tokens, I = 37.
// Before listening it checks itself: a request signed by smithy as the SDK would must verify, the
// same one signed with another secret must not.
// Each request's verification goes to LOG_FILE as one JSON line.
// Usage: node bedrock_reference_server.cjs LOG_FILE ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]
//        (run from the npm cache folder; prints the port it listens on, on 127.0.0.1)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { HttpRequest } = require('@smithy/protocol-http');
const { EventStreamCodec } = require('@smithy/eventstream-codec');
const { requestBuilder } = require('@smithy/core/protocols');
const { toUtf8, fromUtf8 } = require('@smithy/util-utf8');

const [logFile, accessKeyId, secretAccessKey, sessionToken] = process.argv.slice(2);
if (!logFile || !accessKeyId || !secretAccessKey) {
  console.error('usage: node bedrock_reference_server.cjs LOG_FILE ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]');
  process.exit(2);
}
const REGION = 'us-east-1';
const SERVICE = 'bedrock';
const INPUT_TOKENS = 37;
const FRAME_GAP_MS = 20;
const expected = sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const log = fs.openSync(logFile, 'a');
let requestCount = 0;

const sha256Hex = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The path the AWS SDK builds for this model and operation: @smithy/core's request builder, as the
// generated Bedrock Runtime client calls it (b.bp("/model/{modelId}/converse-stream");
// b.p("modelId", () => input.modelId, "{modelId}", false)).
async function sdkPath(modelId, operation) {
  const builder = requestBuilder({ modelId }, { endpoint: async () => ({ hostname: 'bedrock-runtime', path: '' }) });
  builder.bp(`/model/{modelId}/${operation}`).p('modelId', () => modelId, '{modelId}', false).m('POST');
  return (await builder.build()).path;
}

// "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=a;b, Signature=hex"
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

// smithy's signature of `request` (a @smithy/protocol-http HttpRequest) with `credentials`, and the
// canonical request it hashed (captured from its own createCanonicalRequest).
async function smithySign(request, credentials, signingDate, signableHeaders) {
  const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: Sha256,
                                   uriEscapePath: true, applyChecksum: false });
  let canonicalRequest = '';
  const create = signer.createCanonicalRequest.bind(signer);
  signer.createCanonicalRequest = (...args) => (canonicalRequest = create(...args));
  const signed = await signer.sign(request, { signingDate, signableHeaders });
  const parsed = parseAuthorization(signed.headers.authorization);
  return { signature: parsed.signature, signedHeaders: parsed.signedHeaders, canonicalRequest };
}

// Verifies one received request: {method, path (as received, no query), query (object), headers
// (lowercase names, received values), body (Buffer)}. Returns {ok, reason, ...details}.
async function verify(received, credentials) {
  const result = { ok: false };
  const auth = parseAuthorization(received.headers.authorization);
  if (!auth) return { ...result, status: 'MissingAuthenticationTokenException', reason: 'no AWS4-HMAC-SHA256 Authorization header' };
  result.signedHeaders = auth.signedHeaders.join(';');
  const [keyId, scopeDate, region, service, terminator] = auth.credential;
  const amzDate = received.headers['x-amz-date'];
  const signingDate = parseAmzDate(amzDate);
  const problems = [];
  if (keyId !== credentials.accessKeyId) problems.push(`access key id ${keyId} is not ${credentials.accessKeyId}`);
  if (!signingDate) problems.push(`x-amz-date ${JSON.stringify(amzDate)} is not yyyymmddThhmmssZ`);
  else if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60 * 1000) problems.push(`x-amz-date ${amzDate} is over 15 minutes from now`);
  if (scopeDate !== (amzDate || '').slice(0, 8) || region !== REGION || service !== SERVICE || terminator !== 'aws4_request') {
    problems.push(`credential scope ${auth.credential.slice(1).join('/')} is not ${(amzDate || '').slice(0, 8)}/${REGION}/${SERVICE}/aws4_request`);
  }
  for (const name of ['host', 'x-amz-date']) {
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
  if (contentSha !== undefined && contentSha !== sha256Hex(received.body)) {
    problems.push('x-amz-content-sha256 is not the body\'s SHA-256');
  }
  if (received.sdkPath !== undefined && received.path !== received.sdkPath) {
    problems.push(`path ${received.path} is not the SDK's ${received.sdkPath}`);
  }
  if (problems.length) return { ...result, status: 'InvalidSignatureException', reason: problems.join('; ') };

  const headers = {};
  for (const name of auth.signedHeaders) headers[name] = received.headers[name];
  const request = new HttpRequest({ method: received.method, protocol: 'http:', hostname: received.headers.host,
                                    path: received.path, query: received.query, headers, body: received.body });
  const ours = await smithySign(request, credentials, signingDate, new Set(auth.signedHeaders));
  result.smithySignedHeaders = ours.signedHeaders.join(';');
  if (result.smithySignedHeaders !== result.signedHeaders) {
    return { ...result, status: 'InvalidSignatureException', canonicalRequest: ours.canonicalRequest,
             reason: `smithy signs ${result.smithySignedHeaders}, the request says ${result.signedHeaders}` };
  }
  if (ours.signature !== auth.signature) {
    // Would the signature have matched with the path signed as decoded (encoded once only)?
    const decoded = new HttpRequest({ ...request, path: decodeURIComponent(received.path) });
    const once = await smithySign(decoded, credentials, signingDate, new Set(auth.signedHeaders));
    return { ...result, status: 'InvalidSignatureException', canonicalRequest: ours.canonicalRequest,
             reason: 'signature mismatch' + (once.signature === auth.signature ? ' (it matches the path encoded once only)' : '') };
  }
  return { ...result, ok: true, canonicalUri: ours.canonicalRequest.split('\n')[1] };
}

// Checks the verifier on requests smithy signs itself, as the SDK would.
async function selfTest() {
  const body = Buffer.from(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 8 } }));
  const path = await sdkPath('anthropic.claude-3-haiku-20240307-v1:0', 'converse-stream');
  if (path !== '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream') throw new Error(`the SDK's path is ${path}`);
  const signWith = async (secret) => {
    const credentials = { ...expected, secretAccessKey: secret };
    const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: Sha256 });
    const request = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1:1', path,
                                      headers: { host: '127.0.0.1:1', 'content-type': 'application/json' }, body });
    const signed = await signer.sign(request, { signingDate: new Date() });
    return { method: 'POST', path, sdkPath: path, query: {}, body, headers: Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value])) };
  };
  const good = await verify(await signWith(secretAccessKey), expected);
  if (!good.ok) throw new Error(`self-test: smithy's own signature did not verify: ${good.reason}`);
  if (!good.canonicalUri.includes('%253A')) throw new Error(`self-test: canonical URI ${good.canonicalUri}`);
  const bad = await verify(await signWith(secretAccessKey + 'x'), expected);
  if (bad.ok) throw new Error('self-test: a signature with another secret verified');
}

function frame(eventType, json) {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(json)),
  });
}
const chunk = (anthropicEvent) => frame('chunk', { bytes: Buffer.from(JSON.stringify(anthropicEvent)).toString('base64'), p: 'abcd' });
const word = (i) => `tok${i} `;

function converseFrames(maxTokens) {
  const frames = [frame('messageStart', { role: 'assistant' })];
  for (let i = 0; i < maxTokens; i++) frames.push(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: word(i) } }));
  frames.push(frame('contentBlockStop', { contentBlockIndex: 0 }));
  frames.push(frame('messageStop', { stopReason: 'max_tokens' }));
  frames.push(frame('metadata', { usage: { inputTokens: INPUT_TOKENS, outputTokens: maxTokens, totalTokens: INPUT_TOKENS + maxTokens },
                                  metrics: { latencyMs: 1 } }));
  return frames;
}

function claudeFrames(maxTokens) {
  const frames = [chunk({ type: 'message_start', message: { id: 'msg_bdrk_01reference', type: 'message', role: 'assistant',
                                                             model: 'claude-3-haiku-20240307', content: [], stop_reason: null,
                                                             stop_sequence: null, usage: { input_tokens: INPUT_TOKENS, output_tokens: 1 } } }),
                  chunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })];
  for (let i = 0; i < maxTokens; i++) frames.push(chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word(i) } }));
  frames.push(chunk({ type: 'content_block_stop', index: 0 }));
  frames.push(chunk({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: maxTokens } }));
  frames.push(chunk({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': {
    inputTokenCount: INPUT_TOKENS, outputTokenCount: maxTokens, invocationLatency: 1, firstByteLatency: 1 } }));
  return frames;
}

function sendError(response, status, type, message) {
  const body = JSON.stringify({ message });
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type,
                               'x-amzn-requestid': crypto.randomUUID(), 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function handle(request, response, body) {
  const n = ++requestCount;
  const url = new URL(request.url, 'http://reference');
  const rawPath = request.url.split('?')[0];
  const route = /^\/model\/([^/]+)\/(converse-stream|invoke-with-response-stream)$/.exec(rawPath);
  if (request.method !== 'POST' || !route) {
    fs.writeSync(log, JSON.stringify({ n, method: request.method, path: rawPath, ok: false, reason: 'no such operation' }) + '\n');
    return sendError(response, 404, 'UnknownOperationException', 'no such operation');
  }
  const modelId = decodeURIComponent(route[1]);
  const operation = route[2];
  const received = { method: request.method, path: rawPath, sdkPath: await sdkPath(modelId, operation),
                     query: Object.fromEntries(url.searchParams), headers: request.headers, body };
  const verdict = await verify(received, expected);
  fs.writeSync(log, JSON.stringify({ n, operation, model: modelId, path: rawPath, ...verdict }) + '\n');
  if (!verdict.ok) {
    if (verdict.status === 'MissingAuthenticationTokenException') return sendError(response, 403, verdict.status, 'Missing Authentication Token');
    return sendError(response, 403, 'InvalidSignatureException',
                     'The request signature we calculated does not match the signature you provided. ' +
                     'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return sendError(response, 400, 'ValidationException', 'Malformed input request');
  }
  let frames;
  if (operation === 'converse-stream') {
    const maxTokens = json?.inferenceConfig?.maxTokens;
    if (!Array.isArray(json?.messages) || !Number.isInteger(maxTokens)) {
      return sendError(response, 400, 'ValidationException', 'messages and inferenceConfig.maxTokens are required here');
    }
    frames = converseFrames(Math.min(maxTokens, 256));
  } else {
    if (typeof json?.anthropic_version !== 'string' || !Array.isArray(json?.messages) || !Number.isInteger(json?.max_tokens)) {
      return sendError(response, 400, 'ValidationException', 'anthropic_version, messages and max_tokens are required');
    }
    frames = claudeFrames(Math.min(json.max_tokens, 256));
  }
  const headers = { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': crypto.randomUUID() };
  if (operation === 'invoke-with-response-stream') headers['x-amzn-bedrock-content-type'] = 'application/json';
  response.writeHead(200, headers);  // no content-length: chunked
  for (let i = 0; i < frames.length; i++) {
    if (response.destroyed) return;
    if (i > 0) await sleep(FRAME_GAP_MS);
    response.write(frames[i]);
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
        if (!response.headersSent) sendError(response, 500, 'InternalServerException', 'reference server error');
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
