// A worker thread's events are out before the thread that started it can end it. Worker pools
// (piscina, tinypool, workerpool) post a task's result, and their close(), destroy() or idle timeout
// then call worker.terminate(), which stops the thread without running any more of its JavaScript: what
// the periodic flush had not written yet was lost, and a pool whose tasks were quick showed workers with
// no events at all. Every message a worker thread posts is preceded by a flush, so what it did up to a
// result is written before the result can arrive.
import { isMainThread, MessagePort } from 'node:worker_threads';
import { allowWrapperFrame, hideWrapperFrames, restoreStackLimit } from '../recorder/wrapper-frames.js';

type PostMessage = (this: unknown, ...args: unknown[]) => unknown;

export function flushBeforeWorkerMessages(flush: () => void): () => void {
  if (isMainThread) return () => {};
  const proto = MessagePort.prototype as unknown as { postMessage: PostMessage };
  const original = proto.postMessage;
  const apply = Reflect.apply;
  const wrapped = {
    postMessage(this: unknown, ...args: unknown[]) {
      try {
        flush();
      } catch {
        // the periodic flush and the exit flush try again
      }
      const raised = allowWrapperFrame();
      try {
        return apply(original, this, args);
      } finally {
        restoreStackLimit(raised);
      }
    },
  }.postMessage;
  Object.defineProperty(wrapped, 'length', { value: original.length });
  proto.postMessage = wrapped;
  // An error postMessage throws (a value that cannot be cloned) shows no frame of ours, and as many of
  // the program's frames as without the wrapper.
  hideWrapperFrames(__filename);
  return () => {
    if (proto.postMessage === wrapped) proto.postMessage = original;
  };
}
