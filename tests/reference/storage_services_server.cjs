// Stand-ins for three storage services, for `genai-bench upload` to talk to over loopback. Each one
// checks credentials the way the real service does, stores what it receives under STORE_DIR (one
// file per object, at its key, so the test can compare bytes), and logs one JSON line per request
// to LOG_FILE: {n, service, op, method, url, status, ...what it checked}.
//
//   gcs: Google Cloud Storage's JSON API and Google's OAuth2 token endpoint.
//     POST /token: a JWT-bearer grant (RFC 7523) of GOOGLE_SERVICE_ACCOUNT_JSON's key: RS256 verified
//       with GOOGLE_PUBLIC_KEY_PEM by node:crypto and by google-auth-library's verifier, iss =
//       client_email, aud = https://oauth2.googleapis.com/token, a scope, kid = private_key_id, exp - iat
//       at most an hour -> {access_token, expires_in, token_type}; else 400 invalid_grant.
//     POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name=KEY: needs "Authorization: Bearer T"
//       with a T this process issued for a scope that may write (else 401/403 JSON errors); the body
//       is the object, Content-Type its type.
//     POST ...?uploadType=resumable&name=KEY: same auth; answers 200 with Location
//       .../o?uploadType=resumable&upload_id=ID; then PUT chunks to it with Content-Range
//       "bytes a-b/total" or "bytes a-b/*" (or "bytes */total" to ask the status): 308 with
//       Range bytes=0-b until the last, then 200 with the object's JSON. Every chunk but the last
//       must be a multiple of 256 KiB and start where the stored bytes end (a repeat of stored
//       bytes is skipped, as GCS does); else 400.
//     The query's name is form-decoded as Google does ('+' is a space): a key must be percent-encoded.
//   oci: OCI Object Storage's native API. Every request must carry a valid OCI HTTP signature
//     (version 1, rsa-sha256, OCI_PUBLIC_KEY_PEM): checked here by node:crypto and by http-signature
//     (the library inside Oracle's oci-common), else 401 NotAuthenticated. (request-target), host and
//     date (or x-date) must be signed; POST also content-length, content-type and x-content-sha256;
//     PutObject and UploadPart need not sign the body headers (Oracle's SDKs do not: oci-common's
//     ObjectStorageClient.putObject/uploadPart send with excludeBody, oci-python-sdk's put_object/
//     upload_part with enforce_content_headers=False), but any signed x-content-sha256 and
//     content-length must match the body. Each request is also signed by Oracle's own signer
//     (oci-common's DefaultRequestSigner, the same config file, excluding the body where the SDK
//     does): the log's "oracle" is "agrees" when its keyId, host and set of signed headers (x-date
//     counted as date) and, where signed, its body headers equal ours, and its signature verifies.
//     GET /n/ -> "testnamespace"; PUT /n/{ns}/b/{bucket}/o/{name} (name percent-decoded, so '/' may
//     come as %2F); multipart: POST /n/{ns}/b/{bucket}/u {"object": name} -> {uploadId}, PUT
//     .../u/{name}?uploadId=&uploadPartNum=N -> ETag, POST .../u/{name}?uploadId= {"partsToCommit":
//     [{partNum, etag}]} -> 200 (the object is the committed parts in order), DELETE (abort),
//     GET (list parts).
//   github: GitHub's REST API for releases (Authorization "token T" or "Bearer T" with T =
//     $STORAGE_STANDIN_GITHUB_TOKEN, else 401 Bad credentials; a User-Agent is required, else 403,
//     as GitHub does). GET /repos/{o}/{r}/releases/tags/{tag} (404 until created), POST
//     /repos/{o}/{r}/releases -> 201 with upload_url on the second port (as uploads.github.com is
//     another host than api.github.com), GET /repos/{o}/{r}/releases/{id}[/assets], DELETE
//     /repos/{o}/{r}/releases/assets/{id} -> 204. On the uploads port: POST
//     /repos/{o}/{r}/releases/{id}/assets?name=NAME -> 201; the name is renamed as GitHub does
//     (every character outside A-Za-z0-9._- becomes '.', runs of '.' become one, no leading or
//     trailing '.'), and a name that exists after renaming -> 422 already_exists.
//   control (the test's, not a service): POST /__control {"fail": {"gcs-upload": 1, "gcs-chunk": 1,
//     "oci-put": 1, "oci-part": 1}} makes the next first upload request / second chunk / object PUT
//     / second part answer 503 once per count.
//
// Before listening it checks its own verifiers: oci-common's signature verifies and one by another
// key does not; google-auth-library's grant for the key file is accepted and one signed by another
// key is refused.
// Usage: node storage_services_server.cjs LOG_FILE STORE_DIR OCI_CONFIG_FILE OCI_PUBLIC_KEY_PEM
//          GOOGLE_SERVICE_ACCOUNT_JSON GOOGLE_PUBLIC_KEY_PEM
//        (run from the npm cache folder; prints the API port, then the GitHub uploads port, both on 127.0.0.1)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const common = require('oci-common');
const httpSignature = require('http-signature');
const { JWT, OAuth2Client } = require('google-auth-library');

