// The real outcome-lrs binary for one end-to-end test file, as tests/support/lrs_process.h does
// for the C++ HTTP tests: a fresh temporary directory with the database and the server log, an
// `all` credential made with `outcome-lrs credentials add`, and `outcome-lrs serve` on a free
// 127.0.0.1 port. The binary comes from OUTCOME_LRS_BINARY (set by CTest). With
// OUTCOME_LRS_TEST_PG_STATE (the throwaway cluster of tests/support/pg_cluster.sh, set by CTest
// for the e2e_*_postgresql runs) the database is a new one in that cluster instead of an SQLite
// file, dropped by dispose().
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const kStartTimeoutMs = 15000;
const kStartAttempts = 5;
const kStopGraceMs = 10000;

// The outcome-lrs binary named by OUTCOME_LRS_BINARY; throws with what to do when it is unset.
export function lrsBinary() {
  const binary = process.env.OUTCOME_LRS_BINARY;
  if (!binary || !existsSync(binary)) {
    throw new Error(
      "OUTCOME_LRS_BINARY must name the built outcome-lrs (ctest sets it; got " +
        JSON.stringify(binary) + ")");
  }
  return binary;
}

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released).
export function pickFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let databases = 0;

// The throwaway PostgreSQL cluster named by OUTCOME_LRS_TEST_PG_STATE: { bin, host, user }, or
// null when the variable is unset (SQLite). Throws when the cluster is unavailable
// (tests/support/e2e_on_postgres.sh skips the run before that).
function postgresCluster() {
  const state = process.env.OUTCOME_LRS_TEST_PG_STATE;
  if (!state) return null;
  if (existsSync(join(state, "unavailable"))) {
    throw new Error("PostgreSQL is unavailable: " + readFileSync(join(state, "unavailable"), "utf8"));
  }
  const bin = readFileSync(join(state, "bin"), "utf8").trim();
  const words = Object.fromEntries(readFileSync(join(state, "conninfo"), "utf8").trim()
    .split(/\s+/).map((word) => word.split("=")));
  return { bin, host: words.host, user: words.user };
}

// Runs `sql` on the cluster's postgres database with its psql.
function clusterSql(cluster, sql) {
  const run = spawnSync(join(cluster.bin, "psql"),
                        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.host, "-U",
                         cluster.user, "-d", "postgres", "-c", sql],
                        { encoding: "utf8", timeout: 30000 });
  if (run.status !== 0) throw new Error(`psql ${sql}: ${run.stderr}${run.stdout}`);
}

// One outcome-lrs installation: start() it in a before hook, use endpoint/key/secret, dispose()
// of it in an after hook.
export class LrsServer {
  // `plugins`: shared libraries passed to every command with --plugin (e.g. the outcome plugin).
  constructor({ plugins = [] } = {}) {
    this.binary = lrsBinary();
    this.pluginArgs = plugins.flatMap((plugin) => ["--plugin", plugin]);
    // Made by start(), so that a test file which fails to load leaves nothing behind.
    this.directory = null;
    this.db = null;
    this.pgName = null;  // the PostgreSQL database to drop, when on PostgreSQL
    this.logPath = null;
    this.key = "e2e-key";
    this.secret = "e2e-secret-" + Math.random().toString(36).slice(2);
    this.child = null;
    this.port = 0;
    // Never leave a server behind, even when the test process exits without its after hook.
    this.killOnExit = () => this.child && this.child.kill("SIGKILL");
    process.on("exit", this.killOnExit);
  }

  // "http://127.0.0.1:PORT" and the xAPI endpoint under it (with the trailing slash).
  get origin() { return `http://127.0.0.1:${this.port}`; }
  get endpoint() { return `${this.origin}/xapi/`; }
  // The HTTP Basic Authorization header value of the credential.
  get authorization() {
    return "Basic " + Buffer.from(`${this.key}:${this.secret}`).toString("base64");
  }

