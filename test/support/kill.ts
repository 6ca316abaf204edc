// Crash injection for engine tests: runs `pulumi <args>` and, once a condition holds (polled every few
// milliseconds, e.g. "N creates reached the emulator"), kills it with SIGKILL together with everything it
// started. Pulumi puts each plugin (the language host, the dynamic provider) in a process group of its own
// (cmdutil.RegisterProcessGroup), so the CLI's process group alone would leave the provider running and still
// calling the API; a crashed machine or a cancelled CI job leaves nothing, and that is what this emulates.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import type { PulumiProject } from "./pulumi";

export interface KillableRun {
  /** True when the condition held and the process tree was killed; false when `pulumi` ended first. */
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Processes killed (the CLI and its descendants). */
  processes: number;
  /** Milliseconds from the start to the kill (or the end). */
  elapsedMs: number;
}

/** The harness keeps the project's environment (PATH, backend, passphrase) private; a killable run needs it. */
function environmentOf(project: PulumiProject): NodeJS.ProcessEnv {
  return (project as unknown as { env: NodeJS.ProcessEnv }).env;
}

/** Runs `pulumi <args> --non-interactive` in the project and kills its whole process tree once `when()` holds. */
export function runAndKill(project: PulumiProject, args: string[], when: () => boolean, pollMs = 5): Promise<KillableRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so that nothing we kill is in the test runner's.
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: project.dir,
      env: environmentOf(project),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    let processes = 0;
    let elapsedMs = 0;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setInterval(() => {
      if (killed || child.pid === undefined || !when()) return;
      killed = true;
      elapsedMs = Date.now() - started;
      processes = killTree(child.pid);
      clearInterval(timer);
    }, pollMs);
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ killed, code, stdout, stderr, processes, elapsedMs: killed ? elapsedMs : Date.now() - started });
    });
  });
}

/**
 * SIGKILLs `root` and all its descendants. The tree is frozen first (SIGSTOP), so that no process spawns a child
 * or is re-parented to init while it is read, and then killed at once; returns how many processes died.
 */
export function killTree(root: number): number {
  const frozen = new Set<number>();
  for (let round = 0; round < 5; round++) {
    const fresh = [root, ...descendantsOf(root)].filter((pid) => !frozen.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      try {
        process.kill(pid, "SIGSTOP");
        frozen.add(pid);
      } catch {
        // Already gone.
      }
    }
  }
  for (const pid of frozen) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return frozen.size;
}

/** Every process below `root`, read from /proc (Linux: the engine tier's CI and dev machines). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * A file:// backend writes each blob's `.attrs` sidecar by truncating it and then writing it, before it renames
 * the new checkpoint into place (gocloud.dev/blob/fileblob `setAttrs`). A kill between the two leaves an empty
 * `<stack>.json.attrs`, and every later command fails with "failed to load checkpoint: EOF" although the
 * checkpoint itself is whole. A missing sidecar is read as "no attributes", so removing the empty one repairs
 * the stack. Returns the files removed (relative to the backend directory).
 */
export function removeTornAttrs(backendDir: string): string[] {
  const removed: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".attrs") && fs.statSync(file).size === 0) {
        fs.rmSync(file);
        removed.push(file.slice(backendDir.length + 1));
      }
    }
  };
  walk(backendDir);
  return removed;
}