const [logFile, storeDir, ociConfigFile, ociPublicKeyFile, googleKeyFile, googlePublicKeyFile] = process.argv.slice(2);
if (!googlePublicKeyFile) {
  console.error('usage: node storage_services_server.cjs LOG_FILE STORE_DIR OCI_CONFIG_FILE OCI_PUBLIC_KEY_PEM ' +
                'GOOGLE_SERVICE_ACCOUNT_JSON GOOGLE_PUBLIC_KEY_PEM');
  process.exit(2);
}
const MAX_SKEW_MS = 5 * 60 * 1000;
const CHUNK_UNIT = 256 * 1024;
const OCI_NAMESPACE = 'testnamespace';
const GOOGLE_AUDIENCE = 'https://oauth2.googleapis.com/token';
const GOOGLE_WRITE_SCOPES = ['https://www.googleapis.com/auth/cloud-platform',
                             'https://www.googleapis.com/auth/devstorage.full_control',
                             'https://www.googleapis.com/auth/devstorage.read_write'];
const githubToken = process.env.STORAGE_STANDIN_GITHUB_TOKEN || '';

const log = fs.openSync(logFile, 'a');
const writeLog = (entry) => fs.writeSync(log, JSON.stringify(entry) + '\n');
const sha256Base64 = (bytes) => crypto.createHash('sha256').update(bytes).digest('base64');
const md5Base64 = (bytes) => crypto.createHash('md5').update(bytes).digest('base64');
const faults = {};
let requestCount = 0;
let apiPort = 0;
let uploadsPort = 0;

// Takes one count of an injected fault; true when the request must fail.
function takeFault(name) {
  if (!faults[name]) return false;
  faults[name]--;
  return true;
}

// Writes an object under STORE_DIR/parts... (each a path segment); refuses names that would leave it.
function storeObject(parts, body) {
  for (const part of parts) {
    const segments = part.split('/');
    if (!part || segments.some((s) => s === '' || s === '.' || s === '..')) return `the name ${JSON.stringify(part)} has an empty, . or .. segment`;
  }
  const file = path.join(storeDir, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return null;
}

function sendJson(response, status, value, headers = {}) {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

// ---------------------------------------------------------------- Google: token endpoint and GCS

const googleKey = JSON.parse(fs.readFileSync(googleKeyFile, 'utf8'));
const googlePublicPem = fs.readFileSync(googlePublicKeyFile, 'utf8');
const issuedTokens = new Map();  // access token -> {scopes}
const sessions = new Map();      // upload_id -> resumable session
let generation = 1700000000000000;

// Our check of a JWT-bearer grant (form body); {ok, reason?, claims?}.
async function verifyGrant(formBody) {
  const form = new URLSearchParams(formBody);
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { ok: false, reason: `grant_type ${form.get('grant_type')}` };
  const jwt = form.get('assertion') || '';
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the assertion is not a JWT' };
  let header, claims;
  try {
    [header, claims] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'the JWT header or claims are not JSON' };
  }
  const problems = [];
  if (header.alg !== 'RS256') problems.push(`alg ${header.alg}`);
  if (header.kid !== undefined && header.kid !== googleKey.private_key_id) problems.push(`kid ${header.kid} is not the key's`);
  if (claims.iss !== googleKey.client_email) problems.push(`iss ${claims.iss} is not ${googleKey.client_email}`);
  if (claims.aud !== GOOGLE_AUDIENCE) problems.push(`aud ${claims.aud} is not ${GOOGLE_AUDIENCE}`);
  if (typeof claims.scope !== 'string' || !claims.scope.trim()) problems.push('no scope');
  const now = Date.now() / 1000;
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp)) problems.push('iat or exp is not an integer');
  else {
    if (claims.exp - claims.iat > 3600 || claims.exp <= claims.iat) problems.push(`exp - iat is ${claims.exp - claims.iat} s`);
    if (claims.iat > now + 300 || claims.exp < now - 300) problems.push('the JWT is not valid now');
  }
  const signed = crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), googlePublicPem, Buffer.from(parts[2], 'base64url'));
  if (!signed) problems.push('Invalid JWT Signature');
  // google-auth-library's own verifier (signature with the key named by kid, iat/exp, aud, iss).
  let library = false;
  try {
    // It looks the key up by the header's kid; google-auth-library's own grants have none (the
    // lookup then uses the property name "undefined").
    const certs = { [String(header.kid)]: googlePublicPem };
    await new OAuth2Client().verifySignedJwtWithCertsAsync(jwt, certs, GOOGLE_AUDIENCE, [googleKey.client_email]);
    library = true;
  } catch (error) {
    if (!problems.length) problems.push(`google-auth-library refuses it: ${error.message}`);
  }
  return problems.length ? { ok: false, library, reason: problems.join('; '), claims } : { ok: true, library, claims };
}

function googleError(response, status, reason, message, headers = {}) {
  sendJson(response, status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } }, headers);
}

