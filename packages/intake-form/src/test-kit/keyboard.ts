import { sendKeys } from '@web/test-runner-commands';

/** Browser-test helpers that drive the form with real key presses only (Playwright keyboard). */

/** Presses one key (`Tab`, `Space`, `Enter`, `ArrowDown`, `Shift+Tab`). */
export async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/** Types text into the focused element. */
export async function type(text: string): Promise<void> {
  await sendKeys({ type: text });
}

/** The focused element inside the form's shadow root. */
export function focused(host: HTMLElement): HTMLElement | null {
  return (host.shadowRoot?.activeElement as HTMLElement | null) ?? null;
}

/** The text a person reads for a control: its label (or legend for a group), or its own text. */
export function accessibleText(host: HTMLElement, element: Element | null): string {
  if (!element) return '';
  const root = host.shadowRoot as ShadowRoot;
  if (element.id) {
    const label = root.querySelector(`label[for="${element.id}"]`);
    if (label) return label.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }
  return element.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * Presses Tab until the focused control reads `text` (its label or its own text starts with it),
 * as a keyboard user moving through the form would.
 */
export async function tabTo(
  host: HTMLElement,
  text: string | RegExp,
  limit = 400,
): Promise<HTMLElement> {
  for (let presses = 0; presses < limit; presses++) {
    const current = focused(host);
    const label = accessibleText(host, current);
    if (current && (typeof text === 'string' ? label.startsWith(text) : text.test(label))) {
      return current;
    }
    await press('Tab');
  }
  throw new Error(`Tab never reached a control reading "${String(text)}".`);
}

/** Records mouse and pointer events on the page, to show a test used the keyboard only. */
export function watchForMouse(): { readonly events: string[]; stop(): void } {
  const events: string[] = [];
  const types = ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'mousemove', 'pointermove'];
  const listener = (event: Event) => events.push(event.type);
  for (const name of types) window.addEventListener(name, listener, true);
  return {
    events,
    stop() {
      for (const name of types) window.removeEventListener(name, listener, true);
    },
  };
}
