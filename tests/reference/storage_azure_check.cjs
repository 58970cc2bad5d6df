// The Azure side of storage_reference_test.sh, with Microsoft's own @azure/storage-blob (npm, pinned)
// against Azurite (which verifies SharedKey and SAS signatures itself):
//   container ENDPOINT ACCOUNT KEY CONTAINER
//     creates the container (SharedKey), and checks that Azurite does refuse a request signed with
//     another key and a SAS whose signature was altered (403), so that the uploads' acceptance means
//     something.
//   sas ENDPOINT ACCOUNT KEY CONTAINER
//     prints a service SAS for the container (generateBlobSASQueryParameters, racwl, one hour).
//   verify ENDPOINT ACCOUNT KEY CONTAINER PREFIX NAME LOCAL [--big REL] [--entry-added] [--log-appended]
//     the blobs under PREFIX/ are exactly PREFIX/NAME/<relative path> for every file of LOCAL, each
//     downloaded byte-identical (with --entry-added, experiment.json is the local one without its
//     last "uploads" entry; with --log-appended, genai_bench.log is the start of the local one),
//     each blob's Content-Type (getProperties) the README's for its
//     extension; REL's blob is a block blob committed as 3 blocks of 5 MiB, 5 MiB and the rest, with
//     no uncommitted block left. Prints {"objects":N,"bytes":B}.
'use strict';
const { BlobServiceClient, StorageSharedKeyCredential, ContainerSASPermissions, generateBlobSASQueryParameters } = require('@azure/storage-blob');
const { contentType, mediaType, expectedObjects, compareObject, compareListing } = require('./storage_reference_common.cjs');

const MiB = 1024 * 1024;

function fail(lines) {
  for (const line of [].concat(lines)) console.log(`FAIL ${line}`);
  process.exit(1);
}

const service = (endpoint, account, key) => new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, key));
const sasFor = (account, key, container) => generateBlobSASQueryParameters({
  containerName: container, permissions: ContainerSASPermissions.parse('racwl'),
  startsOn: new Date(Date.now() - 5 * 60 * 1000), expiresOn: new Date(Date.now() + 60 * 60 * 1000),
}, new StorageSharedKeyCredential(account, key)).toString();

async function statusOf(promise) {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return `${error.statusCode} ${error.code}`;
  }
}

async function container([endpoint, account, key, name]) {
  await service(endpoint, account, key).getContainerClient(name).createIfNotExists();
  // Azurite must refuse another key and an altered SAS.
  const otherKey = Buffer.from(Buffer.from(key, 'base64').map((b) => b ^ 1)).toString('base64');
  const wrongKey = await statusOf(service(endpoint, account, otherKey).getContainerClient(name)
    .getBlockBlobClient('self-check/wrong-key.txt').upload('x', 1));
  if (!wrongKey.startsWith('403')) fail(`Azurite answered an upload signed with another key: ${wrongKey}, want 403`);
  const sas = new URLSearchParams(sasFor(account, key, name));
  const sig = Buffer.from(sas.get('sig'), 'base64');
  sig[0] ^= 1;
  sas.set('sig', sig.toString('base64'));
  const altered = await statusOf(new BlobServiceClient(`${endpoint}?${sas}`).getContainerClient(name)
    .getBlockBlobClient('self-check/altered-sas.txt').upload('x', 1));
  if (!altered.startsWith('403')) fail(`Azurite answered an upload with an altered SAS signature: ${altered}, want 403`);
  const good = await statusOf(new BlobServiceClient(`${endpoint}?${sasFor(account, key, name)}`).getContainerClient(name)
    .getBlockBlobClient('self-check/sas.txt').upload('x', 1));
  if (good !== 'accepted') fail(`Azurite refused an upload with the SDK's SAS: ${good}`);
}

async function verify(argv) {
  const entryAdded = argv.includes('--entry-added');
  const logAppended = argv.includes('--log-appended');
  const at = argv.indexOf('--big');
  const big = at >= 0 ? argv.splice(at, 2)[1] : undefined;
  const [endpoint, account, key, name, prefix, folderName, local] = argv.filter((a) => a !== '--entry-added' && a !== '--log-appended');
  const client = service(endpoint, account, key).getContainerClient(name);
  const expected = expectedObjects(local, prefix, folderName, { entryAdded, logAppended });
  const listed = [];
  for await (const blob of client.listBlobsFlat({ prefix: prefix ? `${prefix}/` : '' })) listed.push(blob.name);
  const problems = compareListing(expected, listed);
  let bytes = 0;
  for (const blobName of listed) {
    const file = expected.get(blobName);
    if (!file) continue;
    const blob = client.getBlockBlobClient(blobName);
    const data = await blob.downloadToBuffer();
    bytes += data.length;
    const wrong = compareObject(file, data);
    if (wrong) problems.push(`${blobName}: ${wrong}`);
    const properties = await blob.getProperties();
    if (properties.blobType !== 'BlockBlob') problems.push(`${blobName}: a ${properties.blobType}, want a BlockBlob`);
    if (mediaType(properties.contentType) !== contentType(file.rel)) {
      problems.push(`${blobName}: Content-Type ${properties.contentType}, want ${contentType(file.rel)}`);
    }
    if (file.rel === big) {
      const list = await blob.getBlockList('all');
      const sizes = (list.committedBlocks ?? []).map((b) => b.size);
      const want = [5 * MiB, 5 * MiB, file.size - 10 * MiB];
      if (sizes.join(',') !== want.join(',')) problems.push(`${blobName}: committed blocks of ${sizes.join(', ') || 'none (one Put Blob)'} bytes, want ${want.join(', ')}`);
      if ((list.uncommittedBlocks ?? []).length) problems.push(`${blobName}: ${list.uncommittedBlocks.length} uncommitted blocks left`);
    }
  }
  if (big && !expected.has([prefix, folderName, big].filter(Boolean).join('/'))) problems.push(`no ${big} in ${local}`);
  if (problems.length) fail(problems);
  console.log(JSON.stringify({ objects: listed.length, bytes }));
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  if (command === 'container') return container(argv);
  if (command === 'sas') return console.log(sasFor(argv[1], argv[2], argv[3]));
  if (command === 'verify') return verify(argv);
  console.error('usage: node storage_azure_check.cjs container|sas|verify ... (see the header)');
  process.exit(2);
}

main().catch((error) => {
  console.log(`FAIL ${error.stack || error}`);
  process.exit(1);
});
