/** Browser-side JSON calls to our API; a non-2xx answer throws with the server's message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data?.error;
    throw new ApiCallError(
      res.status,
      error?.code ?? "unknown",
      error?.message ?? `The server answered ${res.status}.`,
    );
  }
  return data as T;
}

/** What to tell a person when a call failed: the server's message, or that it could not be reached. */
export function errorMessage(error: unknown, fallback = "Could not reach the server. Try again."): string {
  return error instanceof ApiCallError ? error.message : fallback;
}
