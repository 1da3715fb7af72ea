// Short messages at the bottom of the board: the last few, each gone after a while (errors
// stay longer).

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

const SHOWN_AT_MOST = 4;
const INFO_MS = 3000;
const ERROR_MS = 6000;

export class ToastList {
  items: readonly Toast[] = [];
  private counter = 0;

  /** `changed` is told whenever the list changes. */
  constructor(private readonly changed: () => void) {}

  show(text: string, tone: Toast['tone']): void {
    const toast = { id: ++this.counter, text, tone };
    this.items = [...this.items.slice(1 - SHOWN_AT_MOST), toast];
    this.changed();
    setTimeout(
      () => {
        this.items = this.items.filter((t) => t !== toast);
        this.changed();
      },
      tone === 'error' ? ERROR_MS : INFO_MS,
    );
  }
}