// The bearer token's grant, or null after answering 401/403.
function gcsAuthorize(request, response, entry) {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization || '');
  const grant = match && issuedTokens.get(match[1]);
  if (!grant) {
    entry.reason = match ? 'a bearer token this token endpoint did not issue' : 'no bearer token';
    googleError(response, 401, 'authError', 'Invalid Credentials', { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' });
    return null;
  }
  if (!grant.scopes.some((scope) => GOOGLE_WRITE_SCOPES.includes(scope))) {
    entry.reason = `scopes ${grant.scopes.join(' ')} may not write`;
    googleError(response, 403, 'insufficientPermissions', 'Provided scope(s) are not authorized');
    return null;
  }
  entry.auth = 'bearer ok';
  return grant;
}

function objectResource(bucket, name, body, contentType) {
  const gen = String(generation++);
  return { kind: 'storage#object', id: `${bucket}/${name}/${gen}`, name, bucket, generation: gen, metageneration: '1',
           contentType, size: String(body.length), md5Hash: md5Base64(body), timeCreated: new Date().toISOString() };
}

function finishObject(response, entry, bucket, name, body, contentType, via) {
  const problem = storeObject(['gcs', bucket, name], body);
  if (problem) {
    entry.reason = problem;
    return googleError(response, 400, 'invalid', `Invalid object name: ${problem}`);
  }
  entry.stored = { bucket, key: name, size: body.length, contentType, via };
  sendJson(response, 200, objectResource(bucket, name, body, contentType));
}

async function handleGoogle(request, response, body, url, entry) {
  entry.service = 'gcs';
  if (request.method === 'POST' && url.pathname === '/token') {
    entry.op = 'token';
    const verdict = await verifyGrant(body.toString('utf8'));
    Object.assign(entry, { ok: verdict.ok, library: verdict.library, reason: verdict.reason, scope: verdict.claims?.scope });
    if (!verdict.ok) return sendJson(response, 400, { error: 'invalid_grant', error_description: verdict.reason });
    const token = `ya29.standin-${crypto.randomBytes(24).toString('base64url')}`;
    issuedTokens.set(token, { scopes: verdict.claims.scope.split(' ').filter(Boolean) });
    entry.token = token;  // for the test's check that no output holds it
    return sendJson(response, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
  }
  const match = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
  if (!match) {
    entry.op = 'unknown';
    return googleError(response, 404, 'notFound', 'Not Found');
  }
  const bucket = decodeURIComponent(match[1]);
  const uploadType = url.searchParams.get('uploadType');
  if (request.method === 'POST' && (uploadType === 'media' || uploadType === 'resumable')) {
    entry.op = uploadType === 'media' ? 'media' : 'resumable-start';
    // A resumable upload may name the object in its JSON metadata instead of the query.
    let metadata = {};
    if (uploadType === 'resumable' && body.length) {
      try {
        metadata = JSON.parse(body.toString('utf8'));
      } catch {
        return googleError(response, 400, 'parseError', 'Parse Error');
      }
    }
    const name = url.searchParams.get('name') || metadata.name;
    entry.key = name;
    if (!gcsAuthorize(request, response, entry)) return;
    if (takeFault('gcs-upload')) {
      entry.injected = 503;
      return googleError(response, 503, 'backendError', 'Backend Error');
    }
    if (!name) return googleError(response, 400, 'required', 'Required parameter: name');
    if (uploadType === 'media') {
      const contentType = request.headers['content-type'] || 'application/octet-stream';
      return finishObject(response, entry, bucket, name, body, contentType, 'media');
    }
    const contentType = metadata.contentType || request.headers['x-upload-content-type'] || 'application/octet-stream';
    const declared = request.headers['x-upload-content-length'];
    const id = `ADPyc${crypto.randomBytes(18).toString('base64url')}`;
    sessions.set(id, { bucket, name, contentType, declared: declared === undefined ? null : Number(declared),
                       total: null, parts: [], committed: 0, chunks: [], done: false });
    entry.uploadId = id;
    const location = `http://${request.headers.host}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`;
    response.writeHead(200, { location, 'x-guploader-uploadid': id, 'content-length': 0 });
    return response.end();
  }
  if (request.method === 'PUT' && uploadType === 'resumable') {
    entry.op = 'chunk';
    const session = sessions.get(url.searchParams.get('upload_id') || '');
    if (!session) {
      entry.reason = 'no such upload_id';
      return googleError(response, 404, 'notFound', 'No such upload session');
    }
    entry.key = session.name;
    entry.authorization = request.headers.authorization ? 'sent' : 'none';
    const range = request.headers['content-range'] || '';
    entry.contentRange = range;
    entry.size = body.length;
    const rangeAnswer = () => {
      const headers = { 'content-length': 0 };
      if (session.committed > 0) headers.range = `bytes=0-${session.committed - 1}`;
      response.writeHead(308, headers);
      response.end();
    };
    const query = /^bytes \*\/(\d+|\*)$/.exec(range);
    if (query) {
      entry.op = 'chunk-status';
      if (session.done) return sendJson(response, 200, objectResource(session.bucket, session.name, Buffer.concat(session.chunks), session.contentType));
      return rangeAnswer();
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range);
    if (!match) {
      entry.reason = `bad Content-Range ${JSON.stringify(range)}`;
      return googleError(response, 400, 'invalid', 'Failed to parse Content-Range header.');
    }
    const [start, end] = [Number(match[1]), Number(match[2])];
    const total = match[3] === '*' ? null : Number(match[3]);
    const problems = [];
    if (session.done) problems.push('the upload is already complete');
    if (end - start + 1 !== body.length) problems.push(`Content-Range spans ${end - start + 1} bytes, the body has ${body.length}`);
    if (start > session.committed) problems.push(`the chunk starts at ${start}, the stored bytes end at ${session.committed}`);
    if (total !== null && session.total !== null && total !== session.total) problems.push(`total ${total} after ${session.total}`);
    const last = total !== null && end + 1 === total;
    if (total !== null && end + 1 > total) problems.push(`the chunk ends past the total ${total}`);
    if (!last && body.length % CHUNK_UNIT !== 0) problems.push(`a chunk of ${body.length} bytes that is not the last is not a multiple of 256 KiB`);
    if (problems.length) {
      entry.reason = problems.join('; ');
      return googleError(response, 400, 'invalid', entry.reason);
    }
    if (faults['gcs-chunk'] && session.chunks.length === 1 && takeFault('gcs-chunk')) {
      entry.injected = 503;
      return googleError(response, 503, 'backendError', 'Backend Error');
    }
    if (total !== null) session.total = total;
    const fresh = body.subarray(session.committed - start);  // bytes already stored are skipped
    if (fresh.length) session.chunks.push(fresh);
    session.committed += fresh.length;
    session.parts.push(body.length);
    if (!last) return rangeAnswer();
    session.done = true;
    const object = Buffer.concat(session.chunks);
    entry.chunkSizes = session.parts;
    return finishObject(response, entry, session.bucket, session.name, object, session.contentType, 'resumable');
  }
  entry.op = 'unsupported';
  return googleError(response, 400, 'invalid', `uploadType ${uploadType} with ${request.method} is not served by this stand-in`);
}

// ---------------------------------------------------------------- OCI Object Storage

const ociPublicPem = fs.readFileSync(ociPublicKeyFile, 'utf8');
const ociPublicKey = crypto.createPublicKey(ociPublicPem);
const ociProvider = new common.ConfigFileAuthenticationDetailsProvider(ociConfigFile, 'DEFAULT');
let ociKeyId;
const multipartUploads = new Map();  // uploadId -> {ns, bucket, object, contentType, parts: Map(num -> {etag, body})}

function parseAuthorization(value) {
  const match = /^Signature (.*)$/.exec(value || '');
  if (!match) return null;
  const params = {};
  const pattern = /([A-Za-z]+)="([^"]*)"(?:,|$)/y;
  while (pattern.lastIndex < match[1].length) {
    const found = pattern.exec(match[1]);
    if (!found) return null;
    params[found[1]] = found[2];
  }
  return params;
}

