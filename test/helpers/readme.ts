// The fenced code blocks of README.md, for tests that run them.

import { readFileSync } from "node:fs";
import { REPO } from "./userProject.js";

export interface Block {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The reason given by `<!-- doctest: skip (reason) -->` on the line before the block. */
  readonly skip: string | undefined;
  /** A plain ``` block right after a TypeScript block: what it prints. */
  expected?: string;
}

export function readmeBlocks(text = readFileSync(`${REPO}/README.md`, "utf8")): Block[] {
  const lines = text.split("\n");
  const blocks: Array<Block & { end: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const skip = /^<!-- doctest: skip \((.+)\) -->$/.exec(lines[before]?.trim() ?? "")?.[1];
    blocks.push({ lang: open[1]!, code: `${body.join("\n")}\n`, line: start + 1, skip, end: i });
  }
  for (let k = 0; k + 1 < blocks.length; k++) {
    const [block, next] = [blocks[k]!, blocks[k + 1]!];
    const between = lines.slice(block.end + 1, next.line - 1);
    if (block.lang === "ts" && next.lang === "" && between.every((line) => line.trim() === ""))
      block.expected = next.code;
  }
  return blocks;
}
