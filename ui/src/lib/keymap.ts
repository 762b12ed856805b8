// The inbox's keyboard shortcuts, as a pure function of the key and where focus is.

export type KeyAction =
  | 'next'
  | 'previous'
  | 'first'
  | 'last'
  | 'open'
  | 'archive'
  | 'unread'
  | 'snooze'
  | 'search'
  | 'leave-search';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface KeyContext {
  /** Focus is in a text field (the search box, a date input). */
  inTextField: boolean;
  /** Focus is on the list itself (arrows, Home/End and Enter act on it). */
  inList: boolean;
  /** A dialog or a menu is open: it owns the keyboard. */
  modalOpen: boolean;
}

/** The shortcuts, for the "À propos" help and tests. */
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: '↓ ou j', action: 'Alerte suivante' },
  { keys: '↑ ou k', action: 'Alerte précédente' },
  { keys: 'Entrée', action: 'Ouvrir l’alerte' },
  { keys: 'e', action: 'Archiver (ou désarchiver)' },
  { keys: 'u', action: 'Marquer comme non lue' },
  { keys: 's', action: 'Reporter' },
  { keys: '/', action: 'Rechercher' },
];

/** What a key does, or null when the inbox leaves it alone. */
export function keyAction(e: KeyInput, ctx: KeyContext): KeyAction | null {
  if (ctx.modalOpen) return null;
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (ctx.inTextField) {
    return e.key === 'Escape' ? 'leave-search' : null;
  }
  if (ctx.inList) {
    switch (e.key) {
      case 'ArrowDown':
        return 'next';
      case 'ArrowUp':
        return 'previous';
      case 'Home':
        return 'first';
      case 'End':
        return 'last';
      case 'Enter':
        return 'open';
    }
  }
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'e':
      return 'archive';
    case 'u':
      return 'unread';
    case 's':
      return 'snooze';
    case '/':
      return 'search';
    default:
      return null;
  }
}
