// `psweep report --serve --port 0` from the built CLI, as a user starts it:
// resolves with the process and the URL it announced on stderr.
import { spawn, type ChildProcess } from "node:child_process";

export async function serveReport(database: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, ["dist/cli.js", "report", database, "--serve", "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise<string>((found, fail) => {
    let text = "";
    server.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
      if (match) found(match[0]);
    });
    server.once("exit", () => fail(new Error(`server ended: ${text}`)));
  });
  return { server, url };
}
