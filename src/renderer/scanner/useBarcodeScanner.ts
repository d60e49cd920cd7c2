import { useEffect, useEffectEvent } from 'react';
import { ScanDetector, type ScanDetectorOptions } from './detector';

/**
 * Listen to the whole window (capture phase, before any field sees the key) and call `onScan`
 * with each scanned code. The scan's Enter is swallowed so it does not also press a button or
 * add the highlighted product.
 */
export function useBarcodeScanner(onScan: (code: string) => void, options: ScanDetectorOptions & { enabled?: boolean } = {}) {
  const handleScan = useEffectEvent(onScan);
  const { enabled = true, minLength, maxGapMs, maxEnterGapMs } = options;

  useEffect(() => {
    if (!enabled) return;
    const detector = new ScanDetector({ minLength, maxGapMs, maxEnterGapMs });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || event.repeat) {
        detector.reset();
        return;
      }
      // when the key was pressed, not when this handler got to run: a busy page (a render after the
      // first character) must not split one scan into a typed character and a shorter burst
      const at = Number.isFinite(event.timeStamp) && event.timeStamp > 0 ? event.timeStamp : Date.now();
      const code = detector.key(event.key, at);
      if (code !== null) {
        event.preventDefault();
        event.stopPropagation();
        handleScan(code);
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled, minLength, maxGapMs, maxEnterGapMs]);
}
