import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The release server built by `cargo xtask test`, and the site it serves. */
export const serverBinary = process.env.BOOKABLE_SERVER_BIN ?? path.resolve(__dirname, "../target/release/bookable");
export const siteRoot = process.env.BOOKABLE_SITE_ROOT ?? path.resolve(__dirname, "../target/site");
/** Where the run's databases, outboxes and uploads go. */
export const runData = path.resolve(__dirname, ".e2e-data");

/** A server a spec starts and stops itself, e.g. to restart it later on the same database. */
export class AppServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts the server on `port` with extra `args`, and waits until it answers. */
  static async start(port: number, args: string[]): Promise<AppServer> {
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(serverBinary, ["--addr", `127.0.0.1:${port}`, "--site-root", siteRoot, "--public-url", url, ...args], {
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const server = new AppServer(url, child);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server on ${url} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/`)).ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await server.stop();
    throw new Error(`the server on ${url} did not answer within 30 s`);
  }

  /** Stops the server and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
