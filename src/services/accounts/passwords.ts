/**
 * Passwords: argon2id (memory-hard, the OWASP recommendation) via the maintained `argon2` package, and
 * the rules a new password must meet. A password never leaves this module except as its hash.
 */
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;

/** Why a password is not acceptable, or null when it is. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'at most 256 characters';
  if (username && password.toLowerCase() === username.toLowerCase())
    return 'a password other than the user name';
  const classes = [/[a-z]/i, /\d/, /[^a-z\d]/i].filter((re) => re.test(password)).length;
  if (classes < 2) return 'at least two of: letters, digits, other characters';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