// PutObject and UploadPart: Oracle's SDKs sign them without the body headers.
const bodyExempt = (method, pathname) => method === 'PUT' && /^\/n\/[^/]+\/b\/[^/]+\/[ou]\/./.test(pathname);

// Our check: received = {method, url (as received), headers (lowercase), body}.
function verifyHere(received) {
  const params = parseAuthorization(received.headers.authorization);
  if (!params) return { ok: false, reason: 'no parseable "Signature ..." Authorization header' };
  const names = (params.headers || '').split(' ').filter(Boolean).map((name) => name.toLowerCase());
  const result = { ok: false, signedHeaders: names.join(' '), keyId: params.keyId };
  const problems = [];
  if (params.version !== '1') problems.push(`version ${JSON.stringify(params.version)} is not "1"`);
  if (params.algorithm !== 'rsa-sha256') problems.push(`algorithm ${JSON.stringify(params.algorithm)} is not rsa-sha256`);
  if (params.keyId !== ociKeyId) problems.push(`keyId ${params.keyId} is not ${ociKeyId}`);
  if (!params.signature) problems.push('no signature');
  const dateName = names.includes('x-date') ? 'x-date' : 'date';
  const required = ['(request-target)', 'host', dateName];
  const pathname = received.url.split('?')[0];
  if (['POST', 'PUT', 'PATCH'].includes(received.method) && !bodyExempt(received.method, pathname)) {
    required.push('content-length', 'content-type', 'x-content-sha256');
  }
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
  const valid = crypto.verify('sha256', Buffer.from(result.signingString, 'utf8'), ociPublicKey, Buffer.from(params.signature, 'base64'));
  return valid ? { ...result, ok: true } : { ...result, reason: 'RSA signature does not verify with the public key' };
}

function verifyByLibrary(received) {
  try {
    const parsed = httpSignature.parseRequest({ method: received.method, url: received.url, httpVersion: '1.1', headers: received.headers },
                                              { clockSkew: MAX_SKEW_MS / 1000 });
    return { ok: httpSignature.verifySignature(parsed, ociPublicPem), signingString: parsed.signingString };
  } catch (error) {
    return { ok: false, error: `${error.name}: ${error.message}` };
  }
}

function verifyOci(received) {
  const here = verifyHere(received);
  const library = verifyByLibrary(received);
  const verdict = { ...here, library: library.ok };
  if (here.ok && library.signingString !== here.signingString) {
    return { ...verdict, ok: false, reason: 'http-signature rebuilt another signing string' };
  }
  if (here.ok !== library.ok) {
    return { ...verdict, ok: false, reason: `verifiers disagree: here ${here.ok} (${here.reason ?? 'valid'}), http-signature ${library.ok}` +
             (library.error ? ` (${library.error})` : '') };
  }
  return verdict;
}

