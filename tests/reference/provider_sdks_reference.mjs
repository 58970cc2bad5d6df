// Drives our mock server's provider dialects with the providers' own SDK clients (npm, pinned by
// provider_sdks_reference_test.sh): each SDK must stream the mock's answer without error, return
// exactly the text the mock generated and the usage it reported, read a non-streamed answer where
// it has one, and raise its own rate-limit/overloaded error class for the mock's throttling answer
// (SDK retries off). Prints `PASS|FAIL DIALECT: what was checked`, with the failed checks after a
// FAIL; exits 1 when any check failed.
// Usage (run from the npm cache folder, so the packages resolve):
//   node provider_sdks_reference.mjs anthropic URL THROTTLE_URL API_KEY
//   node provider_sdks_reference.mjs azure     URL THROTTLE_URL API_KEY
//   node provider_sdks_reference.mjs cohere    URL THROTTLE_URL API_KEY
//   node provider_sdks_reference.mjs bedrock   URL THROTTLE_URL ACCESS_KEY_ID SECRET_ACCESS_KEY
//   node provider_sdks_reference.mjs vertex    URL THROTTLE_URL API_KEY CLIENT_EMAIL PRIVATE_KEY_PEM_FILE
import fs from 'node:fs';

const [dialect, url, throttleUrl, ...credentials] = process.argv.slice(2);
const MAX_TOKENS = 6;
// What the mock generates: token_text(0..5), the first words of kWords in
// src/mock/openai_mock_responses.cpp, one token each.
const EXPECTED_TEXT = ' the model writes one token at';
const PROMPT = 'Write one short sentence about benchmarks.';
const TIMEOUT_MS = 10000;

// Loopback only: every request fetch() makes must go to a mock. The last request is kept to show
// what an SDK sent when the mock refused it.
const realFetch = globalThis.fetch;
let lastRequest = null;
async function loopbackFetch(input, init = {}) {
  const target = String(input instanceof Request ? input.url : input);
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(target)) throw new Error(`refused a request off the loopback: ${target}`);
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  new Headers(init.headers ?? {}).forEach((value, name) => headers.set(name, value));
  lastRequest = {method: init.method ?? (input instanceof Request ? input.method : 'GET'), url: target,
                 headers: Object.fromEntries([...headers].map(([name, value]) =>
                   [name, /authorization|api-key|x-goog-api-key/i.test(name) ? value.replace(/^(Bearer )?(.{4}).*$/, '$1$2…') : value]))};
  return realFetch(input instanceof Request ? new Request(target, input) : target, init);
}
globalThis.fetch = loopbackFetch;
// Google's token URL is fixed in google-auth-library: its grants go to the Vertex mock's POST /token.
const tokenFetchTo = base => (input, init) =>
  loopbackFetch(String(input) === 'https://oauth2.googleapis.com/token' ? `${base}/token` : input, init);
// @google/genai logs with console.debug that the service account outranks any API key in the environment.
console.debug = () => {};
const sent = () => (lastRequest ? ` [the SDK sent ${lastRequest.method} ${lastRequest.url} with headers ${JSON.stringify(lastRequest.headers)}]` : '');

const checked = [];
const failures = [];
function check(ok, what, detail = '') {
  checked.push(what);
  if (!ok) failures.push(`${what}${detail ? ': ' + detail : ''}`);
  return ok;
}
const describe = error => `${error?.constructor?.name ?? typeof error}${error?.status ? ' ' + error.status : ''}${error?.statusCode ? ' ' + error.statusCode : ''}: ${String(error?.message ?? error).slice(0, 400)}`;
// Runs one SDK call; its exception fails `what` (with what the SDK sent) instead of the script.
async function attempt(what, body) {
  try {
    const result = await body();
    check(true, what);
    return result ?? true;
  } catch (error) {
    check(false, what, `${describe(error)}${sent()}`);
    return undefined;
  }
}
// Expects `call` to be refused by the throttling mock with an error `accept` recognises.
async function expectThrottled(what, call, accept) {
  try {
    await call();
    check(false, what, 'the call succeeded against a mock that throttles every request');
  } catch (error) {
    const problem = accept(error);
    check(!problem, what, problem ? `${problem}; got ${describe(error)}${sent()}` : '');
  }
}
const sameText = (what, text) => check(text === EXPECTED_TEXT, what, `got ${JSON.stringify(text)}, the mock generated ${JSON.stringify(EXPECTED_TEXT)}`);
const usage = (what, input, output) =>
  check(Number.isInteger(input) && input > 0 && output === MAX_TOKENS, what, `input ${input}, output ${output} (expected > 0 and ${MAX_TOKENS})`);

