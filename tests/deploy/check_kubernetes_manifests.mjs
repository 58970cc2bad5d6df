// Checks rendered Kubernetes manifests (deploy/kubernetes, through render.sh) three ways:
//  - the API schema: kubernetes-models (npm, pinned) validates every object of the core API;
//  - unknown keys, which that schema lets through (Kubernetes' OpenAPI has no
//    additionalProperties: false): every key must be a field of its type in
//    @kubernetes/client-node's generated models (their attributeTypeMap, from the same OpenAPI);
//    the JobSet's own fields are listed below from its Go types;
//  - what a sharded run needs: Indexed, completions = parallelism = N, backoffLimit 0, Never,
//    spread over hostnames, the port-range sysctl, --shard auto/$(SHARDS) and --start-at, the
//    configmap's N and start, the benchmark's arguments, one results volume.
// Usage: node check_kubernetes_manifests.mjs check FILE.yaml N START_AT [BENCHMARK_ARG...]
//        node check_kubernetes_manifests.mjs same-pods JOBS.yaml JOBSET.yaml
//        node check_kubernetes_manifests.mjs self-test FILE.yaml
//        node check_kubernetes_manifests.mjs commands FILE.yaml RESULTS_DIR OUT_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { Job } from "kubernetes-models/batch/v1";
import { ConfigMap, PersistentVolumeClaim } from "kubernetes-models/v1";
import * as models from "@kubernetes/client-node/dist/gen/models/all.js";

const failures = [];
const fail = (message) => failures.push(message);
const expect = (condition, message) => condition || fail(message);

function load(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((document) => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors[0].message}`);
    return document.toJS();
  });
}

// JobSet v1alpha2 (kubernetes-sigs/jobset, api/jobset/v1alpha2/jobset_types.go, v0.8.0-v0.12.0):
// the fields of the types our manifests use, by their JSON names. Its template is a Job template.
const jobSetFields = {
  JobSet: ["apiVersion", "kind", "metadata", "spec", "status"],
  JobSetSpec: ["replicatedJobs", "network", "successPolicy", "failurePolicy", "startupPolicy",
    "suspend", "coordinator", "managedBy", "ttlSecondsAfterFinished", "volumeClaimPolicies"],
  ReplicatedJob: ["name", "groupName", "template", "replicas", "dependsOn"],
  DependsOn: ["name", "status"],
  FailurePolicy: ["maxRestarts", "restartStrategy", "rules"],
};

const leafTypes = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString"]);
// Every key of `value` must be a field of the client-node model `type`; recurses into fields.
function checkKeys(value, type, path) {
  if (value === null || value === undefined || leafTypes.has(type) || type.startsWith("{")) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return fail(`${path}: a list is expected`);
    value.forEach((item, i) => checkKeys(item, array[1], `${path}[${i}]`));
    return;
  }
  const model = models[type];
  if (!model || typeof model.getAttributeTypeMap !== "function") return;
  if (typeof value !== "object" || Array.isArray(value)) return fail(`${path}: an object (${type}) is expected`);
  const fields = new Map(model.getAttributeTypeMap().map((field) => [field.baseName, field.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) fail(`${path}.${key}: not a field of ${type}`);
    else checkKeys(item, fields.get(key), `${path}.${key}`);
  }
}

function checkJobSetKeys(jobSet, where) {
  const only = (value, type, path) => {
    for (const key of Object.keys(value ?? {})) {
      if (!jobSetFields[type].includes(key)) fail(`${path}.${key}: not a field of JobSet's ${type}`);
    }
  };
  only(jobSet, "JobSet", where);
  checkKeys(jobSet.metadata, "V1ObjectMeta", `${where}.metadata`);
  only(jobSet.spec, "JobSetSpec", `${where}.spec`);
  only(jobSet.spec?.failurePolicy, "FailurePolicy", `${where}.spec.failurePolicy`);
  (jobSet.spec?.replicatedJobs ?? []).forEach((replicated, i) => {
    const path = `${where}.spec.replicatedJobs[${i}]`;
    only(replicated, "ReplicatedJob", path);
    (replicated.dependsOn ?? []).forEach((dependency, j) => {
      only(dependency, "DependsOn", `${path}.dependsOn[${j}]`);
      expect(["Ready", "Complete"].includes(dependency.status), `${path}.dependsOn[${j}].status must be Ready or Complete`);
    });
    checkKeys(replicated.template, "V1JobTemplateSpec", `${path}.template`);
  });
}