// oci-common's DefaultRequestSigner over the same request, excluding the body where Oracle's
// ObjectStorageClient does (putObject, uploadPart).
async function signByOracle(authProvider, method, host, url, contentType, body) {
  const headers = new Headers({ host });
  if (contentType !== undefined) headers.set('content-type', contentType);
  const excludeBody = bodyExempt(method, url.split('?')[0]);
  const request = { method, uri: `http://${host}${url}`, headers, body: excludeBody || !body.length ? undefined : body.toString('utf8') };
  await new common.DefaultRequestSigner(authProvider).signHttpRequest(request, excludeBody);
  return Object.fromEntries([...headers.entries()].map(([name, value]) => [name.toLowerCase(), value]));
}

const signedSet = (headersParam) => (headersParam || '').split(' ').filter(Boolean)
  .map((name) => (name.toLowerCase() === 'x-date' ? 'date' : name.toLowerCase())).sort().join(' ');

async function crossCheckOci(received) {
  const oracle = await signByOracle(ociProvider, received.method, received.headers.host, received.url,
                                    received.headers['content-type'], received.body);
  const problems = [];
  const theirs = parseAuthorization(oracle.authorization);
  const ours = parseAuthorization(received.headers.authorization) || {};
  if (theirs.keyId !== ours.keyId) problems.push(`oci-common's keyId ${theirs.keyId}, ours ${ours.keyId}`);
  if (signedSet(theirs.headers) !== signedSet(ours.headers)) {
    problems.push(`oci-common signs [${theirs.headers}], we sign [${ours.headers}]`);
  }
  const ourNames = (ours.headers || '').split(' ');
  for (const name of ['host', 'content-type', 'content-length', 'x-content-sha256']) {
    if (name !== 'host' && !ourNames.includes(name)) continue;
    if (oracle[name] !== received.headers[name]) problems.push(`oci-common's ${name} ${oracle[name]}, ours ${received.headers[name]}`);
  }
  const check = verifyOci({ method: received.method, url: received.url, headers: oracle, body: received.body });
  if (!check.ok) problems.push(`oci-common's own signature does not verify: ${check.reason}`);
  return { oracleSignedHeaders: theirs.headers, oracle: problems.length ? problems.join('; ') : 'agrees' };
}

function ociError(response, status, code, message) {
  sendJson(response, status, { code, message }, { 'opc-request-id': crypto.randomUUID() });
}

function ociOk(response, status, value, headers = {}) {
  const base = { 'opc-request-id': crypto.randomUUID(), ...headers };
  if (value === undefined) {
    response.writeHead(status, { ...base, 'content-length': 0 });
    return response.end();
  }
  return sendJson(response, status, value, base);
}

