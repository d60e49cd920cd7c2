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
      const code = detector.key(event.key, Date.now());
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
