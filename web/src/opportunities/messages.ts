import { defineMessages } from '../i18n/define-messages.ts';

/** Labels of the opportunities page beyond the shared set: clusters to canvass for a chain's gap. */
export const opportunityMessages = defineMessages({
  en: {
    'opp.regionRolesOnly':
      'Complementary regions and diversification answer for a region: ask a region analyst or administrator.',
    'opp.clusters': 'Clusters elsewhere to canvass',
    'opp.match.product': 'same product',
    'opp.match.chain': 'works this chain',
    'opp.match.industry': 'same industry class',
    'opp.km': '{km} km',
  },
  'zh-CN': {
    'opp.regionRolesOnly': '互补地区与多元化方向按地区分析：请由地区分析员或管理员查看。',
    'opp.clusters': '可对接的外地产业集群',
    'opp.match.product': '同类产品',
    'opp.match.chain': '同一产业链',
    'opp.match.industry': '同一行业类别',
    'opp.km': '{km} 公里',
  },
  fr: {
    'opp.regionRolesOnly':
      'Les régions complémentaires et la diversification portent sur une région : demandez à un analyste ou administrateur régional.',
    'opp.clusters': 'Grappes d’ailleurs à démarcher',
    'opp.match.product': 'même produit',
    'opp.match.chain': 'travaille cette chaîne',
    'opp.match.industry': 'même classe d’industrie',
    'opp.km': '{km} km',
  },
  ar: {
    'opp.regionRolesOnly': 'المناطق المكمّلة وخيارات التنويع تخص منطقة: اطلب ذلك من محلل أو مسؤول المنطقة.',
    'opp.clusters': 'تجمعات في مناطق أخرى يمكن التواصل معها',
    'opp.match.product': 'المنتج نفسه',
    'opp.match.chain': 'تعمل في هذه السلسلة',
    'opp.match.industry': 'فئة الصناعة نفسها',
    'opp.km': '{km} كم',
  },
  bg: {
    'opp.regionRolesOnly':
      'Допълващите се региони и диверсификацията се отнасят за регион: попитайте регионален анализатор или администратор.',
    'opp.clusters': 'Клъстери другаде, към които да се обърнем',
    'opp.match.product': 'същият продукт',
    'opp.match.chain': 'работи по тази верига',
    'opp.match.industry': 'същият отраслов клас',
    'opp.km': '{km} км',
  },
});