async function handleOci(request, response, body, url, entry) {
  entry.service = 'oci';
  const received = { method: request.method, url: request.url, headers: request.headers, body };
  const verdict = verifyOci(received);
  const cross = await crossCheckOci(received);
  Object.assign(entry, { ok: verdict.ok, library: verdict.library, reason: verdict.reason, signedHeaders: verdict.signedHeaders, ...cross });
  if (url.pathname === '/n/' || url.pathname === '/n') entry.op = 'namespace';
  if (!verdict.ok) {
    return ociError(response, 401, 'NotAuthenticated', 'The required information to complete authentication was not provided or was incorrect.');
  }
  if (entry.op === 'namespace' && request.method === 'GET') return ociOk(response, 200, OCI_NAMESPACE);
  const match = /^\/n\/([^/]+)\/b\/([^/]+)\/(o|u)(?:\/(.+))?$/.exec(url.pathname);
  if (!match) {
    entry.op = 'unknown';
    return ociError(response, 404, 'NotFound', 'Not Found');
  }
  const [ns, bucket] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
  const kind = match[3];
  const name = match[4] === undefined ? undefined : decodeURIComponent(match[4]);
  entry.key = name;
  if (ns !== OCI_NAMESPACE) {
    entry.reason = `namespace ${ns}`;
    return ociError(response, 404, 'BucketNotFound', `Either the bucket named '${bucket}' does not exist in the namespace '${ns}' or you are not authorized to access it`);
  }
  const contentType = request.headers['content-type'] || 'application/octet-stream';
  if (kind === 'o' && name !== undefined && request.method === 'PUT') {
    entry.op = 'put';
    if (takeFault('oci-put')) {
      entry.injected = 503;
      return ociError(response, 503, 'ServiceUnavailable', 'Service unavailable (injected)');
    }
    if (request.headers['content-md5'] !== undefined && request.headers['content-md5'] !== md5Base64(body)) {
      entry.reason = 'Content-MD5 does not match';
      return ociError(response, 400, 'InvalidContentMD5', 'The computed MD5 does not match the Content-MD5 header');
    }
    const problem = storeObject(['oci', ns, bucket, name], body);
    if (problem) return ociError(response, 400, 'InvalidParameter', problem);
    entry.stored = { bucket, key: name, size: body.length, contentType, via: 'put' };
    return ociOk(response, 200, undefined, { etag: crypto.randomUUID(), 'opc-content-md5': md5Base64(body), 'last-modified': new Date().toUTCString() });
  }
  if (kind === 'u' && name === undefined && request.method === 'POST') {
    entry.op = 'multipart-create';
    let details;
    try {
      details = JSON.parse(body.toString('utf8'));
      if (typeof details.object !== 'string' || !details.object) throw new Error();
    } catch {
      return ociError(response, 400, 'InvalidParameter', 'CreateMultipartUploadDetails with an object name is required');
    }
    entry.key = details.object;
    const uploadId = crypto.randomUUID();
    multipartUploads.set(uploadId, { ns, bucket, object: details.object, contentType: details.contentType || 'application/octet-stream', parts: new Map() });
    entry.uploadId = uploadId;
    return ociOk(response, 200, { namespace: ns, bucket, object: details.object, uploadId, timeCreated: new Date().toISOString(), storageTier: 'Standard' });
  }
  if (kind !== 'u' || name === undefined) {
    entry.op = 'unsupported';
    return ociError(response, 400, 'InvalidParameter', `${request.method} ${url.pathname} is not served by this stand-in`);
  }
  const uploadId = url.searchParams.get('uploadId') || '';
  const upload = multipartUploads.get(uploadId);
  if (!upload || upload.object !== name || upload.bucket !== bucket) {
    entry.op = `multipart-${request.method.toLowerCase()}`;
    entry.reason = 'no such upload';
    return ociError(response, 404, 'NoSuchUpload', `The upload ${uploadId} does not exist for object ${name}`);
  }
  if (request.method === 'PUT') {
    entry.op = 'part';
    const partNum = Number(url.searchParams.get('uploadPartNum'));
    entry.partNum = partNum;
    entry.size = body.length;
    if (!Number.isInteger(partNum) || partNum < 1 || partNum > 10000) return ociError(response, 400, 'InvalidParameter', 'uploadPartNum must be 1..10000');
    if (faults['oci-part'] && partNum === 2 && takeFault('oci-part')) {
      entry.injected = 503;
      return ociError(response, 503, 'ServiceUnavailable', 'Service unavailable (injected)');
    }
    const etag = crypto.randomUUID();
    upload.parts.set(partNum, { etag, body });
    return ociOk(response, 200, undefined, { etag, 'opc-content-md5': md5Base64(body) });
  }
  if (request.method === 'POST') {
    entry.op = 'multipart-commit';
    let commit;
    try {
      commit = JSON.parse(body.toString('utf8'));
      if (!Array.isArray(commit.partsToCommit) || !commit.partsToCommit.length) throw new Error();
    } catch {
      return ociError(response, 400, 'InvalidParameter', 'CommitMultipartUploadDetails with partsToCommit is required');
    }
    const problems = [];
    const nums = commit.partsToCommit.map((part) => part.partNum);
    for (const part of commit.partsToCommit) {
      const stored = upload.parts.get(part.partNum);
      if (!stored) problems.push(`part ${part.partNum} was not uploaded`);
      else if (stored.etag !== part.etag) problems.push(`part ${part.partNum}'s etag ${part.etag} is not ${stored.etag}`);
    }
    if (new Set(nums).size !== nums.length) problems.push('a part is committed twice');
    entry.partsCommitted = [...nums].sort((a, b) => a - b);
    if (problems.length) {
      entry.reason = problems.join('; ');
      return ociError(response, 400, 'InvalidUploadPart', entry.reason);
    }
    const object = Buffer.concat(entry.partsCommitted.map((num) => upload.parts.get(num).body));
    const problem = storeObject(['oci', ns, bucket, name], object);
    if (problem) return ociError(response, 400, 'InvalidParameter', problem);
    multipartUploads.delete(uploadId);
    entry.stored = { bucket, key: name, size: object.length, contentType: upload.contentType, via: 'multipart',
                     partSizes: entry.partsCommitted.map((num) => upload.parts.get(num).body.length) };
    return ociOk(response, 200, undefined, { etag: crypto.randomUUID(), 'opc-multipart-md5': `${md5Base64(object)}-${nums.length}` });
  }
  if (request.method === 'DELETE') {
    entry.op = 'multipart-abort';
    multipartUploads.delete(uploadId);
    return ociOk(response, 204);
  }
  if (request.method === 'GET') {
    entry.op = 'multipart-list';
    return ociOk(response, 200, [...upload.parts].sort((a, b) => a[0] - b[0])
      .map(([partNumber, part]) => ({ partNumber, etag: part.etag, md5: md5Base64(part.body), size: part.body.length })));
  }
  entry.op = 'unsupported';
  return ociError(response, 405, 'MethodNotAllowed', 'Method not allowed');
}

// ---------------------------------------------------------------- GitHub releases

const releases = new Map();  // "owner/repo" -> [release]
let nextReleaseId = 1;
let nextAssetId = 1000;

function githubAssetName(name) {
  return name.replace(/[^A-Za-z0-9._-]/g, '.').replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
}

function githubError(response, status, message, extra = {}) {
  sendJson(response, status, { message, documentation_url: 'https://docs.github.com/rest', ...extra });
}

function releaseJson(repoKey, release) {
  const api = `http://127.0.0.1:${apiPort}/repos/${repoKey}`;
  return { id: release.id, tag_name: release.tag, name: release.name, body: release.body, draft: false, prerelease: false,
           url: `${api}/releases/${release.id}`, assets_url: `${api}/releases/${release.id}/assets`,
           upload_url: `http://127.0.0.1:${uploadsPort}/repos/${repoKey}/releases/${release.id}/assets{?name,label}`,
           assets: release.assets.map((asset) => assetJson(repoKey, release, asset)) };
}

