// Provider failures as one paragraph: what failed, why, what to do, for every category of error, with no
// stack frame and no secret in it (provider/resources/failure.ts, failure-report.ts).
import { createRequire } from "node:module";
import * as net from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { TimeoutError, createClient } from "../../provider/client/index";
import { fleetProgram } from "../../provider/fleet";
import { describeFailure, failureContext, type FailureContext } from "../../provider/lifecycle/failure";
import { providerFailure } from "../../provider/lifecycle/failure-report";
import { PartialCreateError } from "../../provider/lifecycle/rules";
import { TOKEN, closeHarnesses, errorBody, harness } from "../support/client-mock";

const ID = "agent_0123456789abcdef0123456789abcdef";
const IDENTITY = "stack_1/fleet/dev/Agent/reviewer";
const READ: FailureContext = { kind: "agent", method: "read", name: "reviewer", id: ID, baseUrl: "https://api.test/api/v1/cloud", secrets: [TOKEN] };
afterEach(closeHarnesses);

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected a failure"),
    (err: unknown) => err,
  );
}

/** One paragraph: a single line, no stack frame. */
function expectParagraph(text: string): void {
  expect(text.split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toContain(TOKEN);
}

describe("provider failures: categories", () => {
  it("failure: a 401 names the resource, the API's answer and request id, and where the token is set", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 401, errorBody("authentication_error", "Invalid API token"), { "x-request-id": "req_401" });
    const text = describeFailure(await failureOf(h.client.agents.retrieve(ID)), READ);
    expectParagraph(text);
    expect(text).toMatch(
      /^Qoder Agent "reviewer" \(agent_0123456789abcdef0123456789abcdef\): refresh \(read\) failed: the Qoder API rejected the token/,
    );
    expect(text).toContain("401 authentication_error: Invalid API token [request_id: req_401]");
    expect(text).toContain("pulumi config set --secret qoder:token");
    expect(text).toContain("QODER_ACCESS_TOKEN");
    expect(text).toContain("refresh and destroy use the token stored in state, so after changing it run `pulumi up` first");
  });

  it("failure: a 403 says the token may not do this and names the account and region", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 403, errorBody("permission_error", "Workspace access denied"), { "x-request-id": "req_403" });
    const text = describeFailure(await failureOf(h.client.agents.retrieve(ID)), READ);
    expectParagraph(text);
    expect(text).toContain("the token is not allowed to do this");
    expect(text).toContain("403 permission_error: Workspace access denied [request_id: req_403]");
    expect(text).toContain("check that qoder:baseUrl (now https://api.test/api/v1/cloud) is the right account's region");
  });

  it("failure: a 404 on update says the object is gone and to refresh", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}`, 404, errorBody("not_found_error", "No such agent"));
    const text = describeFailure(await failureOf(h.client.agents.update(ID, { version: 1, name: "x" })), { ...READ, method: "update" });
    expectParagraph(text);
    expect(text).toContain("update failed: the API has no such object");
    expect(text).toContain("run `pulumi refresh`");
  });

  it("failure: a 409 says something changed it outside Pulumi and to refresh", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}`, 409, errorBody("conflict_error", "Version conflict", "version"), { "x-request-id": "req_409" });
    const text = describeFailure(await failureOf(h.client.agents.update(ID, { version: 1, name: "x" })), { ...READ, method: "update" });
    expectParagraph(text);
    expect(text).toContain("409 conflict_error: Version conflict (param: version) [request_id: req_409]");
    expect(text).toContain("run `pulumi refresh`, review the diff, then `pulumi up`");
  });

  it("failure: a 4xx validation error names the API's message and the parameter to fix", async () => {
    const h = harness();
    h.reply("POST", "/agents", 400, errorBody("invalid_request_error", "model is not available", "model"), { "x-request-id": "req_400" });
    const text = describeFailure(await failureOf(h.client.agents.create({ name: "x", model: "nope" })), { ...READ, method: "create", id: undefined });
    expectParagraph(text);
    expect(text).toMatch(/^Qoder Agent "reviewer": create failed: the API rejected the request/);
    expect(text).toContain("model is not available (param: model) [request_id: req_400]");
    expect(text).toContain("Fix the input `model`");
  });

  it("failure: a 5xx after every retry says the API failed on its side, with the request id", async () => {
    const h = harness({ maxRetries: 2 });
    h.reply("GET", `/agents/${ID}`, 503, errorBody("api_error", "Overloaded"), { "x-request-id": "req_503" }, 3);
    const text = describeFailure(await failureOf(h.client.agents.retrieve(ID)), READ);
    expectParagraph(text);
    expect(text).toContain("the Qoder API failed on its side and kept failing through every retry");
    expect(text).toContain("503 api_error: Overloaded [request_id: req_503]");
    expect(text).toContain("Try again later");
  });

  it("failure: a refused connection names the base URL and what to check", async () => {
    const client = createClient({ baseUrl: "http://127.0.0.1:1/api/v1/cloud", token: TOKEN, maxRetries: 0 });
    const err = await failureOf(client.agents.retrieve(ID));
    await client.close();
    const text = describeFailure(err, { ...READ, baseUrl: "http://127.0.0.1:1/api/v1/cloud" });
    expectParagraph(text);
    expect(text).toContain("could not reach the Qoder API at http://127.0.0.1:1/api/v1/cloud: nothing accepts connections there");
    expect(text).toContain("ECONNREFUSED");
    expect(text).toContain("Check qoder:baseUrl (or qoder:region), the network");
  });

  it("failure: a host name that does not resolve says so", async () => {
    const h = harness({ maxRetries: 0 });
    h.fail("GET", `/agents/${ID}`, Object.assign(new Error("getaddrinfo ENOTFOUND api.qoder.invalid"), { code: "ENOTFOUND" }));
    const text = describeFailure(await failureOf(h.client.agents.retrieve(ID)), READ);
    expectParagraph(text);
    expect(text).toContain("could not reach the Qoder API at https://api.test/api/v1/cloud: its host name does not resolve");
  });

  it("failure: an API that never answers is a timeout with what to raise", async () => {
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/v1/cloud`;
    const client = createClient({ baseUrl, token: TOKEN, maxRetries: 0, timeoutMs: 200 });
    const err = await failureOf(client.agents.retrieve(ID));
    await client.close();
    server.close();
    expect(err).toBeInstanceOf(TimeoutError);
    const text = describeFailure(err, { ...READ, baseUrl });
    expectParagraph(text);
    expect(text).toContain(`could not reach the Qoder API at ${baseUrl}: it did not answer in time`);
    expect(text).toContain("qoder:operationTimeoutSeconds");
  });

  it("failure: an internal bug is one paragraph asking for a report, its stack not in it", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'version')");
    const text = describeFailure(bug, READ);
    expectParagraph(text);
    expect(text).toContain("unexpected internal error: TypeError: Cannot read properties of undefined (reading 'version')");
    expect(text).toContain("This is a bug in pulumi-qoder, please report it");
    expect(text).toContain("--debug");
  });

  it("failure: our own messages are kept whole behind the resource and operation", () => {
    const text = describeFailure(new Error('Agent "x" (agent_1) was changed outside Pulumi. Run `pulumi refresh`.'), { ...READ, method: "update" });
    expect(text).toBe(`Qoder Agent "reviewer" (${ID}): update failed: Agent "x" (agent_1) was changed outside Pulumi. Run \`pulumi refresh\`.`);
  });

  it("failure: the token never appears, even when the server echoes it", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 400, errorBody("invalid_request_error", `bad header Bearer ${TOKEN}`));
    const text = describeFailure(await failureOf(h.client.agents.retrieve(ID)), { ...READ, secrets: [] });
    expect(text).not.toContain(TOKEN);
    expect(describeFailure(new Error(`oops ${TOKEN}`), READ)).not.toContain(TOKEN);
  });
});

