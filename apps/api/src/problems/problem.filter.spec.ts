import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter.js';

/** What a handler throws when it sets a header on an answer already sent. */
const headersSent = () => Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });

function hostOf(locals: Record<string, unknown>): ArgumentsHost {
  const request = { method: 'POST', originalUrl: '/v1/goals' };
  const response = { headersSent: true, locals, setHeader: jest.fn(), status: jest.fn() };
  return { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
}

describe('ProblemFilter', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('logs no error for a handler that ends after the request deadline answered 503', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    new ProblemFilter().catch(headersSent(), hostOf({ answeredByDeadline: true }));
    expect(error).not.toHaveBeenCalled();
  });

  it('still logs an error raised after an answer started that the deadline did not send', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    new ProblemFilter().catch(headersSent(), hostOf({}));
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toContain('POST /v1/goals');
  });
});
