// The baseline provider's implementation, required at call time by provider.js: for each kind the same
// HTTP calls pulumi-qoder makes, one per create, update and delete (a skill: one upload), and one GET per
// read, with global fetch. Nothing else: check passes the inputs on (a skill adds its directory's hash),
// diff compares JSON, no retries, no validation, no idempotency chain, no owner metadata.
"use strict";
const { createHash, randomUUID } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { KINDS } = require("./kinds");

/** From the stack config, as pulumi-qoder's configure reads it (`qoder:baseUrl`, `qoder:token`). */
let connection = { baseUrl: "", token: "" };

async function request(method, route, body, missingOk = false) {
  const headers = { authorization: `Bearer ${connection.token}`, accept: "application/json" };
  // Ours sends a key with every write, and the API stores the answer under it: the same work for the server.
  if (method !== "GET") headers["idempotency-key"] = randomUUID();
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(connection.baseUrl + route, { method, headers, body: payload });
  const text = await response.text();
  if (missingOk && response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text === "" ? {} : JSON.parse(text);
}

const snake = (name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const id = encodeURIComponent;

/** camelCase inputs to the snake_case wire; metadata keys are the user's and stay as they are. */
function toWire(value) {
  if (Array.isArray(value)) return value.map(toWire);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), key === "metadata" ? inner : toWire(inner)]));
}

function bodyOf(kind, inputs) {
  const body = {};
  for (const name of KINDS[kind].body) if (inputs[name] !== undefined) body[name] = inputs[name];
  return toWire(body);
}

/** Keys sorted at every level, so that equal values compare equal whatever order state gives them in. */
function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, stable(value[key])]),
  );
}

