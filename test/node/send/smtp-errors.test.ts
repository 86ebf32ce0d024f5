/** SMTP refusals as providers word them, classified from reply and enhanced status codes. */
import { describe, expect, it } from 'vitest';
import type { ErrorContext } from '../../../src/main/core/connection/classify-error';
import { classifySmtpError } from '../../../src/main/core/send/smtp-errors';

const context: ErrorContext = {
  protocol: 'smtp',
  host: 'smtp.example.test',
  port: 587,
  security: 'starttls',
  provider: 'custom',
};

function smtpError(responseCode: number, response: string, command = 'DATA'): Error {
  return Object.assign(new Error('Message failed'), {
    code: 'EMESSAGE',
    responseCode,
    response,
    command,
  });
}

describe('classifySmtpError', () => {
  it.each([
    [550, '550 5.4.5 Daily user sending limit exceeded.', 'SENDING_LIMIT', false],
    [421, '421 4.7.0 Try again later, closing connection. (rate limited)', 'SENDING_LIMIT', true],
    [451, '451 4.7.1 Hourly quota reached', 'SENDING_LIMIT', true],
    [552, '552 5.3.4 Message size exceeds fixed limit', 'MESSAGE_TOO_LARGE', false],
    [554, '554 5.3.4 Message too big for system', 'MESSAGE_TOO_LARGE', false],
    [535, '535 5.7.8 Username and Password not accepted', 'AUTH_FAILED', false],
    [530, '530 5.7.0 Authentication Required', 'AUTH_FAILED', false],
  ] as const)('%i %s → %s', (code, response, expected, retryable) => {
    const error = classifySmtpError(smtpError(code, response), context);
    expect(error).toMatchObject({ code: expected, serverResponse: response, retryable });
    expect(error.hint).toBeDefined();
  });

  it('names every refused recipient when all were refused', () => {
    const thrown = Object.assign(smtpError(550, '550 5.1.1 User unknown', 'RCPT TO'), {
      code: 'EENVELOPE',
      rejectedErrors: [
        {
          recipient: 'a@example.test',
          responseCode: 550,
          response: '550 5.1.1 <a@example.test> unknown',
        },
        {
          recipient: 'b@example.test',
          responseCode: 553,
          response: '553 5.1.3 Bad address syntax',
        },
      ],
    });
    const error = classifySmtpError(thrown, context);
    expect(error.code).toBe('RECIPIENT_REJECTED');
    expect(error.message).toContain('a@example.test, b@example.test');
    expect(error.serverResponse).toContain('5.1.3');
  });
});
