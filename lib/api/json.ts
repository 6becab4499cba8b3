import { NextResponse } from "next/server";
import type { Page } from "@/lib/page";

/** JSON.stringify that writes BigInt ids and counts as numbers when safe, as strings otherwise. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) => {
    if (typeof item !== "bigint") return item;
    return item <= BigInt(Number.MAX_SAFE_INTEGER) && item >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(item)
      : item.toString();
  });
}

/**
 * The one builder of API answers: JSON (BigInts as above), never cached. A NextResponse, so a route can set
 * cookies on it (lib/server/session-cookie.ts). A single resource is the object itself; a list is a `Page`.
 */
export function jsonResponse(value: unknown, init: ResponseInit = {}): NextResponse {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new NextResponse(toJson(value), { ...init, headers });
}

/** A whole list in one page, in the list shape every list endpoint answers with. */
export function listOf<T>(data: T[]): Page<T> {
  return { data, total: data.length, page: 1, pageSize: data.length };
}