async function anthropic([key]) {
  const {default: Anthropic} = await import('@anthropic-ai/sdk');
  const options = {apiKey: key, maxRetries: 0, timeout: TIMEOUT_MS};
  const request = {model: 'claude-3-5-haiku-latest', max_tokens: MAX_TOKENS, messages: [{role: 'user', content: PROMPT}]};
  let client = new Anthropic({...options, baseURL: url});
  // The SDK's own authentication, as it sends it by default.
  const defaultAuth = await attempt('the mock accepts the SDK\'s default authentication (apiKey)',
                                    () => client.messages.create(request));
  if (!defaultAuth) {
    // Continue with the key also in x-api-key, so the rest is still checked.
    client = new Anthropic({...options, baseURL: url, defaultHeaders: {'x-api-key': key}});
  }

  await attempt('messages.create stream:true', async () => {
    let text = '', input, output, stop, deltas = 0;
    const types = [];
    for await (const event of await client.messages.create({...request, stream: true})) {
      types.push(event.type);
      if (event.type === 'message_start') input = event.message.usage.input_tokens;
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') { text += event.delta.text; deltas++; }
      if (event.type === 'message_delta') { output = event.usage.output_tokens; stop = event.delta.stop_reason; }
    }
    sameText('streamed text', text);
    check(deltas === MAX_TOKENS, 'one text_delta per token', `${deltas} deltas`);
    usage('streamed usage (message_start input_tokens, message_delta output_tokens)', input, output);
    check(stop === 'max_tokens', 'stop_reason max_tokens', String(stop));
    check(types.at(-1) === 'message_stop', 'the stream ends with message_stop', types.join(','));
  });
  await attempt('messages.stream().finalMessage()', async () => {
    const stream = client.messages.stream(request);
    let text = '';
    stream.on('text', delta => { text += delta; });
    const message = await stream.finalMessage();
    sameText('text events of messages.stream()', text);
    sameText('finalMessage() content', message.content.map(block => block.text).join(''));
    usage('finalMessage() usage', message.usage.input_tokens, message.usage.output_tokens);
  });
  await attempt('messages.create (not streamed)', async () => {
    const message = await client.messages.create(request);
    sameText('non-streamed text', message.content.map(block => block.text).join(''));
    usage('non-streamed usage', message.usage.input_tokens, message.usage.output_tokens);
  });
  const throttled = new Anthropic({...options, baseURL: throttleUrl, defaultHeaders: defaultAuth ? undefined : {'x-api-key': key}});
  await expectThrottled('throttled (HTTP 529) raises Anthropic.OverloadedError',
    () => throttled.messages.create({...request, stream: true}),
    error => error instanceof Anthropic.OverloadedError && error.status === 529 && error.error?.error?.type === 'overloaded_error'
      ? null : 'expected OverloadedError, status 529, error.type overloaded_error');
  return 'streamed (raw events and messages.stream()), non-streamed, 529 overloaded';
}

