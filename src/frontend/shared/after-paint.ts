import { startTransition, useEffect, useState } from 'react';

/**
 * False while a view's first frame is drawn, true from the next: what a view draws only then (a sprint's thousand
 * issue rows) does not hold back what it shows first (the share and the verdict). The later render is a transition,
 * which React may interrupt for the person's input.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timeout set in an animation frame runs once that frame has been painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
