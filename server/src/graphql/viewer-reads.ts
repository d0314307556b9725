import type { Viewer } from "../modules/identity/viewer";

/**
 * Noticing whether an execution depended on who asked. A result computed with a watched viewer
 * that was never read is the same for every viewer of the same access class, so it can be
 * shared (see realtime/shared-execution.ts).
 */

let coarseReads = 0;

/**
 * Runs `fn` without reporting its viewer reads. For the coarse rule checks of `@Allow` only:
 * their outcome depends on the viewer's access class alone, which sharing keys on.
 */
export function readingAccessClass<T>(fn: () => T): T {
  coarseReads++;
  try {
    return fn();
  } finally {
    coarseReads--;
  }
}

/** The viewer, reporting to `onRead` every property read outside `readingAccessClass`. */
export function watchViewer(viewer: Viewer, onRead: () => void): Viewer {
  return new Proxy(viewer, {
    get(target, property, receiver) {
      if (coarseReads === 0) onRead();
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      if (coarseReads === 0) onRead();
      return Reflect.has(target, property);
    },
  });
}