function assetJson(repoKey, release, asset) {
  return { id: asset.id, name: asset.name, label: asset.label ?? null, content_type: asset.contentType, size: asset.size, state: 'uploaded',
           url: `http://127.0.0.1:${apiPort}/repos/${repoKey}/releases/assets/${asset.id}`,
           browser_download_url: `http://127.0.0.1:${apiPort}/download/${repoKey}/${release.tag}/${encodeURIComponent(asset.name)}` };
}

async function handleGithub(request, response, body, url, entry, onUploads) {
  entry.service = 'github';
  entry.port = onUploads ? 'uploads' : 'api';
  if (!request.headers['user-agent']) {
    entry.reason = 'no User-Agent';
    return githubError(response, 403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header');
  }
  const auth = request.headers.authorization || '';
  const match = /^(?:token|Bearer) (\S+)$/i.exec(auth);
  if (!githubToken || !match || match[1] !== githubToken) {
    entry.reason = auth ? 'wrong token' : 'no Authorization';
    return githubError(response, 401, 'Bad credentials', { status: '401' });
  }
  const route = /^\/repos\/([^/]+)\/([^/]+)\/releases(?:\/(.*))?$/.exec(url.pathname);
  if (!route) {
    entry.op = 'unknown';
    return githubError(response, 404, 'Not Found', { status: '404' });
  }
  const repoKey = `${route[1]}/${route[2]}`;
  const rest = route[3] ?? '';
  const list = releases.get(repoKey) ?? [];
  releases.set(repoKey, list);
  const byId = (id) => list.find((release) => String(release.id) === id);
  let found;
  if (onUploads) {
    if (request.method === 'POST' && (found = /^(\d+)\/assets$/.exec(rest))) {
      entry.op = 'asset-upload';
      const release = byId(found[1]);
      if (!release) return githubError(response, 404, 'Not Found', { status: '404' });
      const sent = url.searchParams.get('name');
      entry.name = sent;
      if (!sent) return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' }] });
      if (!request.headers['content-type']) return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'content_type' }] });
      const name = githubAssetName(sent);
      entry.storedName = name;
      if (release.assets.some((asset) => asset.name === name)) {
        entry.reason = 'already_exists';
        return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] });
      }
      const problem = storeObject(['github', route[1], route[2], release.tag, name], body);
      if (problem) return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'ReleaseAsset', code: 'invalid', field: 'name' }] });
      const asset = { id: nextAssetId++, name, label: url.searchParams.get('label'), contentType: request.headers['content-type'], size: body.length };
      release.assets.push(asset);
      entry.stored = { bucket: release.tag, key: name, size: body.length, contentType: asset.contentType, via: 'asset', id: asset.id };
      return sendJson(response, 201, assetJson(repoKey, release, asset));
    }
    entry.op = 'unknown';
    return githubError(response, 404, 'Not Found', { status: '404' });
  }
  if (request.method === 'GET' && (found = /^tags\/(.+)$/.exec(rest))) {
    entry.op = 'release-by-tag';
    const release = list.find((r) => r.tag === decodeURIComponent(found[1]));
    return release ? sendJson(response, 200, releaseJson(repoKey, release)) : githubError(response, 404, 'Not Found', { status: '404' });
  }
  if (request.method === 'POST' && rest === '') {
    entry.op = 'release-create';
    let details;
    try {
      details = JSON.parse(body.toString('utf8'));
      if (typeof details.tag_name !== 'string' || !details.tag_name) throw new Error();
    } catch {
      return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'Release', code: 'missing_field', field: 'tag_name' }] });
    }
    entry.tag = details.tag_name;
    if (list.some((r) => r.tag === details.tag_name)) {
      return githubError(response, 422, 'Validation Failed', { errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] });
    }
    const release = { id: nextReleaseId++, tag: details.tag_name, name: details.name ?? details.tag_name, body: details.body ?? '', assets: [] };
    list.push(release);
    return sendJson(response, 201, releaseJson(repoKey, release));
  }
  if (request.method === 'GET' && (found = /^(\d+)$/.exec(rest))) {
    entry.op = 'release-get';
    const release = byId(found[1]);
    return release ? sendJson(response, 200, releaseJson(repoKey, release)) : githubError(response, 404, 'Not Found', { status: '404' });
  }
  if (request.method === 'GET' && (found = /^(\d+)\/assets$/.exec(rest))) {
    entry.op = 'assets-list';
    const release = byId(found[1]);
    if (!release) return githubError(response, 404, 'Not Found', { status: '404' });
    const perPage = Math.min(Number(url.searchParams.get('per_page') || 30), 100);
    const page = Number(url.searchParams.get('page') || 1);
    const all = release.assets.map((asset) => assetJson(repoKey, release, asset));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const headers = {};
    if (page * perPage < all.length) {
      headers.link = `<http://127.0.0.1:${apiPort}/repos/${repoKey}/releases/${release.id}/assets?per_page=${perPage}&page=${page + 1}>; rel="next"`;
    }
    return sendJson(response, 200, slice, headers);
  }
  if (request.method === 'DELETE' && (found = /^assets\/(\d+)$/.exec(rest))) {
    entry.op = 'asset-delete';
    entry.id = Number(found[1]);
    for (const release of list) {
      const index = release.assets.findIndex((asset) => asset.id === entry.id);
      if (index < 0) continue;
      const [asset] = release.assets.splice(index, 1);
      entry.name = asset.name;
      fs.rmSync(path.join(storeDir, 'github', route[1], route[2], release.tag, asset.name), { force: true });
      response.writeHead(204);
      return response.end();
    }
    return githubError(response, 404, 'Not Found', { status: '404' });
  }
  entry.op = 'unknown';
  return githubError(response, 404, 'Not Found', { status: '404' });
}

