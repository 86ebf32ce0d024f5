/**
 * The rows of a fixed-row-height list that are on screen, from the scroll position and the
 * viewport height. Only those (and an overscan) are rendered, so a list of 100,000 rows costs
 * what a list of twenty does. Scroll events are folded into one update per frame.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export interface VirtualWindow {
  readonly ref: RefObject<HTMLDivElement | null>;
  /** The first row at least partly visible. */
  readonly first: number;
  /** One past the last row at least partly visible. */
  readonly last: number;
  /** Scrolls the least needed to bring row `index` fully into view. */
  readonly reveal: (index: number) => void;
}

export function useVirtualWindow(rowHeight: number, resetKey: string): VirtualWindow {
  const ref = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 0 });

  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setViewport((now) =>
        now.top === element.scrollTop && now.height === element.clientHeight
          ? now
          : { top: element.scrollTop, height: element.clientHeight },
      );
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    const observer = new ResizeObserver(schedule);
    observer.observe(element);
    element.addEventListener('scroll', schedule, { passive: true });
    schedule();
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', schedule);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);

  // Another list starts at its top.
  useEffect(() => {
    const element = ref.current;
    if (element !== null) element.scrollTop = 0;
  }, [resetKey]);

  const reveal = useCallback(
    (index: number) => {
      const element = ref.current;
      if (element === null) return;
      const top = index * rowHeight;
      const bottom = top + rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (bottom > element.scrollTop + element.clientHeight) {
        element.scrollTop = bottom - element.clientHeight;
      }
    },
    [rowHeight],
  );

  return {
    ref,
    first: Math.floor(viewport.top / rowHeight),
    last: Math.ceil((viewport.top + viewport.height) / rowHeight),
    reveal,
  };
}
