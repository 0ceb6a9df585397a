/** Untimed setup over real HTTP: a JSON POST that must succeed, and a bounded pool to run many. */

export class SetupRequestError extends Error {}

export async function postJson(baseUrl: string, path: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new SetupRequestError(`setup request POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Runs task(0..count-1) with at most `concurrency` in flight; the first failure stops the rest. */
export async function inPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