  // `outcome-lrs credentials add --scopes all`, then `serve` on a free port until GET
  // /xapi/about answers 200. A port taken between choosing and binding it is retried.
  async start() {
    this.directory = mkdtempSync(join(tmpdir(), "outcome-lrs-e2e-"));
    const cluster = postgresCluster();
    if (cluster) {
      this.pgName = `lrs_e2e_${process.pid}_${++databases}`;
      clusterSql(cluster, `CREATE DATABASE ${this.pgName}`);
      this.db = `postgresql:///${this.pgName}?host=${cluster.host}&user=${cluster.user}`;
    } else {
      this.db = join(this.directory, "lrs.db");
    }
    this.logPath = join(this.directory, "server.log");
    const add = spawnSync(this.binary, ["credentials", "add", "--db", this.db, "--scopes", "all",
                                        "--key", this.key, "--secret", this.secret,
                                        ...this.pluginArgs],
                          { encoding: "utf8", timeout: 30000 });
    if (add.status !== 0) {
      throw new Error(`credentials add failed (${add.status}): ${add.stderr}${add.stdout}`);
    }
    for (let attempt = 0; attempt < kStartAttempts; ++attempt) {
      if (await this.startOnce(await pickFreePort())) return;
    }
    throw new Error(`outcome-lrs serve did not come up in ${kStartAttempts} attempts; log:\n` +
                    this.log());
  }

  // Whether the server answered on `port`; false when it exited (the port was taken).
  async startOnce(port) {
    const args = ["serve", "--db", this.db, "--listen", `127.0.0.1:${port}`, "--log-level", "warn",
                  ...this.pluginArgs];
    const log = openSync(this.logPath, "a");
    // setpriv (util-linux) gives the server a parent-death signal, so it dies with this
    // process even if the process is killed (a ctest timeout) before stop() runs.
    const [command, argv] = existsSync("/usr/bin/setpriv")
      ? ["/usr/bin/setpriv", ["--pdeathsig", "KILL", "--", this.binary, ...args]]
      : [this.binary, args];
    const child = spawn(command, argv, { stdio: ["ignore", log, log] });
    closeSync(log);
    let exited = false;
    child.on("exit", () => { exited = true; });
    this.child = child;
    this.port = port;
    const deadline = Date.now() + kStartTimeoutMs;
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(`${this.endpoint}about`);
        if (response.status === 200) return true;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    if (!exited) {
      await this.stop();
      throw new Error(`outcome-lrs serve did not answer GET /xapi/about within ` +
                      `${kStartTimeoutMs} ms; log:\n${this.log()}`);
    }
    this.child = null;
    return false;
  }

  // SIGTERM, up to 10 s to exit, then SIGKILL. Resolves with the exit code (null if signalled).
  async stop() {
    const child = this.child;
    if (!child) return null;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), kStopGraceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  // stop() and remove the directory with the database and the log.
  async dispose() {
    await this.stop();
    process.off("exit", this.killOnExit);
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
    if (this.pgName) {
      clusterSql(postgresCluster(), `DROP DATABASE IF EXISTS ${this.pgName} WITH (FORCE)`);
      this.pgName = null;
    }
  }

  // `outcome-lrs ARGS --db DB --plugin ...` on this installation (blocking; for commands that
  // call nothing of this process). Throws unless it exits 0; returns its stdout.
  cli(...args) {
    const run = spawnSync(this.binary, [...args, "--db", this.db, ...this.pluginArgs],
                          { encoding: "utf8", timeout: 30000 });
    if (run.status !== 0) {
      throw new Error(`outcome-lrs ${args.join(" ")} exited ${run.status} (signal ` +
                      `${run.signal}): ${run.stderr}${run.stdout}`);
    }
    return run.stdout;
  }

  // A request to the server with the `all` credential (or the Authorization header `auth`);
  // throws unless its status is one of `expected`. Resolves to the answer's JSON (null if empty).
  async call(method, path, { body, type = "application/json", auth = this.authorization,
                             expected = [200] } = {}) {
    const headers = { Authorization: auth, "X-Experience-API-Version": "1.0.3" };
    if (body !== undefined) headers["Content-Type"] = type;
    const response = await fetch(`${this.origin}${path}`, { method, headers, body });
    const text = await response.text();
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : null;
  }

  // What the server wrote to stdout and stderr.
  log() {
    if (!this.logPath) return "";
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }
}