async function azure([key]) {
  const {AzureOpenAI, RateLimitError} = await import('openai');
  const options = {endpoint: url, apiVersion: '2024-10-21', deployment: 'bench', apiKey: key, maxRetries: 0, timeout: TIMEOUT_MS};
  const client = new AzureOpenAI(options);
  const request = {model: 'bench', max_tokens: MAX_TOKENS, messages: [{role: 'user', content: PROMPT}]};
  await attempt('chat.completions.create stream:true', async () => {
    let text = '', input, output, finish, filterChunks = 0;
    for await (const chunk of await client.chat.completions.create({...request, stream: true, stream_options: {include_usage: true}})) {
      if (chunk.prompt_filter_results) filterChunks++;
      for (const choice of chunk.choices) {
        text += choice.delta?.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      if (chunk.usage) { input = chunk.usage.prompt_tokens; output = chunk.usage.completion_tokens; }
    }
    sameText('streamed text', text);
    usage('streamed usage (include_usage)', input, output);
    check(finish === 'length', 'finish_reason length', String(finish));
    check(filterChunks === 1, 'Azure\'s prompt_filter_results chunk', `${filterChunks} chunks`);
  });
  await attempt('chat.completions.stream().finalChatCompletion()', async () => {
    const completion = await client.chat.completions.stream({...request, stream_options: {include_usage: true}}).finalChatCompletion();
    sameText('finalChatCompletion() content', completion.choices[0]?.message?.content);
    usage('finalChatCompletion() usage', completion.usage?.prompt_tokens, completion.usage?.completion_tokens);
  });
  await attempt('chat.completions.create (not streamed)', async () => {
    const completion = await client.chat.completions.create(request);
    sameText('non-streamed text', completion.choices[0]?.message?.content);
    usage('non-streamed usage', completion.usage?.prompt_tokens, completion.usage?.completion_tokens);
  });
  await expectThrottled('throttled (HTTP 429) raises openai.RateLimitError',
    () => new AzureOpenAI({...options, endpoint: throttleUrl}).chat.completions.create({...request, stream: true}),
    error => error instanceof RateLimitError && error.status === 429 ? null : 'expected RateLimitError, status 429');
  return 'streamed (raw chunks and .stream() helper), non-streamed, 429 rate limit';
}

async function cohere([key]) {
  const {CohereClientV2, Cohere} = await import('cohere-ai');
  const client = new CohereClientV2({token: key, environment: url});
  const requestOptions = {maxRetries: 0, timeoutInSeconds: TIMEOUT_MS / 1000};
  const request = {model: 'command-a-03-2025', maxTokens: MAX_TOKENS, messages: [{role: 'user', content: PROMPT}]};
  await attempt('v2 chatStream', async () => {
    let text = '', input, output, finish, last;
    for await (const event of await client.chatStream(request, requestOptions)) {
      last = event.type;
      if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
      if (event.type === 'message-end') {
        finish = event.delta?.finishReason;
        input = event.delta?.usage?.tokens?.inputTokens;
        output = event.delta?.usage?.tokens?.outputTokens;
      }
    }
    sameText('streamed text', text);
    usage('streamed usage (message-end usage.tokens)', input, output);
    check(finish === 'MAX_TOKENS', 'finish_reason MAX_TOKENS', String(finish));
    check(last === 'message-end', 'the stream ends with message-end', String(last));
  });
  await attempt('v2 chat (not streamed)', async () => {
    const response = await client.chat(request, requestOptions);
    sameText('non-streamed text', (response.message?.content ?? []).map(part => part.text).join(''));
    usage('non-streamed usage', response.usage?.tokens?.inputTokens, response.usage?.tokens?.outputTokens);
  });
  await expectThrottled('throttled (HTTP 429) raises Cohere.TooManyRequestsError',
    () => new CohereClientV2({token: key, environment: throttleUrl}).chatStream(request, requestOptions),
    error => error instanceof Cohere.TooManyRequestsError && error.statusCode === 429 ? null : 'expected TooManyRequestsError, statusCode 429');
  return 'v2 chatStream, v2 chat, 429 too many requests';
}

async function bedrock([accessKeyId, secretAccessKey]) {
  const aws = await import('@aws-sdk/client-bedrock-runtime');
  const {NodeHttpHandler} = await import('@smithy/node-http-handler');
  const makeClient = endpoint => new aws.BedrockRuntimeClient({
    endpoint, region: 'us-east-1', credentials: {accessKeyId, secretAccessKey}, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({connectionTimeout: 2000, requestTimeout: TIMEOUT_MS})});
  const client = makeClient(url);
  const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';
  const converse = {modelId, messages: [{role: 'user', content: [{text: PROMPT}]}], inferenceConfig: {maxTokens: MAX_TOKENS}};
  const invokeBody = JSON.stringify({anthropic_version: 'bedrock-2023-05-31', max_tokens: MAX_TOKENS,
                                     messages: [{role: 'user', content: PROMPT}]});
  const invoke = {modelId, contentType: 'application/json', accept: 'application/json', body: invokeBody};
  const signature = error => error?.name === 'InvalidSignatureException' || error?.$metadata?.httpStatusCode === 403
    ? ' (the mock refused the signature AWS\'s own SigV4 signer made)' : '';
  const awsAttempt = (what, body) => attempt(what, async () => {
    try { return await body(); } catch (error) { error.message += signature(error); throw error; }
  });

  await awsAttempt('ConverseStreamCommand', async () => {
    const response = await client.send(new aws.ConverseStreamCommand(converse));
    let text = '', input, output, stop, started = false;
    for await (const event of response.stream) {
      if (event.messageStart) started = event.messageStart.role === 'assistant';
      if (event.contentBlockDelta) text += event.contentBlockDelta.delta?.text ?? '';
      if (event.messageStop) stop = event.messageStop.stopReason;
      if (event.metadata) { input = event.metadata.usage?.inputTokens; output = event.metadata.usage?.outputTokens; }
    }
    check(started, 'messageStart with role assistant');
    sameText('ConverseStream text', text);
    usage('ConverseStream usage (metadata)', input, output);
    check(stop === 'max_tokens', 'ConverseStream stopReason max_tokens', String(stop));
  });
  await awsAttempt('ConverseCommand (not streamed)', async () => {
    const response = await client.send(new aws.ConverseCommand(converse));
    sameText('Converse text', (response.output?.message?.content ?? []).map(block => block.text).join(''));
    usage('Converse usage', response.usage?.inputTokens, response.usage?.outputTokens);
  });
  await awsAttempt('InvokeModelWithResponseStreamCommand (Anthropic body)', async () => {
    const response = await client.send(new aws.InvokeModelWithResponseStreamCommand(invoke));
    let text = '', input, output, metrics;
    for await (const event of response.body) {
      if (!event.chunk) continue;
      const model = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
      if (model.type === 'message_start') input = model.message?.usage?.input_tokens;
      if (model.type === 'content_block_delta') text += model.delta?.text ?? '';
      if (model.type === 'message_delta') output = model.usage?.output_tokens;
      if (model['amazon-bedrock-invocationMetrics']) metrics = model['amazon-bedrock-invocationMetrics'];
    }
    sameText('InvokeModelWithResponseStream text', text);
    usage('InvokeModelWithResponseStream usage (Anthropic events)', input, output);
    usage('amazon-bedrock-invocationMetrics', metrics?.inputTokenCount, metrics?.outputTokenCount);
  });
  await awsAttempt('InvokeModelCommand (not streamed)', async () => {
    const response = await client.send(new aws.InvokeModelCommand(invoke));
    const model = JSON.parse(new TextDecoder().decode(response.body));
    sameText('InvokeModel text', (model.content ?? []).map(block => block.text).join(''));
    usage('InvokeModel usage', model.usage?.input_tokens, model.usage?.output_tokens);
  });
  const throttled = makeClient(throttleUrl);
  for (const [name, command] of [['ConverseStream', new aws.ConverseStreamCommand(converse)],
                                 ['InvokeModelWithResponseStream', new aws.InvokeModelWithResponseStreamCommand(invoke)]]) {
    await expectThrottled(`throttled ${name} (HTTP 429) raises ThrottlingException`, () => throttled.send(command),
      error => error instanceof aws.ThrottlingException && error.$metadata?.httpStatusCode === 429 ? null
        : 'expected ThrottlingException, HTTP 429' + signature(error));
  }
  return 'SigV4 accepted; ConverseStream, Converse, InvokeModelWithResponseStream, InvokeModel (Claude); 429 ThrottlingException';
}

async function vertex([key, clientEmail, privateKeyFile]) {
  const {GoogleGenAI, ApiError} = await import('@google/genai');
  const model = 'gemini-2.0-flash';
  const request = {model, contents: PROMPT, config: {maxOutputTokens: MAX_TOKENS}};
  // OAuth as the SDK does it by default: google-auth-library signs a JWT grant with the service
  // account's key and trades it at the token URL (the mock's POST /token) for a Bearer token.
  const oauthClient = base => new GoogleGenAI({
    vertexai: true, project: 'bench-project', location: 'us-central1',
    googleAuthOptions: {credentials: {client_email: clientEmail, private_key: fs.readFileSync(privateKeyFile, 'utf8')},
                        clientOptions: {transporterOptions: {fetchImplementation: tokenFetchTo(base)}}},
    httpOptions: {baseUrl: base, apiVersion: 'v1', timeout: TIMEOUT_MS}});
  const client = oauthClient(url);
  const streamed = async (what, genai) => {
    let text = '', input, output, finish;
    for await (const chunk of await genai.models.generateContentStream(request)) {
      text += chunk.text ?? '';
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
      if (chunk.usageMetadata?.candidatesTokenCount !== undefined) {
        input = chunk.usageMetadata.promptTokenCount;
        output = chunk.usageMetadata.candidatesTokenCount;
      }
    }
    sameText(`${what} text`, text);
    usage(`${what} usage (usageMetadata)`, input, output);
    check(finish === 'MAX_TOKENS', `${what} finishReason MAX_TOKENS`, String(finish));
  };
  await attempt('generateContentStream (OAuth service account token from the mock\'s /token)',
                () => streamed('generateContentStream', client));
  await attempt('generateContent (not streamed)', async () => {
    const response = await client.models.generateContent(request);
    sameText('generateContent text', response.text);
    usage('generateContent usage', response.usageMetadata?.promptTokenCount, response.usageMetadata?.candidatesTokenCount);
  });
  // The SDK's API-key ("express mode") client: the key in x-goog-api-key.
  await attempt('generateContentStream with an API key (express mode)', () => streamed('API-key generateContentStream',
    new GoogleGenAI({vertexai: true, apiKey: key, httpOptions: {baseUrl: url, apiVersion: 'v1', timeout: TIMEOUT_MS}})));
  await expectThrottled('throttled (HTTP 429) raises ApiError 429', () => oauthClient(throttleUrl).models.generateContentStream(request),
    error => error instanceof ApiError && error.status === 429 && /RESOURCE_EXHAUSTED/.test(error.message) ? null
      : 'expected ApiError, status 429, RESOURCE_EXHAUSTED');
  return 'OAuth (JWT grant at the mock\'s /token) generateContentStream and generateContent, API-key streaming, 429 ApiError';
}

const dialects = {anthropic, azure, cohere, bedrock, vertex};
if (!dialects[dialect]) {
  console.error(`unknown dialect ${dialect} (expected ${Object.keys(dialects).join(', ')})`);
  process.exit(2);
}
setTimeout(() => { console.log(`FAIL ${dialect}: timed out after 60 s`); process.exit(1); }, 60000).unref();
let summary = '';
try {
  summary = await dialects[dialect](credentials);
} catch (error) {
  check(false, 'the SDK script', describe(error));
}
if (failures.length === 0) {
  console.log(`PASS ${dialect}: ${summary} (${checked.length} checks)`);
} else {
  console.log(`FAIL ${dialect}: ${failures.length} of ${checked.length} checks failed (${summary || 'stopped early'})`);
  for (const failure of failures) console.log(`     - ${failure}`);
  process.exitCode = 1;
}
