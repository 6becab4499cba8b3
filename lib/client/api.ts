// The browser's way to call /api/v1: JSON in, JSON out, and the error envelope turned into an ApiError
// whose message can be shown to the analyst as it is.

export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: "no-store",
  });
  const text = await response.text();
  const payload = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "INTERNAL",
      error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return payload as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}

/** The message of the first failed query or mutation among `states` (react-query sets `error` only on failure). */
export function firstErrorMessage(...states: { error: unknown }[]): string | null {
  const failed = states.find((state) => state.error);
  return failed ? errorMessage(failed.error) : null;
}
