/**
 * Moves the focus to `target` on the next frame, unless the user (or a test driving the page) has
 * already put it inside `within` by then. A screen that focuses its first field once its data has
 * loaded must not pull the caret out of a field someone started typing in meanwhile: on a loaded
 * machine the frame can come well after the fields were on screen, and the keys typed in between
 * would land in the wrong field.
 */
export function focusWhenIdle(within: () => HTMLElement | null | undefined, target: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const area = within();
    if (area?.contains(document.activeElement) && document.activeElement !== area) return;
    target()?.focus();
  });
}
