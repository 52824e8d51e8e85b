/**
 * Entity matching by name in any language: the gazetteer lists each region, park, cluster, chain and
 * enterprise of the workspace with all its names (Chinese, English, and the French, Arabic and
 * Bulgarian forms of data/glossary/places.yaml). A sentence's figure is about the entity named nearest
 * before it; longer names win over the shorter names they contain ("Jiahe County" over "Jiahe").
 */
export interface GazetteerEntry {
  kind: 'region' | 'park' | 'cluster' | 'chain' | 'enterprise';
  code: string;
  names: string[];
}

export interface EntityMention {
  kind: GazetteerEntry['kind'];
  code: string;
  name: string;
  start: number;
  end: number;
}

const isLetter = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch) && !/\p{Script=Han}/u.test(ch);

export function findEntities(sentence: string, gazetteer: readonly GazetteerEntry[]): EntityMention[] {
  const lower = sentence.toLowerCase();
  const hits: EntityMention[] = [];
  for (const entry of gazetteer) {
    for (const name of entry.names) {
      if (name.length < 2) continue;
      const needle = name.toLowerCase();
      let at = lower.indexOf(needle);
      while (at >= 0) {
        const end = at + needle.length;
        // Latin and Cyrillic names must stand as words ("Hunan" is not inside "Hunanese"); Arabic
        // names may carry the article or a prefix (بمقاطعة خنان), Chinese has no word boundaries.
        const latin = /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(needle);
        if (!latin || (!isLetter(sentence[at - 1]) && !/^[\p{L}]/u.test(sentence[end] ?? ' ')))
          hits.push({ kind: entry.kind, code: entry.code, name, start: at, end });
        at = lower.indexOf(needle, at + 1);
      }
    }
  }
  // Keep the longest of overlapping mentions.
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: EntityMention[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && h.end > k.start)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * The mention a figure at `position` is about: the nearest before it, else the first after it.
 * A region that only locates the park before it ("precision casting town in Jiahe County") yields to
 * the park. A count of things is never about a chain or cluster named beside it ("17 clusters such as
 * construction machinery" counts the region's clusters), so counts skip those mentions. A region that
 * only locates something named before it ("… of Liuyang City", "… in Guangdong", "… de Shanghai")
 * yields to that subject.
 */
const LOCATING =
  /(?:^|[\s'’])(?:in|of|at|based in|de(?: la)?|du|des|d['’]|à|basées? à|basés? à|в|във|от|في|من|位于)\s*$/iu;

export function entityFor(
  mentions: readonly EntityMention[],
  position: number,
  sentence = '',
  isCount = false,
): EntityMention | null {
  const usable = isCount ? mentions.filter((m) => m.kind !== 'chain' && m.kind !== 'cluster') : mentions;
  let best: EntityMention | null = null;
  let previous: EntityMention | null = null;
  for (const m of usable) {
    if (m.end > position) break;
    previous = best;
    best = m;
  }
  if (
    best?.kind === 'region' &&
    previous?.kind === 'park' &&
    /^\s*(?:in|de|du|в|във|في|位于)\s*$/iu.test(sentence.slice(previous.end, best.start))
  )
    return previous;
  // A region brought in by a locating word after the sentence's subject only places something
  // ("Dayao Fireworks Town of Liuyang City", "Jiahe's casting enterprises in Guangdong", "la Bourse de
  // l'hydrogène de Shanghai"): the figure is about the subject — a park, cluster, enterprise or chain
  // named before, or a region named as possessor ("Jiahe's").
  if (
    best?.kind === 'region' &&
    previous &&
    LOCATING.test(sentence.slice(Math.max(0, best.start - 14), best.start))
  ) {
    const possessor =
      /['’]s$/u.test(sentence.slice(previous.start, previous.end)) ||
      /^\s*(?:['’]s\b|的)/u.test(sentence.slice(previous.end));
    if (previous.kind !== 'region' || possessor) return previous;
  }
  return best ?? usable[0] ?? null;
}
