import pino from "pino";
import pretty from "pino-pretty";
import { env } from "@/lib/env";

// Logs go to stderr, so a command's stdout carries only its answer (`db:info --json`, a token).
// Pretty lines for a person at a terminal, JSON lines for everything else (log shippers, CI).
// pino-pretty is used as a stream, not a transport: no worker thread, which Next's bundle dislikes.
const isTerminal = Boolean(process.stderr.isTTY);

const options = { level: env.LOG_LEVEL, base: { app: "trailtriage" } };

export const logger = isTerminal
  ? pino(options, pretty({ colorize: true, destination: 2, ignore: "pid,hostname,app", translateTime: "SYS:HH:MM:ss" }))
  : pino(options, pino.destination(2));

export type Logger = typeof logger;
