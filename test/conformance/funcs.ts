// Funcs for the conformance suite's pool cases, found by pool workers
// through funcModule (the suite itself never calls run() as it loads).
export function cube(p: { a: number; b: string }): { cube: number; label: string } {
  console.log(`cube ${p.a}`);
  return { cube: p.a ** 3, label: `${p.b}:${p.a}` };
}

export async function sleepy(p: { a: number }): Promise<{ a2: number }> {
  await new Promise((resolve) => setTimeout(resolve, ((p.a * 7) % 5) * 4));
  return { a2: p.a * 2 };
}
