import { describe, expect, it } from 'vitest';
import { keyAction, type KeyContext } from './keymap';

const body: KeyContext = { inTextField: false, inList: false, modalOpen: false };
const list: KeyContext = { inTextField: false, inList: true, modalOpen: false };
const search: KeyContext = { inTextField: true, inList: false, modalOpen: false };

describe('keyAction', () => {
  it('moves with j/k anywhere and with the arrows in the list', () => {
    expect(keyAction({ key: 'j' }, body)).toBe('next');
    expect(keyAction({ key: 'k' }, body)).toBe('previous');
    expect(keyAction({ key: 'ArrowDown' }, list)).toBe('next');
    expect(keyAction({ key: 'ArrowUp' }, list)).toBe('previous');
    expect(keyAction({ key: 'Home' }, list)).toBe('first');
    expect(keyAction({ key: 'End' }, list)).toBe('last');
  });

  it('leaves the arrows and Enter to other controls outside the list', () => {
    expect(keyAction({ key: 'ArrowDown' }, body)).toBeNull();
    expect(keyAction({ key: 'Enter' }, body)).toBeNull();
    expect(keyAction({ key: 'Enter' }, list)).toBe('open');
  });

  it('maps the action letters', () => {
    expect(keyAction({ key: 'e' }, list)).toBe('archive');
    expect(keyAction({ key: 'u' }, list)).toBe('unread');
    expect(keyAction({ key: 's' }, body)).toBe('snooze');
    expect(keyAction({ key: '/' }, body)).toBe('search');
    expect(keyAction({ key: 'x' }, body)).toBeNull();
  });

  it('never steals typing in a text field, except Escape to leave it', () => {
    for (const key of ['j', 'k', 'e', 'u', 's', '/', 'Enter', 'ArrowDown']) {
      expect(keyAction({ key }, search)).toBeNull();
    }
    expect(keyAction({ key: 'Escape' }, search)).toBe('leave-search');
  });

  it('ignores keys with modifiers (shortcuts of the system) and while a dialog is open', () => {
    expect(keyAction({ key: 'e', ctrlKey: true }, list)).toBeNull();
    expect(keyAction({ key: 'k', metaKey: true }, list)).toBeNull();
    expect(keyAction({ key: 'j', altKey: true }, list)).toBeNull();
    expect(keyAction({ key: 'j' }, { ...list, modalOpen: true })).toBeNull();
  });

  it('treats upper case as another key (Shift+E is not archive)', () => {
    expect(keyAction({ key: 'E' }, list)).toBeNull();
  });
});
