// Long texts kept in files of the repository: an agent's `systemFile` and a memory's `contentFile` name a file
// whose text becomes `system` / `content`, so the resource inputs (and every diff) carry the text itself, and
// the stack config stays small. Each file is checked like the rest of the document, before any API call:
// inside the project, present, UTF-8, within the API's limit for its field.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { AGENT_LIMITS } from "../api/agent";
import { isInside } from "../client/skill-files";
import { MEMORY_LIMITS, utf8Length } from "../api/memory-store";
import { isRecord } from "../api/records";
import type { FleetProblem, Path } from "./problems";

/** A file as read for one field: its text, unless it is already too large to be worth reading. */
export type TextFile = { shown: string; bytes: number; text?: string };

/**
 * Reads the file a field names (as written in the document); `maxBytes` bounds what is worth reading. A
 * `hidden` path (a secret) is called "the file" in every message, in no spelling of its own.
 */
export type ReadTextFile = (file: string, options: { maxBytes: number; hidden?: boolean }) => Promise<TextFile | { problem: string }>;

/** A text field that may be written inline or read from a file, and the API's limit on it. */
interface TextField {
  inline: string;
  file: string;
  /** A memory needs its content one way or the other; an agent's system prompt is optional. */
  required: boolean;
  /** Files larger than this are refused without reading them. */
  maxBytes: number;
  /** What is wrong with the file's text for this field, if anything. */
  problem(file: TextFile): string | undefined;
}

const SYSTEM: TextField = {
  inline: "system",
  file: "systemFile",
  required: false,
  // A UTF-16 code unit takes at most 3 bytes of UTF-8, so a larger file is over the limit for sure.
  maxBytes: 3 * AGENT_LIMITS.systemMax,
  problem: ({ shown, bytes, text }) => {
    const limit = `a system prompt is at most ${AGENT_LIMITS.systemMax} characters`;
    if (text === undefined) return `${shown} is ${bytes} bytes; ${limit}`;
    return text.length > AGENT_LIMITS.systemMax ? `${shown} has ${text.length} characters; ${limit}` : undefined;
  },
};

const CONTENT: TextField = {
  inline: "content",
  file: "contentFile",
  required: true,
  // A byte-order mark (3 bytes) is not part of the text.
  maxBytes: MEMORY_LIMITS.contentMaxBytes + 3,
  problem: ({ shown, bytes, text }) => {
    const size = text === undefined ? bytes : utf8Length(text);
    if (size > MEMORY_LIMITS.contentMaxBytes) {
      return `${shown} is ${size} bytes; a memory's content is at most ${MEMORY_LIMITS.contentMaxBytes} bytes (100 KB)`;
    }
    return text !== undefined && text.trim() === "" ? `${shown} is empty; a memory's content must not be empty` : undefined;
  },
};

type Loose = Record<string, unknown>;

/** Every entry that holds a text field, with the field and the entry's path. */
function textEntries(document: unknown): { entry: Loose; path: Path; field: TextField }[] {
  if (!isRecord(document)) return [];
  const out: { entry: Loose; path: Path; field: TextField }[] = [];
  if (isRecord(document.agents)) {
    for (const [key, agent] of Object.entries(document.agents)) if (isRecord(agent)) out.push({ entry: agent, path: ["agents", key], field: SYSTEM });
  }
  if (isRecord(document.memoryStores)) {
    for (const [key, store] of Object.entries(document.memoryStores)) {
      if (!isRecord(store) || !Array.isArray(store.memories)) continue;
      store.memories.forEach((memory, index) => {
        if (isRecord(memory)) out.push({ entry: memory, path: ["memoryStores", key, "memories", index], field: CONTENT });
      });
    }
  }
  return out;
}

/**
 * Replaces each file reference with the file's text (in a copy of the document), and reports a reference
 * written next to its inline field, a memory with neither, and every file that cannot be used. A reference
 * that is not a non-empty string is left to the schema, which reports it.
 */
export async function resolveContentFiles(
  document: unknown,
  read: ReadTextFile,
  isSecret: (path: Path) => boolean = () => false,
): Promise<{ data: unknown; problems: FleetProblem[] }> {
  const data = structuredClone(document);
  const problems: FleetProblem[] = [];
  await Promise.all(
    textEntries(data).map(async ({ entry, path, field }) => {
      const file = entry[field.file];
      const hasInline = entry[field.inline] !== undefined;
      if (file !== undefined && hasInline) {
        problems.push({ path: [...path, field.file], at: "key", message: `write either ${field.inline} or ${field.file}, not both` });
        return;
      }
      if (file === undefined) {
        if (field.required && !hasInline) {
          problems.push({ path: [...path, field.inline], message: `is required: the text itself, or ${field.file} naming a file that holds it` });
        }
        return;
      }
      if (typeof file !== "string" || file === "") return;
      const found = await read(file, { maxBytes: field.maxBytes, hidden: isSecret([...path, field.file]) });
      const problem = "problem" in found ? found.problem : field.problem(found);
      if (problem !== undefined) problems.push({ path: [...path, field.file], message: problem });
      else if (!("problem" in found)) {
        delete entry[field.file];
        entry[field.inline] = found.text;
      }
    }),
  );
  return { data, problems };
}

/**
 * Reads content files relative to `baseDir` (the directory of the file that declares the fleet), refusing any
 * that lies outside `projectDir`, by its path or through a symbolic link: state and diffs must not depend on
 * files the repository does not hold. Messages name files relative to the project directory.
 */
export function contentFileReader(options: { baseDir: string; projectDir: string }): ReadTextFile {
  const where = "paths are relative to the file that declares the fleet";
  return async (file, { maxBytes, hidden }) => {
    const absolute = path.resolve(options.baseDir, file);
    const shown = hidden ? "the file" : path.relative(options.projectDir, absolute).split(path.sep).join("/");
    if (!isInside(absolute, options.projectDir))
      return { problem: `${hidden ? shown : file} is outside the project directory; a content file must be inside it (${where})` };
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) return { problem: `${shown} does not exist (${where})` };
    if (!stat.isFile()) return { problem: `${shown} is not a file` };
    const [real, realProject] = await Promise.all([fs.realpath(absolute), fs.realpath(options.projectDir)]);
    if (!isInside(real, realProject))
      return { problem: `${shown} is a link to a file outside the project directory; a content file must be inside it` };
    if (stat.size > maxBytes) return { shown, bytes: stat.size };
    const bytes = await fs.readFile(absolute);
    try {
      return { shown, bytes: bytes.length, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { problem: `${shown} is not UTF-8 text` };
    }
  };
}
