import { describe, expect, it } from 'vitest';
import { CloseGuard } from './closeGuard';

describe('closing the window asks the page first', () => {
  it('asks once, waits while the question is open, and closes after a yes', () => {
    const guard = new CloseGuard();
    expect(guard.onClose(true)).toBe('ask');
    expect(guard.onClose(true)).toBe('wait');
    expect(guard.onAnswer(true)).toBe(true);
    expect(guard.onClose(true)).toBe('close');
  });

  it('a no keeps the window, and the next close asks again', () => {
    const guard = new CloseGuard();
    expect(guard.onClose(true)).toBe('ask');
    expect(guard.onAnswer(false)).toBe(false);
    expect(guard.onClose(true)).toBe('ask');
  });

  it('an answer nobody asked for closes nothing', () => {
    expect(new CloseGuard().onAnswer(true)).toBe(false);
  });

  it('a page that cannot answer does not hold the window; a page gone mid-question is asked again', () => {
    const guard = new CloseGuard();
    expect(guard.onClose(false)).toBe('close');
    expect(guard.onClose(true)).toBe('ask');
    guard.onPageGone();
    expect(guard.onClose(true)).toBe('ask');
  });
});
