import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** A loopback HTTP server standing in for Jira: it records each request and answers what the test sets. */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface JiraStub {
  baseUrl: string;
  requests: RecordedRequest[];
  answer(fn: (request: RecordedRequest) => StubAnswer): void;
  close(): Promise<void>;
}

export async function startJiraStub(): Promise<JiraStub> {
  let answer = (request: RecordedRequest): StubAnswer => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: request.url }) });
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const { status, headers, body, delayMs } = answer(recorded);
      setTimeout(() => res.writeHead(status, headers).end(body), delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stub server has no TCP address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    requests,
    answer: (fn) => {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const basic = (user: string): string => `Basic ${Buffer.from(`${user}:token`).toString('base64')}`;