// ---------------------------------------------------------------- dispatch, self-test, listen

async function handle(request, response, body, onUploads) {
  const entry = { n: ++requestCount, method: request.method, url: request.url };
  const url = new URL(request.url, 'http://127.0.0.1');
  try {
    if (onUploads) await handleGithub(request, response, body, url, entry, true);
    else if (url.pathname === '/__control') {
      entry.service = 'control';
      if (request.method === 'POST') {
        const control = JSON.parse(body.toString('utf8') || '{}');
        Object.assign(faults, control.fail || {});
      }
      sendJson(response, 200, { faults });
    } else if (url.pathname === '/token' || url.pathname.startsWith('/upload/storage/')) await handleGoogle(request, response, body, url, entry);
    else if (url.pathname === '/n' || url.pathname.startsWith('/n/')) await handleOci(request, response, body, url, entry);
    else if (url.pathname.startsWith('/repos/')) await handleGithub(request, response, body, url, entry, false);
    else {
      entry.service = 'none';
      sendJson(response, 404, { message: 'Not Found' });
    }
  } finally {
    entry.status = response.statusCode;
    writeLog(entry);
  }
}

async function selfTest() {
  ociKeyId = await ociProvider.getKeyId();
  const host = '127.0.0.1:1';
  const asReceived = (method, url, headers, body) => ({ method, url, headers, body: Buffer.from(body) });
  // A PutObject as oci-common signs it (no body headers), and a CreateMultipartUpload (with them).
  const putUrl = '/n/testnamespace/b/bench/o/a%2Fb%20c.json';
  const put = await signByOracle(ociProvider, 'PUT', host, putUrl, 'application/json', Buffer.from('{"x":1}'));
  if (!verifyOci(asReceived('PUT', putUrl, put, '{"x":1}')).ok) throw new Error('self-test: oci-common\'s PutObject signature did not verify');
  if (signedSet(parseAuthorization(put.authorization).headers) !== '(request-target) date host') {
    throw new Error(`self-test: oci-common signs PutObject over ${parseAuthorization(put.authorization).headers}`);
  }
  const createBody = JSON.stringify({ object: 'a/b' });
  const create = await signByOracle(ociProvider, 'POST', host, '/n/testnamespace/b/bench/u', 'application/json', Buffer.from(createBody));
  if (!verifyOci(asReceived('POST', '/n/testnamespace/b/bench/u', create, createBody)).ok) throw new Error('self-test: a signed POST did not verify');
  if (verifyOci(asReceived('POST', '/n/testnamespace/b/bench/u', create, createBody + ' ')).ok) throw new Error('self-test: a POST over another body verified');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const other = new common.SimpleAuthenticationDetailsProvider(ociProvider.getTenantId(), ociProvider.getUser(), ociProvider.getFingerprint(),
                                                               otherPem, null, ociProvider.getRegion());
  const forged = await signByOracle(other, 'PUT', host, putUrl, 'application/json', Buffer.from('{"x":1}'));
  if (verifyOci(asReceived('PUT', putUrl, forged, '{"x":1}')).ok) throw new Error('self-test: a signature by another key verified');
  // google-auth-library's own grant for the key file must pass our check; one by another key must not.
  const captureGrant = async (key) => {
    let grant;
    const fetchImplementation = async (target, init) => {
      grant = await new Request(target, init).text();
      return new Response(JSON.stringify({ access_token: 'x', expires_in: 3599, token_type: 'Bearer' }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = new JWT({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'], transporterOptions: { fetchImplementation } });
    client.fromJSON(key);
    await client.getAccessToken();
    return grant;
  };
  const good = await verifyGrant(await captureGrant(googleKey));
  if (!good.ok || !good.library) throw new Error(`self-test: google-auth-library's grant was refused: ${good.reason}`);
  const bad = await verifyGrant(await captureGrant({ ...googleKey, private_key: otherPem }));
  if (bad.ok) throw new Error('self-test: a grant signed by another key was accepted');
}

function serve(onUploads) {
  const server = http.createServer((request, response) => {
    const parts = [];
    request.on('data', (part) => parts.push(part));
    request.on('end', () => {
      handle(request, response, Buffer.concat(parts), onUploads).catch((error) => {
        writeLog({ ok: false, reason: `server error: ${error.stack}` });
        if (!response.headersSent) sendJson(response, 500, { message: 'stand-in error' });
        else response.destroy();
      });
    });
  });
  server.requestTimeout = 60000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function main() {
  fs.mkdirSync(storeDir, { recursive: true });
  await selfTest();
  apiPort = await serve(false);
  uploadsPort = await serve(true);
  console.log(apiPort);
  console.log(uploadsPort);
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
