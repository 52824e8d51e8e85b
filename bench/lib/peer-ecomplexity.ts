/**
 * Runs Harvard Growth Lab's py-ecomplexity side by side, when it is installed here, on the same CSV:
 * PEER_ECOMPLEXITY_DIR must name the directory that contains the `ecomplexity` package (for example the
 * develop branch extracted with `git archive develop ecomplexity | tar -x -C /tmp/peer`), and
 * /usr/bin/python3 must import pandas (Debian: python3-pandas, python3-sklearn). The peer's code is not
 * part of Chain Atlas; this only calls it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeerTiming {
  /** Seconds per `ecomplexity()` call on a DataFrame already in memory (median, after a warm-up). */
  readonly ecomplexity: number[];
  /** Seconds for read_csv + ecomplexity() + to_csv, the peer's whole run. */
  readonly whole: number[];
  readonly versions: string;
}

const PYTHON = '/usr/bin/python3';

// Times the peer the way bench/complexity.ts times Chain Atlas: the same input, warm-up, several runs.
const SCRIPT = `
import io, json, sys, tempfile, time, warnings, contextlib
warnings.filterwarnings('ignore')
import numpy, pandas as pd
from ecomplexity import ecomplexity
csv, runs, whole_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cols = {'time': 'year', 'loc': 'country', 'prod': 'product', 'val': 'value'}
def load():
    df = pd.read_csv(csv, dtype={'country': str, 'product': str})
    df['year'] = 2000
    return df
df = load()
ecomplexity(df, cols, verbose=False)
times = []
for _ in range(runs):
    t = time.perf_counter(); ecomplexity(df, cols, verbose=False); times.append(time.perf_counter() - t)
whole = []
for _ in range(whole_runs):
    with tempfile.NamedTemporaryFile(suffix='.csv') as out:
        t = time.perf_counter()
        ecomplexity(load(), cols, verbose=False).to_csv(out.name, index=False)
        whole.append(time.perf_counter() - t)
print(json.dumps({'ecomplexity': times, 'whole': whole,
                  'versions': 'numpy %s, pandas %s, python %s' % (numpy.__version__, pd.__version__, sys.version.split()[0])}))
`;

/** undefined when the peer is not set up here (the caller then prints the stated budget instead). */
export function peerAvailable(): string | undefined {
  const dir = process.env.PEER_ECOMPLEXITY_DIR;
  if (!dir || !existsSync(join(dir, 'ecomplexity', 'ecomplexity.py')) || !existsSync(PYTHON))
    return undefined;
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, sklearn'], { encoding: 'utf8' });
  return probe.status === 0 ? dir : undefined;
}

export function timePeer(dir: string, csv: URL, runs = 5, wholeRuns = 3): PeerTiming {
  const result = spawnSync(PYTHON, ['-c', SCRIPT, fileURLToPath(csv), String(runs), String(wholeRuns)], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: dir },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`py-ecomplexity failed:\n${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as PeerTiming;
}
