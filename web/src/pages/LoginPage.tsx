import { useState } from 'preact/hooks';
import { fieldErrorsFromServer, validateLogin, validateRegister, type AuthFields, type FieldErrors } from './auth-form';
import { useServices } from './services';

// Log in or create an account. Success changes the session; the app then goes on to the page
// the visitor wanted (the guard in Root).

type Mode = 'login' | 'register';

function Field({ mode, field, label, type, value, error, autoComplete, onInput }: { mode: Mode; field: keyof AuthFields; label: string; type: 'text' | 'email' | 'password'; value: string; error?: string; autoComplete: string; onInput: (value: string) => void }) {
  const id = `${mode}-${field}`;
  const attributes = {
    id,
    name: field,
    value,
    autoComplete,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'data-testid': id,
    onInput: (event: Event) => onInput((event.target as HTMLInputElement).value),
  };
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      {type === 'password' ? <input type="password" {...attributes} /> : type === 'email' ? <input type="email" {...attributes} /> : <input type="text" {...attributes} />}
      {error && (
        <span class="field-error" id={`${id}-error`} data-testid={`field-error-${field}`}>
          {error}
        </span>
      )}
    </label>
  );
}

export function LoginPage({ next }: { next: string | null }) {
  const { session } = useServices();
  const [mode, setMode] = useState<Mode>('login');
  const [fields, setFields] = useState<AuthFields>({ email: '', password: '', name: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const joining = next !== null && (next.startsWith('/invite/') || next.startsWith('/s/'));

  const set = (field: keyof AuthFields) => (value: string) => {
    setFields({ ...fields, [field]: value });
    if (errors[field] || errors.form) setErrors({ ...errors, [field]: undefined, form: undefined });
  };
  const switchTo = (value: Mode) => {
    setMode(value);
    setErrors({});
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const invalid = mode === 'login' ? validateLogin(fields) : validateRegister(fields);
    if (Object.keys(invalid).length > 0) {
      setErrors(invalid);
      return;
    }
    setBusy(true);
    const email = fields.email.trim();
    const result = mode === 'login' ? await session.login(email, fields.password) : await session.register(email, fields.password, fields.name.trim());
    setBusy(false);
    if (!result.ok) setErrors(fieldErrorsFromServer(result.error));
  };

  return (
    <div class="auth-page" data-testid="login-page">
      <form class="auth-card" noValidate onSubmit={(event) => void submit(event)} data-testid={`${mode}-form`}>
        <div class="auth-brand">
          <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
            <rect x="3" y="3" width="26" height="26" rx="7" fill="#4f46e5" />
            <path d="M10 21 L16 9 L22 21 Z" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" />
          </svg>
          <span>CollabCanvas</span>
        </div>
        <div class="tabs" role="tablist">
          <button type="button" role="tab" class={mode === 'login' ? 'active' : ''} aria-selected={mode === 'login'} data-testid="auth-tab-login" onClick={() => switchTo('login')}>
            Log in
          </button>
          <button type="button" role="tab" class={mode === 'register' ? 'active' : ''} aria-selected={mode === 'register'} data-testid="auth-tab-register" onClick={() => switchTo('register')}>
            Sign up
          </button>
        </div>
        {joining && <p class="auth-hint">Log in or create an account to join the board you were invited to.</p>}
        {mode === 'register' && <Field mode={mode} field="name" label="Your name" type="text" value={fields.name} error={errors.name} autoComplete="name" onInput={set('name')} />}
        <Field mode={mode} field="email" label="Email" type="email" value={fields.email} error={errors.email} autoComplete="email" onInput={set('email')} />
        <Field mode={mode} field="password" label="Password" type="password" value={fields.password} error={errors.password} autoComplete={mode === 'login' ? 'current-password' : 'new-password'} onInput={set('password')} />
        {mode === 'register' && !errors.password && <p class="field-note">At least 8 characters.</p>}
        {errors.form && (
          <p class="form-error" role="alert" data-testid="auth-error">
            {errors.form}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy} data-testid={`${mode}-submit`}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
      </form>
    </div>
  );
}
