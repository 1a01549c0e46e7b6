// The hash test vectors of SPEC §3, shared by the unit tests, the Python
// check and the conformance suite (which runs under Node, Bun and Deno).
export const HASH_VECTORS: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
  [{}, "bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f"],
  [{ a: 1 }, "9f89c740ceb46d7418c924a78ac57941d5e96520"],
  [{ a: 1.0 }, "9f89c740ceb46d7418c924a78ac57941d5e96520"],
  [{ a: 1, _b: 2, c_: 3 }, "9f89c740ceb46d7418c924a78ac57941d5e96520"],
  [{ a: 2 }, "8b06b16d061a2a4a4c70df53a430970d0745ab5b"],
  [{ a: 1, b: 88 }, "0ad3f6668e4cb1b982b37db4f07d0ccb8ce83e12"],
  [{ b: 88, a: 1 }, "0ad3f6668e4cb1b982b37db4f07d0ccb8ce83e12"],
  [{ a: 1, b: "xx", c: null }, "50fd4e838c360ba5fc6c8b7db96af434293b2c0a"],
  [{ a: 1, b: { c: 2, d: [1, 2, "a"] } }, "6bea37eca37b1de1660c533b0bf913d0dbcfbebc"],
  [{ a: 0.1 + 0.2 }, "79841da041e6e941bb9f7b99c30809e6862f5084"],
  [{ a: 1e21 }, "539f17f774675eeeb2329bc66b689664a2e9fa9f"],
  [{ a: 1e-7 }, "93a6135cdee61f03db00809dd023f2ae8f5ae54b"],
  [{ a: -0 }, "9538984bf72dafdf35fa15b4f2e08e3e498febfb"],
  [{ a: "äö€" }, "29761dab7e1a434ec552a4e07c275c3e98c2738c"],
  [{ a: true }, "c60916fc0818fbda22bc6ce349b0360f18f62217"],
  [{ a: [] }, "983152bcc6f3ec4d05eec8df0ef9a0a909806388"],
  [{ a: {} }, "8c5e72719ce9b86d9f75796f8957284f7e20eae4"],
  [{ param_a: 1, param_b: "xx" }, "d961aaa5805c841864c67cd783e5d4a5c1c27ccd"],
];
