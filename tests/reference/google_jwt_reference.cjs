// Compares our Google token requests (written by the unit test GoogleJwtReference.WritesOurRequests)
// with the ones Google's own google-auth-library sends for the same fixture key files, and verifies
// our JWT with Node's crypto and the library's verifier. Writes the library's JWT-bearer grant to
// WORK_DIR/library-service-account.body for our mock's check (GoogleJwtReference.AcceptsTheLibrarysGrant).
// Usage: node google_jwt_reference.cjs FIXTURES_DIR WORK_DIR   (run from the npm cache folder)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const {JWT, UserRefreshClient, OAuth2Client} = require('google-auth-library');
const jws = require('jws');

const [fixturesDir, workDir] = process.argv.slice(2);
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const AUDIENCE = 'https://oauth2.googleapis.com/token';

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ': ' + detail : ''}`);
  if (!ok) failures++;
}
const note = text => console.log(`note ${text}`);
const readJson = file => JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));
const readWork = file => fs.readFileSync(path.join(workDir, file), 'utf8');
const decodePart = part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const sortedEntries = params => JSON.stringify([...params.entries()].sort());

// Stands in for the network: gaxios hands us exactly what it would give fetch(), and a Request
// built from it yields the body bytes and Content-Type that would go on the wire.
async function captureTokenRequest(makeClient) {
  let captured;
  const fetchImplementation = async (url, init) => {
    const request = new Request(url, init);
    captured = {url: String(url), method: request.method, contentType: request.headers.get('content-type'),
                body: await request.text()};
    return new Response(JSON.stringify({access_token: 'ya29.reference', expires_in: 3599, token_type: 'Bearer'}),
                        {status: 200, headers: {'content-type': 'application/json'}});
  };
  const client = makeClient({transporterOptions: {fetchImplementation}});
  const {token} = await client.getAccessToken();
  check(token === 'ya29.reference', 'the library got its token through the captured request');
  return captured;
}

async function compareServiceAccount() {
  const key = readJson('service-account.json');
  const publicPem = fs.readFileSync(path.join(fixturesDir, 'public-key.pem'), 'utf8');
  const library = await captureTokenRequest(options => {
    const client = new JWT({...options, scopes: [SCOPE]});
    client.fromJSON(key);
    return client;
  });
  fs.writeFileSync(path.join(workDir, 'library-service-account.body'), library.body);
  const ours = {url: readWork('service-account.url'), body: readWork('service-account.body')};
  check(library.method === 'POST', 'the library POSTs the JWT grant');
  check(/^application\/x-www-form-urlencoded/.test(library.contentType), 'its body is form-encoded',
        library.contentType);
  note(`the library posts to ${library.url} (its token URL is fixed); we post to the key file's token_uri ` +
       `${ours.url}, as Python's google-auth does`);

  const libraryForm = new URLSearchParams(library.body), ourForm = new URLSearchParams(ours.body);
  check(JSON.stringify([...ourForm.keys()]) === JSON.stringify([...libraryForm.keys()]),
        'same form fields in the same order', [...ourForm.keys()].join(', '));
  check(ourForm.get('grant_type') === libraryForm.get('grant_type'), 'same grant_type', ourForm.get('grant_type'));

  const [libHeader, libClaims] = libraryForm.get('assertion').split('.').slice(0, 2).map(decodePart);
  const jwt = ourForm.get('assertion');
  const [headerPart, claimsPart, signaturePart] = jwt.split('.');
  const [ourHeader, ourClaims] = [decodePart(headerPart), decodePart(claimsPart)];
  check(ourHeader.alg === libHeader.alg, 'same alg', ourHeader.alg);
  check(ourHeader.kid === key.private_key_id, 'our header names the key (kid), as Python google-auth does');
  note(`the library's header is ${JSON.stringify(libHeader)}, ours ${JSON.stringify(ourHeader)}`);
  check(JSON.stringify(Object.keys(ourClaims).sort()) === JSON.stringify(Object.keys(libClaims).sort()),
        'same claim names', Object.keys(ourClaims).sort().join(', '));
  for (const claim of ['iss', 'scope', 'aud']) {
    check(ourClaims[claim] === libClaims[claim], `same ${claim}`, ourClaims[claim]);
  }
  check(ourClaims.exp - ourClaims.iat === libClaims.exp - libClaims.iat, 'same lifetime (exp - iat)',
        `${ourClaims.exp - ourClaims.iat} s`);
  check(Number.isInteger(ourClaims.iat) && Math.abs(ourClaims.iat - libClaims.iat) <= 600,
        'our iat is an integer close to the library\'s', `${ourClaims.iat} vs ${libClaims.iat}`);

  const signingInput = `${headerPart}.${claimsPart}`;
  const signature = Buffer.from(signaturePart, 'base64url');
  check(crypto.verify('sha256', Buffer.from(signingInput), publicPem, signature),
        'Node\'s crypto verifies our RS256 signature with the fixture public key');
  check(crypto.sign('sha256', Buffer.from(signingInput), key.private_key).equals(signature),
        'Node signs our signing input to the very same bytes (PKCS#1 v1.5 is deterministic)');
  check(jws.verify(jwt, 'RS256', publicPem), 'jws (the library\'s JWT signer) verifies our JWT');
  try {
    await new OAuth2Client().verifySignedJwtWithCertsAsync(jwt, {[key.private_key_id]: publicPem}, AUDIENCE,
                                                           [key.client_email]);
    check(true, 'the library\'s verifySignedJwtWithCertsAsync accepts our JWT (kid, signature, iat/exp, aud, iss)');
  } catch (error) {
    check(false, 'the library\'s verifySignedJwtWithCertsAsync accepts our JWT', error.message);
  }
}

async function compareAuthorizedUser() {
  const library = await captureTokenRequest(options => {
    const client = new UserRefreshClient(options);
    client.fromJSON(readJson('authorized-user.json'));
    return client;
  });
  const ours = {url: readWork('authorized-user.url'), body: readWork('authorized-user.body')};
  check(library.method === 'POST', 'the library POSTs the refresh grant');
  check(ours.url === library.url, 'same refresh-token URL', ours.url);
  check(/^application\/x-www-form-urlencoded/.test(library.contentType), 'its body is form-encoded',
        library.contentType);
  check(sortedEntries(new URLSearchParams(ours.body)) === sortedEntries(new URLSearchParams(library.body)),
        'same refresh grant fields and values (decoded)', [...new URLSearchParams(ours.body).keys()].join(', '));
}

(async () => {
  const manifest = path.join(__dirname, 'node_modules', 'google-auth-library', 'package.json');
  const {version} = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  console.log(`google-auth-library ${version}, Node ${process.version}`);
  await compareServiceAccount();
  await compareAuthorizedUser();
  process.exit(failures === 0 ? 0 : 1);
})().catch(error => {
  console.log(`FAIL ${error.stack}`);
  process.exit(1);
});
