import { classifySendFailure } from './send-failure';

const smtpError = (code: string, responseCode?: number, message = 'failed') =>
  Object.assign(new Error(message), { code, responseCode });

describe('classifySendFailure', () => {
  it.each([
    ['recipient refused (550)', smtpError('EENVELOPE', 550)],
    ['message refused (554)', smtpError('EMESSAGE', 554)],
  ])('%s is permanent', (_name, error) => {
    expect(classifySendFailure(error).permanent).toBe(true);
  });

  it.each([
    ['connection refused', smtpError('ESOCKET', undefined, 'connect ECONNREFUSED 127.0.0.1:1')],
    ['connection timeout', smtpError('ETIMEDOUT')],
    ['greylisting (451)', smtpError('EENVELOPE', 451)],
    ['bad sequence (503)', smtpError('EMESSAGE', 503)],
    ['authentication (535): an operator fixes it', smtpError('EAUTH', 535)],
    ['send aborted at the timeout', smtpError('EABORT')],
    ['anything unknown', new Error('boom')],
    ['a non-error', 'weird'],
  ])('%s is transient', (_name, error) => {
    expect(classifySendFailure(error).permanent).toBe(false);
  });

  it('keeps a short message with the code, never the email', () => {
    const failure = classifySendFailure(smtpError('ESOCKET', undefined, 'x'.repeat(2_000)));
    expect(failure.message.startsWith('ESOCKET: xxx')).toBe(true);
    expect(failure.message.length).toBe(500);
  });
});
