// Lint for the whole repository, and the floor plan's layer rules (see
// CONTRIBUTING.md, "Lint and format"). test/lint.test.ts checks that each layer rule
// fires on the imports and globals it exists to stop.
//
// ESLint gives a file only the options of the last config object that sets a
// rule, so each layer's import rule lists everything that layer may not
// import, including the restrictions every file shares (restrict() builds
// them), and the objects go from the widest files to the narrowest.
import { builtinModules } from "node:module";
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const TS = ["**/*.ts", "**/*.mts", "**/*.cts"];
const ALL = ["**/*.js", "**/*.mjs", "**/*.cjs", ...TS];

/** @typedef {{ regex: string, message: string }} Restriction */

/** @type {Restriction} */
const wasmModule = {
  regex: "wasmBytes\\.generated",
  message: "Only src/core/ loads the wasm module: use the core's functions (src/core/core.ts) instead.",
};

const escape = (/** @type {string} */ name) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** @type {Restriction[]} */
const runtimeAgnostic = [
  {
    regex: "^node:",
    message: "src/ is runtime-agnostic: ask the Runtime (src/runtime.ts) and implement it in bindings/<runtime>/.",
  },
  {
    regex: `^(${builtinModules.map(escape).join("|")})$`,
    message:
      "A Node builtin: src/ is runtime-agnostic, ask the Runtime (src/runtime.ts) and implement it in bindings/<runtime>/.",
  },
  {
    regex: "^(bun|bun:.*|jsr:.*|npm:.*)$",
    message: "Runtime-specific modules belong in bindings/bun or bindings/deno, behind src/runtime.ts.",
  },
  {
    regex: "(^|/)bindings(/|$)",
    message:
      "src/ never imports a binding: it receives the Runtime (src/runtime.ts) from the entry point that picked it.",
  },
  {
    regex: "(^|/)test(/|$)",
    message: "src/ never imports tests: move what both need into src/.",
  },
  {
    regex: "^psweep(/|$)",
    message: "The package entries are the bindings: import the src/ module itself, by relative path.",
  },
];

/**
 * A binding imports no other runtime's binding, since each runtime loads
 * only its own; bindings/shared/ is loaded by all three.
 * @param {string} self the folder name under bindings/, to name in the message
 * @param {string[]} forbidden the runtime folders it may not import
 * @returns {Restriction}
 */
const otherRuntimes = (self, forbidden) => ({
  regex: `^(\\.\\./)+(bindings/)?(${forbidden.join("|")})(/|$)`,
  message: `bindings/${self}/ may not import bindings/${forbidden.join(" or bindings/")}/: move what they share to bindings/shared/ (runtime-free) or src/.`,
});

/**
 * One layer's rules: the static import form (no-restricted-imports) and the
 * dynamic import() form (no-restricted-syntax), from the same list.
 * @param {Restriction[]} restrictions
 */
const restrict = (restrictions) => ({
  "no-restricted-imports": ["error", { patterns: restrictions.map(({ regex, message }) => ({ regex, message })) }],
  "no-restricted-syntax": [
    "error",
    ...restrictions.map(({ regex, message }) => ({
      selector: `ImportExpression > Literal.source[value=/${new RegExp(regex).source}/]`,
      message,
    })),
  ],
});

const runtimeGlobal =
  "src/ is runtime-agnostic: use the Runtime passed in (src/runtime.ts), implemented in bindings/<runtime>/.";
const restrictedGlobals = [
  { name: "process", message: runtimeGlobal },
  { name: "Buffer", message: "src/ is runtime-agnostic: use Uint8Array, TextEncoder and TextDecoder." },
  { name: "Bun", message: runtimeGlobal },
  { name: "Deno", message: runtimeGlobal },
  { name: "global", message: "Use globalThis." },
  { name: "require", message: "src/ is ESM: use import, or the Runtime's importModule." },
  { name: "__dirname", message: "src/ is ESM and has no files of its own: use import.meta.url or the Runtime." },
  { name: "__filename", message: "src/ is ESM and has no files of its own: use import.meta.url or the Runtime." },
  { name: "module", message: "src/ is ESM: use export." },
  { name: "exports", message: "src/ is ESM: use export." },
];

/** Unused names: _x says "unused on purpose"; ({ dropped, ...rest }) => rest is how a key is left out of a copy. */
const UNUSED = {
  argsIgnorePattern: "^_",
  varsIgnorePattern: "^_",
  caughtErrorsIgnorePattern: "^_",
  destructuredArrayIgnorePattern: "^_",
  ignoreRestSiblings: true,
};

export default defineConfig([
  globalIgnores([
    "dist/",
    "build/",
    "docs/api/",
    "**/*.generated.ts",
    ".conformance/",
    ".vitest-tmp/",
    "test-output/",
    "test/fixtures/",
  ]),

  {
    files: ALL,
    ignores: ["core-wasm/**"],
    extends: [js.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: TS,
    ignores: ["core-wasm/**"],
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", UNUSED],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    rules: {
      "no-unused-vars": ["error", UNUSED],
    },
  },

  // Tests match columnar text output, where the literal double spaces read
  // like the output itself and " {2}" does not.
  { files: ["test/**"], rules: { "no-regex-spaces": "off" } },

  // Where runtime globals belong: the bindings, and everything that is not
  // the library.
  {
    files: ["bindings/**", "scripts/**", "bench/**", "test/**", "examples/**", "*.config.*"],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ["bindings/bun/**"], languageOptions: { globals: { ...globals.bunBuiltin } } },
  { files: ["bindings/deno/**"], languageOptions: { globals: { ...globals.denoBuiltin } } },

  // Layers, widest first (see the note at the top).
  { files: ALL, rules: restrict([wasmModule]) },
  {
    files: ["src/**"],
    languageOptions: { globals: { ...globals["shared-node-browser"] } },
    rules: {
      ...restrict([...runtimeAgnostic, wasmModule]),
      "no-restricted-globals": ["error", { globals: restrictedGlobals, checkGlobalObject: true }],
    },
  },
  { files: ["src/report/client/**"], languageOptions: { globals: { ...globals.browser } } },
  { files: ["src/core/**"], rules: restrict(runtimeAgnostic) },
  {
    files: ["src/runtime.ts"],
    rules: restrict([
      {
        regex: "^",
        message:
          "src/runtime.ts is the interface every binding implements and imports nothing: declare the types it needs in it, and import them from it elsewhere.",
      },
    ]),
  },
  { files: ["bindings/node/**"], rules: restrict([otherRuntimes("node", ["bun", "deno"]), wasmModule]) },
  { files: ["bindings/bun/**"], rules: restrict([otherRuntimes("bun", ["node", "deno"]), wasmModule]) },
  { files: ["bindings/deno/**"], rules: restrict([otherRuntimes("deno", ["node", "bun"]), wasmModule]) },
  { files: ["bindings/shared/**"], rules: restrict([otherRuntimes("shared", ["node", "bun", "deno"]), wasmModule]) },

  // AssemblyScript: its function decorators (@inline) are not TypeScript, and
  // its types (i32, usize, v128) and builtins (memory, load, store) are not
  // declared anywhere TypeScript sees, so only the import rule applies here.
  {
    files: ["core-wasm/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { allowInvalidAST: true } },
    rules: restrict([
      {
        regex: "^(?!\\./)|/\\.\\.(/|$)",
        message: 'core-wasm/ compiles by itself (asc): import only its own modules, as "./x".',
      },
    ]),
  },
]);
