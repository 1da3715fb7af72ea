import { useState } from 'preact/hooks';

/** Asks for the name shown to others with the cursor; asked once, then remembered. */
export function NameDialog({ initial, onDone }: { initial: string; onDone: (name: string) => void }) {
  const [name, setName] = useState(initial);
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) onDone(trimmed.slice(0, 64));
  };
  return (
    <div class="modal-backdrop">
      <form class="modal" onSubmit={submit} data-testid="name-dialog">
        <h2>What should others call you?</h2>
        <p>Your name appears next to your cursor on this board.</p>
        <input autoFocus data-testid="name-input" maxLength={64} placeholder="Your name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" data-testid="name-submit" disabled={!name.trim()}>
          Start drawing
        </button>
      </form>
    </div>
  );
}
