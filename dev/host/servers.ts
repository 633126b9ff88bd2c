import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The local host's listening servers: plain HTTP/1.1, or HTTPS with HTTP/2 (HTTP/1.1 still answered for clients that
 * do not offer h2), as a Jira Cloud site serves its pages and REST API. Over HTTP/1.1 a browser opens at most six
 * connections to one origin, so a view's eleventh parallel requestJira waits for a free one; over HTTP/2 they all
 * share one connection, as they do on Jira.
 */

export type HostRequest = IncomingMessage | Http2ServerRequest;
export type HostResponse = ServerResponse | Http2ServerResponse;
export type Handler = (req: HostRequest, res: HostResponse) => void;

export interface Certificate {
  /** PEM: what a client trusts to reach the host (node's `ca`; a browser is told to accept it). */
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for the host's names, made now by openssl in a temporary directory that is removed at
 * once: the key lives only in this process, never on disk past this call, never in the repository.
 */
export function selfSignedCertificate(names: readonly string[]): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'ktlo-host-tls-'));
  try {
    const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n.replace(/^\[|\]$/g, '')}` : `DNS:${n}`)).join(',');
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=KTLO Lens local host', '-addext', `subjectAltName=${san}`],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (e) {
      const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new Error(`the local host could not make its TLS certificate with openssl (is openssl 1.1.1 or later installed?): ${detail}`);
    }
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listens with `handler` on plain HTTP/1.1, or over TLS with HTTP/2 and HTTP/1.1 when a certificate is given. */
export function listen(handler: Handler, port: number, hostname: string, certificate: Certificate | null): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = certificate ? createSecureServer({ cert: certificate.cert, key: certificate.key, allowHTTP1: true }, handler) : createServer(handler);
  server.on(certificate ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, hostname, () => {
      server.off('error', fail);
      ok({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            // Keep-alive and HTTP/2 sessions would hold the server open: a closing host drops them.
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