describe("provider failures: context", () => {
  it("failure: the resource name comes from __identity, the id from the method's arguments", () => {
    expect(failureContext("vault-credential", "delete", ["vcrd_1", { __identity: IDENTITY.replace("reviewer", "gh/token") }])).toMatchObject({
      kind: "vault-credential",
      method: "delete",
      id: "vcrd_1",
      name: "gh/token",
    });
    expect(failureContext("agent", "create", [{ name: "reviewer" }])).toMatchObject({ id: undefined, name: "reviewer" });
    // The identity resource.ts writes, and the one stacks of the previous release still hold.
    expect(failureContext("memory", "read", ["mem_1", { __identity: "stack_9/fleet/dev/Memory/notes/guides/a.md" }]).name).toBe("notes/guides/a.md");
    expect(failureContext("agent", "read", ["agent_1", { __identity: "fleet/dev/Agent/reviewer", name: "Code Reviewer" }]).name).toBe("reviewer");
    expect(describeFailure(new Error("boom"), failureContext("vault-credential", "delete", ["vcrd_1", {}]))).toBe(
      "Qoder VaultCredential vcrd_1: delete failed: boom.",
    );
  });
});

describe("provider failures: what the provider server gets", () => {
  it("failure: the thrown error's stack is the paragraph, so the server cannot print frames", async () => {
    const bug = new TypeError("x is not a function");
    const failure = await providerFailure(bug, "agent", "read", [ID, { __identity: IDENTITY }]);
    expect(failure.message).toContain('Qoder Agent "reviewer"');
    expect(failure.stack).toBe(failure.message);
    expect(String(failure.stack)).not.toMatch(/\n\s+at /);
  });

  it("failure: a partial create keeps the id and properties the engine records", async () => {
    const partial = new PartialCreateError(ID, { name: "reviewer" }, new Error("GET /agents: 500 api_error: boom"));
    const failure = (await providerFailure(partial, "agent", "create", [{ __identity: IDENTITY }])) as Error & { id?: string; properties?: unknown };
    expect(failure).toMatchObject({ id: ID, properties: { name: "reviewer" } });
    expect(failure.message).toContain(`Pulumi keeps ${ID} in state`);
  });

  it("failure: run() turns a connection failure into the paragraph, naming qoder:baseUrl", async () => {
    // Through Node's require, as the provider process loads it: the lifecycle modules `require` the connection
    // module, which must be the instance `configure` set up.
    const { run } = createRequire(__filename)("../../provider/lifecycle/runtime") as typeof import("../../provider/lifecycle/runtime");
    const config = new Map([
      ["qoder:token", TOKEN],
      ["qoder:baseUrl", "http://127.0.0.1:1/api/v1/cloud"],
      ["qoder:maxRetries", "0"],
    ]);
    await run("agent", "configure", [{ config: { get: (key: string) => config.get(key) } }]);
    const err = (await failureOf(run("agent", "read", [ID, { __identity: IDENTITY }]))) as Error;
    expectParagraph(err.message);
    expect(err.message).toMatch(
      /^Qoder Agent "reviewer" \(agent_\w+\): refresh \(read\) failed: could not reach the Qoder API at http:\/\/127\.0\.0\.1:1\/api\/v1\/cloud: nothing accepts connections there/,
    );
    expect(err.stack).toBe(err.message);
  }, 30_000);
});

describe("fleet program failures", () => {
  it("failure: an unexpected error in the fleet program is one RunError paragraph, not a stack", async () => {
    const config = {
      project: "qoder-fleet",
      get: (): string | undefined => {
        throw new TypeError("Cannot read properties of undefined (reading 'fleet')");
      },
      isSecret: () => false,
    };
    const err = (await failureOf(fleetProgram({ projectDir: __dirname, workDir: __dirname, stack: "dev", config }))) as Error;
    expect(pulumi.RunError.isInstance(err)).toBe(true);
    expect(err.message).toBe(
      "The Qoder fleet program failed: unexpected internal error: TypeError: Cannot read properties of undefined (reading 'fleet'). " +
        "This is a bug in pulumi-qoder, please report it; run the command again with --debug to see the stack trace.",
    );
  });
});
