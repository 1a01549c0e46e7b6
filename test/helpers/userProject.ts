// A new user's project: `npm init -y` in a fresh folder, then `npm i` of
// psweep packed from this repository (dist/ as built by npm run build), as
// a user installs it from the registry.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { tmpDir } from "./tmp.js";

export const REPO = resolve(import.meta.dirname, "../..");
const bin = (name: string) => `${REPO}/node_modules/.bin/${name}`;
export const BUN = bin("bun");
export const DENO = bin("deno");
export const TSC = bin("tsc");

/** The version this repository pins of a devDependency, for installing the same one in a user project. */
export function devVersion(name: string): string {
  return `${name}@${JSON.parse(execFileSync("npm", ["pkg", "get", `devDependencies.${name}`], { cwd: REPO, encoding: "utf8" })) as string}`;
}

/** psweep packed into a fresh folder; resolves to the tarball's path. */
export function packPsweep(): string {
  if (!existsSync(`${REPO}/dist/node.js`)) throw new Error("dist/ is missing: run npm run build first");
  const dir = tmpDir("psweep-pack-");
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO, encoding: "utf8" });
  const [file] = readdirSync(dir).filter((name) => name.endsWith(".tgz"));
  return `${dir}/${file}`;
}

export interface UserProject {
  readonly dir: string;
  /** What npm printed while installing psweep. */
  readonly installOutput: string;
}

/** `npm init -y` and `npm i <tarball> ...extra` in a new folder (npm's cache makes it fast; the registry is asked for what is missing). */
export function userProject(tarball: string, extra: readonly string[] = [], { moduleType = true } = {}): UserProject {
  const dir = tmpDir("psweep-user-");
  const npm = (...args: string[]) =>
    execFileSync("npm", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  npm("init", "-y");
  if (moduleType) npm("pkg", "set", "type=module");
  // stderr too: npm warns there (e.g. about install scripts)
  const installOutput = execFileSync(
    "sh",
    ["-c", `npm i --no-audit --no-fund --prefer-offline ${[tarball, ...extra].map((a) => `'${a}'`).join(" ")} 2>&1`],
    { cwd: dir, encoding: "utf8" },
  );
  return { dir, installOutput };
}
