// The func of the distributed example, in a module that workers load.
import { hostname } from "node:os";

export async function simulate(pset: { a: number; noise: number }): Promise<{ y: number; host: string; pid: number }> {
  await new Promise((resolve) => setTimeout(resolve, 20)); // stands for real work
  return { y: pset.a ** 2 + pset.noise, host: hostname(), pid: process.pid };
}
