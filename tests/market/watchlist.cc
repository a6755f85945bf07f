// The fictional enterprises of config/watchlist/demo.csv. W-01 listings name
// them as producer; no other listing or shop uses these names (the name pools
// of catalog.cc share no trade name with them).
#include "tests/market/market.h"

namespace shouhu::market {

const std::vector<WatchlistEntry>& Watchlist() {
  static const std::vector<WatchlistEntry> kList = {
      {"晋江市鸿泰鞋服有限公司", "91350582806074842R", "儿童运动鞋（耐折性能不合格）",
       "2025-06-12"},
      {"石狮市锦辉童装有限公司", "91350581625292306L", "儿童卫衣（纤维含量不合格）", "2025-03-18"},
      {"福州市仓山区童梦玩具有限公司", "91350104796200664C", "塑胶玩具（邻苯二甲酸酯超标）",
       "2024-11-05"},
      {"厦门市思明区乐扬文具有限公司", "9135020341295066XX", "学生中性笔（标识不合格）",
       "2025-08-21"},
      {"汕头市澄海区星澜玩具厂", "91440515210352880U", "电动玩具（小零件不合格）", "2025-01-09"},
      {"广州市番禺区童沁服饰有限公司", "91440113P43651032M", "婴幼儿连体衣（pH值不合格）",
       "2024-09-26"},
      {"义乌市佳芮儿童用品有限公司", "913307823779509705", "儿童口罩（标识不合格）", "2025-05-30"},
      {"湖州市吴兴区织悦童装有限公司", "91330502245021029D", "儿童羽绒服（含绒量不合格）",
       "2025-10-15"},
  };
  return kList;
}

}  // namespace shouhu::market
