import { createServer } from "node:http";
import next from "next";
import { projectRoot } from "@/lib/cli/paths";
import { logger } from "@/lib/logger";
import { PEER_HEADER, PEER_PROOF_HEADER, peerProof } from "@/lib/server/peer";

// The web server `trailtriage start` runs: Next.js behind Node's own HTTP server, which is the one place the
// TCP peer's address is known. It removes any peer headers a client sent and sets its own, proven with a
// secret only this process holds (lib/server/peer.ts); the app decides the client's address from them
// (TRUSTED_PROXIES, lib/auth/client-ip.ts). Everything else is what `next start` does.

export async function serve(options: { dev: boolean; port: number; hostname: string }): Promise<void> {
  const proof = peerProof();
  const app = next({ dev: options.dev, dir: projectRoot, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    req.headers[PEER_PROOF_HEADER] = proof;
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, "unhandled error serving a request");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  if (options.dev) server.on("upgrade", app.getUpgradeHandler());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
