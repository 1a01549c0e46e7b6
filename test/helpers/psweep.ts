// The library bound to the Node runtime, from source, for unit tests.
export * from "../../bindings/node/index.js";
