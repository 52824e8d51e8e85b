/** Labels of the documents page's review choices (indicator or target) and search relevance. */
import { defineMessages } from '../i18n/define-messages.ts';

export const documentsMessages = defineMessages({
  en: {
    'docs.review.as': 'Accept as',
    'docs.review.indicator': 'indicator',
    'docs.review.target': 'target',
    'docs.review.storedIndicator': 'stored indicator',
    'docs.review.storedTarget': 'stored target',
    'docs.search.score': 'relevance {score}',
    'docs.search.scoreHelp':
      'Relevance: matched query terms (up to 6 points), trigram similarity of the passage to the query (up to 2), and how recent the document is (up to 1).',
  },
  'zh-CN': {
    'docs.review.as': '采纳为',
    'docs.review.indicator': '指标',
    'docs.review.target': '目标',
    'docs.review.storedIndicator': '已存指标',
    'docs.review.storedTarget': '已存目标',
    'docs.search.score': '相关度 {score}',
    'docs.search.scoreHelp':
      '相关度：命中的查询词（最多 6 分）、段落与查询的三元组相似度（最多 2 分）、文件的新近程度（最多 1 分）。',
  },
  fr: {
    'docs.review.as': 'Accepter comme',
    'docs.review.indicator': 'indicateur',
    'docs.review.target': 'objectif',
    'docs.review.storedIndicator': 'indicateur enregistré',
    'docs.review.storedTarget': 'objectif enregistré',
    'docs.search.score': 'pertinence {score}',
    'docs.search.scoreHelp':
      'Pertinence : termes de la requête trouvés (6 points au plus), similarité par trigrammes entre le passage et la requête (2 au plus) et fraîcheur du document (1 au plus).',
  },
  ar: {
    'docs.review.as': 'قبول بصفته',
    'docs.review.indicator': 'مؤشرًا',
    'docs.review.target': 'هدفًا',
    'docs.review.storedIndicator': 'المؤشر المخزَّن',
    'docs.review.storedTarget': 'الهدف المخزَّن',
    'docs.search.score': 'الصلة {score}',
    'docs.search.scoreHelp':
      'الصلة: كلمات الاستعلام الموجودة (حتى 6 نقاط)، وتشابه المقطع مع الاستعلام بالثلاثيات (حتى 2)، وحداثة الوثيقة (حتى 1).',
  },
  bg: {
    'docs.review.as': 'Приеми като',
    'docs.review.indicator': 'показател',
    'docs.review.target': 'цел',
    'docs.review.storedIndicator': 'записан показател',
    'docs.review.storedTarget': 'записана цел',
    'docs.search.score': 'релевантност {score}',
    'docs.search.scoreHelp':
      'Релевантност: намерени думи от заявката (до 6 точки), триграмно сходство на пасажа със заявката (до 2) и колко нов е документът (до 1).',
  },
});
