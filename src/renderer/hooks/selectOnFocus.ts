import type { FocusEvent, MouseEvent } from 'react';

// fields being focused by a press of the mouse or a tap: their mouseup would put a caret in the selection
const pressedIntoFocus = new WeakSet<HTMLInputElement>();

/**
 * The handlers of an amount or count field that is typed over, not appended to: getting the focus
 * (Tab, a dialog opening on it, a tap) selects what it holds, so typing 3.50 into "4.19" gives 3.50.
 * Spread them on the input: `<input {...selectOnFocus} />`.
 */
export const selectOnFocus = {
  onFocus(event: FocusEvent<HTMLInputElement>) {
    event.currentTarget.select();
  },
  onMouseDown(event: MouseEvent<HTMLInputElement>) {
    if (document.activeElement !== event.currentTarget) pressedIntoFocus.add(event.currentTarget);
  },
  onMouseUp(event: MouseEvent<HTMLInputElement>) {
    // the press that focused the field keeps the selection; a later click places the caret as usual
    if (pressedIntoFocus.delete(event.currentTarget)) event.preventDefault();
  },
};
