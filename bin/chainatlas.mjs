#!/usr/bin/env node
// Chain Atlas CLI entry: runs the TypeScript sources directly through tsx, so a clone needs no build step.
//
// `analyze` needs neither the store nor the server, and is timed against the peers end to end (issue 3:
// read CSV → compute → write CSV within 1 s), where tsx's start-up — its loader, then compiling each
// module on every run — was a quarter of the whole. So `analyze` runs from one ES module that esbuild
// (installed with tsx and vite) bundles from its sources, cached in node_modules/.cache/chainatlas/ and
// rebuilt when any source file in it has changed size or mtime. Without esbuild or a writable cache, or
// with CHAINATLAS_NO_BUNDLE set, it runs through tsx like every other command.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const analyze = process.argv[2] === 'analyze';
const bundle = analyze && !process.env.CHAINATLAS_NO_BUNDLE ? analyzeBundle() : undefined;
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // `analyze` on its own loads only what it uses, for a fast start.
  await import(analyze ? '../src/cli/analyze-main.ts' : '../src/cli/main.ts');
}

/** The bundle's path, built now when missing or stale; undefined when it cannot be had. */
function analyzeBundle() {
  const cache = process.env.CHAINATLAS_CACHE_DIR ?? `${root}node_modules/.cache/chainatlas`;
  const manifestFile = `${cache}/${manifestName()}`;
  try {
    const { bundle, inputs } = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (Object.entries(inputs).every(([path, stamp]) => stampOf(`${root}${path}`) === stamp)) {
      statSync(`${cache}/${bundle}`);
      return `${cache}/${bundle}`;
    }
  } catch {
    // No cache yet, or a source file gone: build it.
  }
  try {
    return buildBundle(cache);
  } catch {
    return undefined;
  }
}

/**
 * One manifest per checkout: another checkout may share this node_modules (through a symlink), and its
 * sources are not these — with one manifest each, neither rebuilds over the other's.
 */
function manifestName() {
  return `manifest-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`;
}

function stampOf(path) {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}`;
}

function buildBundle(cache) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const started = Date.now();
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ['src/cli/analyze-main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    // npm packages are bundled too (and stamped below like the sources), so the bundle runs from any
    // directory; those written as CommonJS get a `require` for Node's own modules.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = {};
  let editedMeanwhile = false;
  // This file too: how the bundle is built is part of what it is.
  for (const path of [...Object.keys(result.metafile.inputs), 'bin/chainatlas.mjs']) {
    const stat = statSync(`${root}${path}`);
    inputs[path] = `${stat.size}:${stat.mtimeMs}`;
    // A file saved during the build may be in the bundle as it was before: use the bundle this once,
    // but leave no manifest, so that the next run builds again.
    if (stat.mtimeMs >= started - 1) editedMeanwhile = true;
  }
  // Named by its content, so that the manifest names exactly the bundle its stamps describe even when
  // two runs build at once; each file is written beside and renamed, never read half written.
  const contents = result.outputFiles[0].contents;
  const bundle = `analyze-main-${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.mjs`;
  mkdirSync(cache, { recursive: true });
  const replace = (name, data) => {
    writeFileSync(`${cache}/${name}.${process.pid}.tmp`, data);
    renameSync(`${cache}/${name}.${process.pid}.tmp`, `${cache}/${name}`);
  };
  replace(bundle, contents);
  if (!editedMeanwhile) replace(manifestName(), JSON.stringify({ root, bundle, inputs }));
  // Bundles of earlier sources, after an hour (a run started from one just before may still be loading it).
  for (const name of readdirSync(cache)) {
    if (!name.startsWith('analyze-main-') || name === bundle) continue;
    try {
      if (statSync(`${cache}/${name}`).mtimeMs < started - 3_600_000) rmSync(`${cache}/${name}`);
    } catch {
      // Removed by another run meanwhile.
    }
  }
  return `${cache}/${bundle}`;
}
