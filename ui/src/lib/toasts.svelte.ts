// Short messages at the bottom of the window: results ("Vérification faite : …") and errors,
// read out by screen readers through their live regions (see Toasts.svelte).

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  error: boolean;
  action?: ToastAction;
}

/** How long a toast stays, in milliseconds (errors longer: they may need reading twice). */
const INFO_MS = 6000;
const ERROR_MS = 12000;

class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(message: string, options: { error?: boolean; action?: ToastAction } = {}): number {
    const id = this.#next++;
    const toast: Toast = { id, message, error: options.error ?? false, action: options.action };
    // At most three at once: the oldest goes.
    this.list = [...this.list, toast].slice(-3);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), toast.error ? ERROR_MS : INFO_MS),
    );
    return id;
  }

  info(message: string, action?: ToastAction): number {
    return this.show(message, { action });
  }

  error(message: string): number {
    return this.show(message, { error: true });
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
