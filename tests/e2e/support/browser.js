// What the browser tests share: Debian's chromium launched by playwright-core (never a browser
// Playwright downloads), and small HTTP servers on free 127.0.0.1 ports acting as other origins.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.OUTCOME_LRS_CHROMIUM || "/usr/bin/chromium";

// Headless chromium. As root in a container: no user namespaces for the sandbox, a small
// /dev/shm, no GPU. `args`: more command-line switches.
export async function launchChromium({ args = [] } = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: scripts/test.sh installs Debian's chromium package`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", ...args],
    timeout: 30000,
  });
}

// HTTP servers started by listen(); close() them all in an after hook.
export class Origins {
  constructor() {
    this.servers = [];
  }

  // A server answering with `handler`; resolves with its origin ("http://127.0.0.1:PORT").
  listen(handler) {
    return new Promise((resolve, reject) => {
      const server = createServer(handler);
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => {
        this.servers.push(server);
        resolve(`http://127.0.0.1:${server.address().port}`);
      });
    });
  }

  async close() {
    for (const server of this.servers) {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    }
    this.servers = [];
  }
}
