/**
 * Whether a sentence states a figure as a goal rather than as an achieved value: a horizon ("by 2027",
 * "d'ici 2025", "до 2030 г.", "بحلول عام", "到2027年"), or words of aim or expectation before the figure
 * ("is expected to reach", "are projected to", "en prévision d'attirer", "aims to", 目标, 力争, 预计).
 * The review queue proposes such figures as targets; the analyst may still accept them as indicators.
 */
const GOAL =
  /(?<![\p{L}])(?:by|d['’]ici|до|until|jusqu['’]en)\s+(?:the end of\s+|fin\s+|края на\s+)?(?:19|20)\d{2}|بحلول|到\s*20\d{2}\s*年|(?<![\p{L}])(?:targets?|goals?|objectifs?|цел(?:та|и)?|expected to|projected to|aims? to|strives? to|plans? to|en prévision|prévoit|envisag\w*|vise à|ще достигне|се очаква)(?![\p{L}])|هدف|تهدف|يهدف|目标|力争|预计|计划/iu;

/** True when the text of the sentence before the figure (`position`) states a goal. */
export function isTargetStatement(sentence: string, position: number = sentence.length): boolean {
  return GOAL.test(sentence.slice(0, position));
}
