/**
 * A worker thread running a TypeScript module. tsx's loader is registered per thread, and a worker does
 * not inherit it, so the thread first registers tsx and then imports the module.
 */
import { Worker } from 'node:worker_threads';

export function typeScriptWorker(module: URL): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true });
}
