import { useRef, useState } from 'preact/hooks';
import { copyText } from '../../app/browser';

/** A read-only link with a copy button (the text is selected when copying is refused). */
export function CopyField({ value, testid }: { value: string; testid: string }) {
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    const done = await copyText(value);
    if (!done) input.current?.select();
    setCopied(done);
  };
  return (
    <div class="copy-field">
      <input readOnly value={value} data-testid={testid} ref={input} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      <button type="button" class="secondary" data-testid={`${testid}-copy`} onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
