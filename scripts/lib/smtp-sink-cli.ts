// `tsx scripts/lib/smtp-sink-cli.ts <port> <folder>`: the SMTP sink (smtp-sink.ts) as a process of
// its own, for scripts/e2e.ts, whose own event loop is blocked while Playwright runs. Prints
// "listening <url>" once it accepts connections; stops on SIGTERM.

import { startSmtpSink } from "./smtp-sink";

const [port, folder] = process.argv.slice(2);
if (!port || !folder) {
  console.error("Usage: tsx scripts/lib/smtp-sink-cli.ts <port> <folder>");
  process.exit(2);
}
startSmtpSink({ port: Number(port), folder, parse: false }).then(
  (sink) => {
    console.log(`listening ${sink.url}`);
    const stop = () => void sink.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
