import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { registerUser } from '../api/shop-api';
import { FieldError, ProblemMessage } from '../components/ProblemMessage';
import { useSession } from '../session/session';

// Register and log in: plain forms. The rules (email shape, password length) are the
// gateway's: its 400 names each invalid field and the page shows the message beside it.

export function RegisterPage() {
  const { logIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { email, password, name } = fieldsOf(event.currentTarget, ['email', 'password', 'name']);
    setError(null);
    try {
      await registerUser({ email, password, name });
      await logIn(email, password);
      navigate('/');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="account" onSubmit={submit} noValidate>
      <h1>Register</h1>
      <Field name="name" label="Name" error={error} />
      <Field name="email" label="Email" type="email" error={error} />
      <Field name="password" label="Password" type="password" error={error} />
      <button type="submit">Create account</button>
      <ProblemMessage error={error} />
    </form>
  );
}

export function LoginPage() {
  const { logIn } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { email, password } = fieldsOf(event.currentTarget, ['email', 'password']);
    setError(null);
    try {
      await logIn(email, password);
      navigate(from);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="account" onSubmit={submit} noValidate>
      <h1>Log in</h1>
      <Field name="email" label="Email" type="email" error={error} />
      <Field name="password" label="Password" type="password" error={error} />
      <button type="submit">Log in</button>
      <ProblemMessage error={error} />
      <p>
        New here? <Link to="/register">Register</Link>
      </p>
    </form>
  );
}

function Field({
  name,
  label,
  type = 'text',
  error,
}: {
  name: string;
  label: string;
  type?: string;
  error: unknown;
}) {
  return (
    <label className="field">
      {label}
      <input name={name} type={type} autoComplete={name === 'password' ? 'current-password' : name} />
      <FieldError error={error} field={name} />
    </label>
  );
}

function fieldsOf<Name extends string>(form: HTMLFormElement, names: Name[]): Record<Name, string> {
  const data = new FormData(form);
  return Object.fromEntries(names.map((name) => [name, data.get(name)?.toString() ?? ''])) as Record<
    Name,
    string
  >;
}
