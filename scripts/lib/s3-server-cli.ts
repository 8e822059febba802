// `tsx scripts/lib/s3-server-cli.ts <port> <folder>`: the local S3 server (s3-server.ts) as a
// process of its own, for scripts/e2e.ts (unless E2E_S3=0) and `npm run cluster`, whose own event loop is blocked while
// Playwright runs. Prints "listening <endpoint>" once it accepts connections; stops on SIGTERM.

import { startS3Server } from "./s3-server";

const [port, folder] = process.argv.slice(2);
if (!port || !folder) {
  console.error("Usage: tsx scripts/lib/s3-server-cli.ts <port> <folder>");
  process.exit(2);
}
startS3Server({ port: Number(port), directory: folder }).then(
  (server) => {
    console.log(`listening ${server.endpoint}`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
