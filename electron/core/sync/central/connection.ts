/** What stands for a password wherever a connection string is shown. */
export const MASK = '***';

/**
 * A connection string fit to print or log: the password (in the URL's user info, in a `password=`
 * query parameter, or in a `password=` key/value pair) replaced by ***. Anything that cannot be
 * parsed is masked from its first `:` after `//` to the `@`, so a malformed string never leaks either.
 */
export function maskConnectionString(connectionString: string): string {
  const text = connectionString.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (url.password) url.password = MASK;
      for (const key of [...url.searchParams.keys()]) if (/^password$/i.test(key)) url.searchParams.set(key, MASK);
      // URLSearchParams would percent-encode the mask
      return url.toString().replaceAll(encodeURIComponent(MASK), MASK);
    } catch {
      return text.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, `$1${MASK}@`).replace(/(password=)[^&\s]*/gi, `$1${MASK}`);
    }
  }
  // libpq key/value form: host=… password='…' dbname=…
  return text.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, `$1${MASK}`);
}

/** The password of a connection string, if it has one (to scrub it from error messages). */
export function passwordOf(connectionString: string): string | null {
  const text = connectionString.trim();
  try {
    if (/^postgres(ql)?:\/\//i.test(text)) {
      const url = new URL(text);
      const inParams = [...url.searchParams.entries()].find(([key]) => /^password$/i.test(key))?.[1];
      return (url.password ? decodeURIComponent(url.password) : inParams) || null;
    }
  } catch {
    return null;
  }
  const match = /password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(text);
  return match?.[1] ? match[1].replace(/^'|'$/g, '') : null;
}

/**
 * A message (an error from `pg`, a log line) with the connection string's password and any copy
 * of the connection string itself replaced by their masked forms.
 */
export function redactConnectionSecrets(message: string, connectionString: string): string {
  let text = message.split(connectionString).join(maskConnectionString(connectionString));
  const password = passwordOf(connectionString);
  if (password && password.length > 0) {
    for (const form of new Set([password, encodeURIComponent(password)])) text = text.split(form).join(MASK);
  }
  return text;
}

/**
 * An error from connecting or talking to PostgreSQL, in words and without the password: `pg` and
 * Node sometimes give an empty message (a refused connection to a name with two addresses is an
 * AggregateError whose own message is empty).
 */
export function describeDatabaseError(error: unknown, connectionString: string): string {
  let text = String(error);
  if (error instanceof Error) {
    const inner = error instanceof AggregateError ? error.errors.find((e): e is Error => e instanceof Error) : undefined;
    const code = (error as { code?: unknown }).code;
    text = error.message || inner?.message || (typeof code === 'string' ? code : error.name);
  }
  return redactConnectionSecrets(text, connectionString);
}
