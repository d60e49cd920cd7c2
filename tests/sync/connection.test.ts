import { describe, expect, it } from 'vitest';
import {
  describeDatabaseError,
  maskConnectionString,
  passwordOf,
  redactConnectionSecrets,
} from '../../electron/core/sync/central/connection';

// The central connection string never reaches an output or a log with its password. No database needed.

describe('maskConnectionString', () => {
  it.each([
    [
      'postgres://ringup:s3cr%40t@db.example.com:5432/chain?sslmode=require',
      'postgres://ringup:***@db.example.com:5432/chain?sslmode=require',
    ],
    ['postgresql://ringup:pw@127.0.0.1/chain', 'postgresql://ringup:***@127.0.0.1/chain'],
    ['postgres://ringup@db/chain?password=hunter22&sslmode=verify-full', 'postgres://ringup@db/chain?password=***&sslmode=verify-full'],
    ['postgres://db.example.com/chain', 'postgres://db.example.com/chain'],
    ["host=db user=ringup password='a b c' dbname=chain", 'host=db user=ringup password=*** dbname=chain'],
    ['host=db password=plain dbname=chain', 'host=db password=*** dbname=chain'],
  ])('%s → %s', (input, masked) => {
    expect(maskConnectionString(input)).toBe(masked);
  });

  it('finds the password in each form, and scrubs it (and the whole string) from a message', () => {
    expect(passwordOf('postgres://u:s3cr%40t@h/db')).toBe('s3cr@t');
    expect(passwordOf('postgres://u@h/db?password=x1')).toBe('x1');
    expect(passwordOf("host=h password='a b'")).toBe('a b');
    expect(passwordOf('postgres://u@h/db')).toBeNull();
    const url = 'postgres://u:s3cr%40t@h/db';
    expect(redactConnectionSecrets(`cannot reach ${url}: s3cr@t was refused (s3cr%40t)`, url)).toBe(
      'cannot reach postgres://u:***@h/db: *** was refused (***)',
    );
  });

  it('describes errors with an empty message (a refused connection to two addresses) by their inner error or code', () => {
    const refused = Object.assign(new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:1')], ''), { code: 'ECONNREFUSED' });
    expect(describeDatabaseError(refused, 'postgres://u:pw@localhost:1/db')).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeDatabaseError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }), 'postgres://h/db')).toBe('ETIMEDOUT');
  });
});