const coreModels = { Job, ConfigMap, PersistentVolumeClaim };
function validateSchema(object, where) {
  const model = coreModels[object.kind];
  try {
    if (model) new model(object).validate();
    else if (object.kind === "JobSet") {
      for (const replicated of object.spec.replicatedJobs) {
        new Job({ apiVersion: "batch/v1", kind: "Job", metadata: { name: replicated.name }, spec: replicated.template.spec }).validate();
      }
    } else fail(`${where}: no schema for kind ${object.kind}`);
  } catch (error) {
    fail(`${where}: ${error.message.split("\n").slice(0, 3).join(" ")}`);
  }
}

function checkObject(object) {
  const where = `${object.kind}/${object.metadata?.name}`;
  validateSchema(object, where);
  if (object.kind === "JobSet") checkJobSetKeys(object, where);
  else checkKeys(object, `V1${object.kind}`, where);
}

// The shards' and the merge's Job specs, whichever variant rendered them.
function jobSpecs(objects) {
  const byName = Object.fromEntries(objects.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
  const jobSet = objects.find((object) => object.kind === "JobSet");
  if (jobSet) {
    const replicated = Object.fromEntries(jobSet.spec.replicatedJobs.map((job) => [job.name, job]));
    return { shards: replicated.shards?.template.spec, merge: replicated.merge?.template.spec, jobSet, byName };
  }
  return { shards: byName["Job/genai-bench-shards"]?.spec, merge: byName["Job/genai-bench-merge"]?.spec, byName };
}

function configOf(objects) {
  return objects.find((object) => object.kind === "ConfigMap" && object.metadata.name === "genai-bench-run")?.data ?? {};
}

function checkShardedRun(objects, shards, startAt, benchmarkArgs) {
  const { shards: job, merge, jobSet, byName } = jobSpecs(objects);
  if (!job || !merge) return fail("the shards' or the merge's job is missing");
  const config = configOf(objects);
  expect(config.shards === String(shards), `configmap shards is ${config.shards}, not ${shards}`);
  expect(config["start-at"] === startAt, `configmap start-at is ${config["start-at"]}, not ${startAt}`);
  expect(job.completionMode === "Indexed", "the shards' job is not Indexed");
  expect(job.completions === shards && job.parallelism === shards,
    `completions ${job.completions} and parallelism ${job.parallelism} are not both ${shards}`);
  expect(job.backoffLimit === 0 && merge.backoffLimit === 0, "backoffLimit is not 0");
  const pod = job.template.spec;
  expect(pod.restartPolicy === "Never" && merge.template.spec.restartPolicy === "Never", "restartPolicy is not Never");
  expect((pod.topologySpreadConstraints ?? []).some((c) => c.topologyKey === "kubernetes.io/hostname"),
    "the shards are not spread over kubernetes.io/hostname");
  expect((pod.securityContext?.sysctls ?? []).some((s) => s.name === "net.ipv4.ip_local_port_range"),
    "no net.ipv4.ip_local_port_range sysctl");
  expect(pod.securityContext?.runAsNonRoot === true, "the shards may run as root");
  const container = pod.containers[0];
  const args = container.args.join(" ");
  expect(args.startsWith("benchmark --shard auto/$(SHARDS) --start-at $(START_AT) "), `the shards' arguments: ${args}`);
  expect(args.includes("--output-dir /results/$(RUN_ID)/shard-$(JOB_COMPLETION_INDEX)"), "the shard's results folder is not per index");
  expect(isDeepStrictEqual(container.args.slice(container.args.length - benchmarkArgs.length), benchmarkArgs),
    `the benchmark's arguments are not at the end: ${JSON.stringify(container.args)}`);
  const env = Object.fromEntries(container.env.map((variable) => [variable.name, variable.valueFrom]));
  for (const [name, key] of [["SHARDS", "shards"], ["START_AT", "start-at"], ["RUN_ID", "run-id"]]) {
    expect(env[name]?.configMapKeyRef?.name === "genai-bench-run" && env[name]?.configMapKeyRef?.key === key,
      `${name} does not come from the configmap's ${key}`);
  }
  expect(env.JOB_COMPLETION_INDEX?.fieldRef?.fieldPath === "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    "JOB_COMPLETION_INDEX does not come from the completion-index annotation");
  const claims = [pod, merge.template.spec].map((spec) => spec.volumes.find((v) => v.name === "results")?.persistentVolumeClaim?.claimName);
  expect(claims[0] === "genai-bench-results" && claims[1] === claims[0], `the results volumes differ: ${claims}`);
  expect(byName["PersistentVolumeClaim/genai-bench-results"]?.spec.accessModes.includes("ReadWriteMany"),
    "the results volume is missing or not ReadWriteMany");
  if (jobSet) {
    const merging = jobSet.spec.replicatedJobs.find((replicated) => replicated.name === "merge");
    expect(isDeepStrictEqual(merging.dependsOn, [{ name: "shards", status: "Complete" }]), "the merge does not depend on the shards' Complete");
    expect(jobSet.spec.failurePolicy?.maxRestarts === 0, "the JobSet may restart");
  }
}

// Kubernetes' $(VAR) expansion of a container's arguments ($$ is a literal $).
function expand(text, env) {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name) =>
    match === "$$" ? "$" : name in env ? env[name] : match);
}

