import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemException, toProblem } from '../problems/problem.exception.js';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a path or headers beyond 16 KiB, bytes that
 * are not HTTP, headers that never finish) are answered as problem documents too, instead of Node's empty
 * 400/431/408.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    const exception = problemOf(error.code);
    if (!exception || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(toProblem(exception, requestTarget(error.rawPacket)));
    const status = exception.status;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

function problemOf(code: string | undefined): ProblemException | undefined {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ProblemException('header-too-large', 'The request line (path and query) and the headers together may not exceed 16 KiB');
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ProblemException('request-timeout', 'The request headers did not arrive in time');
  if (code?.startsWith('HPE_')) return new ProblemException('malformed-request', `The request is not valid HTTP/1.1 (${code})`);
  // A connection reset or aborted by the client: there is nobody to answer.
  return undefined;
}

/** The path of the refused request, as far as it arrived, for the problem's `instance`. */
function requestTarget(raw: Buffer | undefined): string {
  const target = raw?.subarray(0, 2048).toString('latin1').split(' ')[1] ?? '';
  return /^\/[\x21-\x7e]{0,255}$/.test(target) ? target : '';
}