/** A skill directory's files, paths relative to it, sorted. */
function skillFiles(directory) {
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      return { path: path.relative(directory, file).split(path.sep).join("/"), content: fs.readFileSync(file) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function skillUpload(inputs, extra = {}) {
  const form = new FormData();
  for (const file of skillFiles(String(inputs.directory))) form.append("files", new Blob([file.content]), `${inputs.skillName}/${file.path}`);
  for (const [name, value] of Object.entries(extra))
    if (value !== undefined) form.append(name, typeof value === "string" ? value : JSON.stringify(value));
  return form;
}

const memories = (props) => `/memory_stores/${id(props.memoryStoreId)}/memories`;

/** Per kind: the one call each lifecycle step makes. */
const API = {
  agent: {
    create: (inputs) => request("POST", "/agents", bodyOf("agent", inputs)),
    retrieve: (key) => request("GET", `/agents/${id(key)}`, undefined, true),
    update: (key, olds, news) => request("POST", `/agents/${id(key)}`, { version: olds.version, ...bodyOf("agent", news) }),
    remove: (key) => request("POST", `/agents/${id(key)}/archive`),
  },
  environment: {
    create: (inputs) => request("POST", "/environments", bodyOf("environment", inputs)),
    retrieve: (key) => request("GET", `/environments/${id(key)}`, undefined, true),
    update: (key, _olds, news) => request("POST", `/environments/${id(key)}`, bodyOf("environment", news)),
    remove: (key, props) =>
      props.deletionPolicy === "archive" ? request("POST", `/environments/${id(key)}/archive`) : request("DELETE", `/environments/${id(key)}`),
  },
  "memory-store": {
    create: (inputs) => request("POST", "/memory_stores", bodyOf("memory-store", inputs)),
    retrieve: (key) => request("GET", `/memory_stores/${id(key)}`, undefined, true),
    update: (key, _olds, news) => request("POST", `/memory_stores/${id(key)}`, bodyOf("memory-store", news)),
    remove: (key, props) =>
      props.deletionPolicy === "delete" ? request("DELETE", `/memory_stores/${id(key)}`) : request("POST", `/memory_stores/${id(key)}/archive`),
  },
  memory: {
    create: (inputs) => request("POST", memories(inputs), bodyOf("memory", inputs)),
    retrieve: (key, props) => request("GET", `${memories(props)}/${id(key)}`, undefined, true),
    update: (key, olds, news) =>
      request("POST", `${memories(olds)}/${id(key)}`, { content: news.content, content_sha256: olds.contentSha256, metadata: news.metadata }),
    remove: (key, props) => request("DELETE", `${memories(props)}/${id(key)}`),
  },
  vault: {
    create: (inputs) => request("POST", "/vaults", bodyOf("vault", inputs)),
    retrieve: (key) => request("GET", `/vaults/${id(key)}`, undefined, true),
    update: (key) => Promise.reject(new Error(`vault ${key}: the API cannot update a vault`)),
    remove: (key, props) =>
      props.deletionPolicy === "archive" ? request("POST", `/vaults/${id(key)}/archive`) : request("DELETE", `/vaults/${id(key)}`),
  },
  skill: {
    create: (inputs) => request("POST", "/skills", skillUpload(inputs, { display_title: inputs.displayTitle, metadata: inputs.metadata })),
    retrieve: (key) => request("GET", `/skills/${id(key)}`, undefined, true),
    // The upload answers with the version: the skill's own fields follow from it, with no second call.
    update: async (key, olds, news) => {
      const version = await request("POST", `/skills/${id(key)}/versions`, skillUpload(news));
      return { latest_version: version.version, source: olds.source, created_at: olds.createdAt, updated_at: version.created_at };
    },
    remove: (key) => request("DELETE", `/skills/${id(key)}`),
  },
};

/** The inputs (but `__identity`, as in ours) plus the server-computed outputs pulumi-qoder exposes for the kind. */
function outputsOf(kind, inputs, remote) {
  const { __identity, ...outs } = inputs;
  for (const name of KINDS[kind].outputs)
    if (!(kind === "skill" && (name === "skillName" || name === "contentHash"))) outs[name] = remote[snake(name)] ?? null;
  return outs;
}

function lifecycle(kind) {
  const api = API[kind];
  return {
    async check(_olds, news) {
      if (kind !== "skill") return { inputs: news };
      const files = skillFiles(String(news.directory));
      const hash = createHash("sha256");
      for (const file of files) hash.update(`${file.path.length}:${file.path}${file.content.length}:`).update(file.content);
      const manifest = files.find((file) => file.path === "SKILL.md");
      const skillName = /^name:\s*(.+)$/m.exec(manifest ? manifest.content.toString("utf8") : "")?.[1]?.trim();
      return { inputs: { ...news, contentHash: hash.digest("hex"), skillName } };
    },
    async diff(_id, olds, news) {
      const changed = Object.keys(news).some(
        (key) => key !== "__provider" && key !== "__identity" && JSON.stringify(stable(olds[key])) !== JSON.stringify(stable(news[key])),
      );
      return { changes: changed, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs) {
      const remote = await api.create(inputs);
      return { id: remote.id, outs: outputsOf(kind, inputs, remote) };
    },
    async read(key, props) {
      const remote = await api.retrieve(key, props);
      return remote ? { id: key, props: outputsOf(kind, props, remote) } : {};
    },
    async update(key, olds, news) {
      return { outs: outputsOf(kind, news, await api.update(key, olds, news)) };
    },
    async delete(key, props) {
      try {
        await api.remove(key, props);
      } catch (err) {
        if (!String(err.message).includes(": 404 ")) throw err;
      }
    },
  };
}

const lifecycles = new Map();

async function run(kind, method, args) {
  if (method === "configure") {
    const config = args[0].config;
    connection = { baseUrl: String(config.get("qoder:baseUrl")).replace(/\/+$/, ""), token: String(config.get("qoder:token")) };
    return;
  }
  if (!lifecycles.has(kind)) lifecycles.set(kind, lifecycle(kind));
  return lifecycles.get(kind)[method](...args);
}

module.exports = { run };
