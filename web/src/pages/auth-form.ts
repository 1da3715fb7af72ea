import type { ApiError } from '../api/http';

// Checks of the login and register forms before they are sent (the same bounds as the
// server), and the server's refusals placed next to the field they are about.

export interface AuthFields {
  email: string;
  password: string;
  name: string;
}

export type FieldErrors = Partial<Record<keyof AuthFields | 'form', string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function utf8Length(value: string): number {
  let bytes = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export function validateLogin(fields: AuthFields): FieldErrors {
  const errors: FieldErrors = {};
  if (!fields.email.trim()) errors.email = 'Enter your email address.';
  if (!fields.password) errors.password = 'Enter your password.';
  return errors;
}

export function validateRegister(fields: AuthFields): FieldErrors {
  const errors: FieldErrors = {};
  const name = fields.name.trim();
  if (!name) errors.name = 'Enter the name others will see.';
  else if ([...name].length > 64) errors.name = 'Names are at most 64 characters.';
  if (!EMAIL.test(fields.email.trim())) errors.email = 'Enter an email address like ada@example.com.';
  const bytes = utf8Length(fields.password);
  if (bytes < 8) errors.password = 'Use at least 8 characters.';
  else if (bytes > 256) errors.password = 'Passwords are at most 256 bytes.';
  return errors;
}

/** Where a refusal of the server belongs: by its code, then by what its message names. */
export function fieldErrorsFromServer(error: ApiError): FieldErrors {
  if (error.code === 'rate_limited') {
    const wait = error.retryAfterSeconds ? ` Try again in ${Math.max(1, Math.ceil(error.retryAfterSeconds / 60))} min.` : '';
    return { form: `${error.message}${wait}` };
  }
  if (error.code === 'conflict') return { email: error.message };
  if (error.status === 400) {
    const message = error.message.toLowerCase();
    if (message.includes('email')) return { email: error.message };
    if (message.includes('password')) return { password: error.message };
    if (message.includes('name')) return { name: error.message };
  }
  return { form: error.message };
}
