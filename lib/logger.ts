import pino from "pino";
import pretty from "pino-pretty";
import { env } from "@/lib/env";

// Pretty lines for a person at a terminal, JSON lines for everything else (log shippers, CI).
// pino-pretty is used as a stream, not a transport: no worker thread, which Next's bundle dislikes.
const isTerminal = Boolean(process.stdout.isTTY);

const options = { level: env.LOG_LEVEL, base: { app: "trailtriage" } };

export const logger = isTerminal
  ? pino(options, pretty({ colorize: true, ignore: "pid,hostname,app", translateTime: "SYS:HH:MM:ss" }))
  : pino(options);

export type Logger = typeof logger;