// What each pod would run, as a kubelet would expand it, with /results at RESULTS_DIR: one line of
// JSON a pod, for the end-to-end run of the test.
function writeCommands(objects, resultsDir, outDir) {
  const { shards, merge } = jobSpecs(objects);
  const config = configOf(objects);
  const configEnv = (container) => Object.fromEntries(container.env
    .filter((variable) => variable.valueFrom?.configMapKeyRef)
    .map((variable) => [variable.name, config[variable.valueFrom.configMapKeyRef.key]]));
  const local = (text) => text.replaceAll("/results", resultsDir);
  const shardContainer = shards.template.spec.containers[0];
  const pods = [];
  for (let index = 0; index < shards.completions; index++) {
    const env = { ...configEnv(shardContainer), JOB_COMPLETION_INDEX: String(index) };
    // No command: the image's ENTRYPOINT, genai-bench (Dockerfile), takes the arguments.
    const argv = [...(shardContainer.command ?? ["genai-bench"]), ...shardContainer.args];
    pods.push({ name: `shard-${index}`, env, argv: argv.map((arg) => local(expand(arg, env))) });
  }
  const mergeContainer = merge.template.spec.containers[0];
  const env = configEnv(mergeContainer);
  pods.push({ name: "merge", env, argv: [...mergeContainer.command, ...(mergeContainer.args ?? [])].map((arg) => local(expand(arg, env))) });
  for (const pod of pods) writeFileSync(`${outDir}/${pod.name}.json`, JSON.stringify(pod));
}

const [mode, file, ...rest] = process.argv.slice(2);
const objects = load(file);
if (mode === "check") {
  const [shards, startAt, ...benchmarkArgs] = rest;
  objects.forEach(checkObject);
  checkShardedRun(objects, Number(shards), startAt, benchmarkArgs);
} else if (mode === "same-pods") {
  const jobs = jobSpecs(objects);
  const jobSet = jobSpecs(load(rest[0]));
  expect(isDeepStrictEqual(jobs.shards, jobSet.shards), "the JobSet's shards job differs from base/shards-job.yaml's");
  expect(isDeepStrictEqual(jobs.merge, jobSet.merge), "the JobSet's merge job differs from base/merge-job.yaml's");
} else if (mode === "self-test") {
  // The checks must be able to fail: an unknown key, a misspelt one deep in a container, a wrong
  // type and a missing Indexed mode are each reported.
  const count = () => failures.splice(0).length;
  const mutations = [
    ["an unknown key in the Job spec", (o) => { o.spec.completionsMode = "Indexed"; }],
    ["a misspelt container key", (o) => { o.spec.template.spec.containers[0].imagePullPolicyy = "Always"; }],
    ["a string for completions", (o) => { o.spec.completions = "three"; }],
  ];
  for (const [what, mutate] of mutations) {
    const job = structuredClone(objects.find((object) => object.metadata.name === "genai-bench-shards"));
    mutate(job);
    checkObject(job);
    if (count() === 0) fail(`the checks let ${what} through`);
  }
  const notIndexed = structuredClone(objects);
  delete notIndexed.find((object) => object.metadata.name === "genai-bench-shards").spec.completionMode;
  checkShardedRun(notIndexed, 3, configOf(objects)["start-at"], []);
  if (count() === 0) fail("the checks let a Job that is not Indexed through");
} else if (mode === "commands") {
  writeCommands(objects, rest[0], rest[1]);
} else {
  throw new Error(`unknown mode ${mode}`);
}
for (const message of failures) console.log(`FAIL ${message}`);
if (failures.length === 0) console.log(`PASS ${mode} ${file}: ${objects.length} objects`);
process.exit(failures.length ? 1 : 0);
