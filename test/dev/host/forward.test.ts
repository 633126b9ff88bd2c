import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { forward } from '../../../dev/host/local-host';

/**
 * The host forwards requestJira to the product over a keep-alive agent. A kept socket the product closes just as it is
 * reused (its keep-alive timeout ran out then) never carried the request: the host sends it once more, it does not
 * answer the frame 500. The server here closes every kept socket when a second request comes on it.
 */

let server: Server;
let base = '';
const served: string[] = [];

beforeAll(async () => {
  const requestsOn = new WeakMap<Socket, number>();
  server = createServer((req, res) => {
    const n = (requestsOn.get(req.socket) ?? 0) + 1;
    requestsOn.set(req.socket, n);
    if (n > 1) {
      req.socket.destroy();
      return;
    }
    served.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function text(url: string, agent: Agent): Promise<string> {
  const answer = await forward(agent, url, 'GET', {}, undefined);
  let body = '';
  for await (const chunk of answer) body += String(chunk);
  return body;
}

it('sends a request once more on a fresh socket when the kept one is closed as it is reused', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  expect(await text(`${base}/first`, agent)).toBe('{"url":"/first"}');
  expect(await text(`${base}/second`, agent)).toBe('{"url":"/second"}');
  expect(served).toEqual(['/first', '/second']);
  agent.destroy();
});

it('reports a product that cannot be reached at all', async () => {
  const agent = new Agent({ keepAlive: true });
  await expect(forward(agent, 'http://127.0.0.1:1/nothing', 'GET', {}, undefined)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  agent.destroy();
});
