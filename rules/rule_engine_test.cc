// The shipped rule packs (config/rules) against listings written as the demo
// marketplace writes them (doc/market.md): every injected violation is caught
// with the right category, compliant listings and decoys raise nothing.
#include "rules/rule_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

namespace shouhu::rules {
namespace {

constexpr const char* kAt = "2026-11-24";

const RuleEngine& Engine() {
  static const std::unique_ptr<RuleEngine> engine = [] {
    auto r = RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
    if (!r.ok()) ADD_FAILURE() << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }();
  return *engine;
}

std::set<std::string> Categories(const Listing& l, const char* at = kAt) {
  std::set<std::string> out;
  for (const auto& f : Engine().Evaluate(l, at).findings) out.insert(f.category);
  return out;
}

std::set<std::string> RuleIds(const Listing& l, const char* at = kAt) {
  std::set<std::string> out;
  for (const auto& f : Engine().Evaluate(l, at).findings) out.insert(f.rule_id);
  return out;
}

std::string Describe(const Listing& l) {
  Evaluation ev = Engine().Evaluate(l, kAt);
  std::string s = "in_scope=" + std::string(ev.in_scope ? "1" : "0") + " groups=";
  for (const auto& g : ev.groups) s += g + ",";
  s += " findings=";
  for (const auto& f : ev.findings) s += f.rule_id + "[" + f.field + ":" + f.snippet + "] ";
  return s;
}

void Attr(Listing& l, const std::string& k, const std::string& v) {
  l.attributes.emplace_back(k, v);
}

void Erase(Listing& l, const std::string& k) {
  l.attributes.erase(std::remove_if(l.attributes.begin(), l.attributes.end(),
                                    [&](const auto& kv) { return kv.first == k; }),
                     l.attributes.end());
}

void Set(Listing& l, const std::string& k, const std::string& v) {
  Erase(l, k);
  Attr(l, k, v);
}

Listing Base(const std::string& title, std::vector<std::string> category,
             const std::string& standard) {
  Listing l;
  l.site = "tiantu";
  l.item_id = "1";
  l.title = title;
  l.category_path = std::move(category);
  Attr(l, "生产企业", "泉州童趣玩具有限公司");
  Attr(l, "生产地址", "福建省泉州市丰泽区东海街道1号");
  Attr(l, "执行标准", standard);
  Attr(l, "品牌", "童趣");
  Attr(l, "型号", "TQ-2026");
  return l;
}

// Compliant listings per group, as doc/market.md "Compliant listings".
std::vector<Listing> CompliantListings() {
  std::vector<Listing> out;
  Listing toy = Base("儿童毛绒玩具熊 安抚玩偶 30cm", {"玩具", "毛绒玩具"}, "GB 6675.1-2014");
  Attr(toy, "适用年龄", "3岁以上");
  Attr(toy, "材质", "短毛绒 PP棉");
  Attr(toy, "警示", "警告：内含小零件，不适合3岁以下儿童使用");
  toy.description = "柔软亲肤，警告：内含小零件，不适合3岁以下儿童使用。";
  out.push_back(toy);

  Listing rc = Base("儿童电动遥控越野车 可充电 男孩玩具", {"玩具", "遥控玩具"},
                    "GB 6675.1-2014 GB 6675.2-2014");
  Attr(rc, "适用年龄", "8岁以上");
  Attr(rc, "材质", "ABS塑料 合金");
  Attr(rc, "3C证书编号", "2021012202345678");
  Attr(rc, "警示", "警告：内含小零件，不适合3岁以下儿童使用");
  out.push_back(rc);

  Listing tiles = Base("儿童磁力片积木 百变拼装 益智玩具", {"玩具", "积木"}, "GB 6675.1-2025");
  Attr(tiles, "适用年龄", "3-6岁");
  Attr(tiles, "材质", "ABS塑料");
  Attr(tiles, "CCC证书编号", "2020012202123456");
  out.push_back(tiles);

  Listing infant = Base("婴儿纯棉连体衣 哈衣 新生儿", {"童装", "连体衣"},
                        "GB 31701-2015 A类 婴幼儿用品 GB 18401-2010");
  Attr(infant, "面料成分", "棉100%");
  Attr(infant, "尺码", "73cm");
  Attr(infant, "适用年龄", "0-36个月");
  out.push_back(infant);

  Listing kid = Base("男童卫衣 春秋款 纯棉", {"童装", "卫衣"}, "GB 31701-2015 B类 GB 18401-2010");
  Attr(kid, "成分含量", "棉95% 氨纶5%");
  Attr(kid, "尺码", "110cm");
  out.push_back(kid);

  Listing uniform =
      Base("小学生校服套装 运动款", {"校服", "套装"}, "GB/T 31888-2015 GB 31701-2015 B类");
  Attr(uniform, "面料成分", "聚酯纤维65% 棉35%");
  Attr(uniform, "尺码", "130/140/150");
  out.push_back(uniform);

  Listing shoes = Base("儿童运动鞋 防滑软底", {"童鞋", "运动鞋"}, "GB 30585-2014 QB/T 2880-2016");
  Attr(shoes, "尺码", "28-35");
  out.push_back(shoes);

  Listing pen = Base("学生中性笔 0.5mm 黑色 12支装", {"文具", "中性笔"}, "GB 21027-2020");
  Attr(pen, "警示", "适合14周岁以下（含14周岁）的学生使用");
  out.push_back(pen);

  Listing lamp =
      Base("儿童护眼台灯 学生读写 LED", {"灯具", "台灯"}, "GB 40070-2021 GB 7000.1-2015");
  Attr(lamp, "3C证书编号", "2020011001234567");
  out.push_back(lamp);

  Listing mask = Base("儿童口罩 独立包装 50只", {"儿童用品", "口罩"}, "GB/T 38880-2020");
  Attr(mask, "适用年龄", "6-14岁");
  Attr(mask, "防护等级", "F级");
  Attr(mask, "尺码", "M");
  out.push_back(mask);

  Listing desk = Base("儿童实木学习桌 可升降", {"儿童家具", "学习桌"}, "GB 28007-2024");
  Attr(desk, "适用年龄", "3～6岁");
  Attr(desk, "警示", "只允许成人安装；小心夹伤");
  out.push_back(desk);

  Listing glasses = Base("儿童近视眼镜框 TR90 镜架", {"眼镜", "儿童镜架"}, "QB/T 4735-2014");
  out.push_back(glasses);

  Listing seat = Base("儿童安全座椅 ISOFIX 9个月-12岁", {"母婴", "安全座椅"}, "GB 27887-2011");
  Attr(seat, "3C证书编号", "2019011119012345");
  out.push_back(seat);
  return out;
}

TEST(ShippedRules, EveryExamplePasses) {
  ExampleReport rep = Engine().RunExamples();
  for (const auto& f : rep.failures) {
    ADD_FAILURE() << f.file << ":" << f.line << ": rule " << f.rule_id << " expected "
                  << f.expectation << ": " << f.detail;
  }
  EXPECT_EQ(rep.failed, 0);
  EXPECT_GT(rep.passed, 100);
}

TEST(ShippedRules, CoverTheInjectionTable) { EXPECT_GE(Engine().rule_count(), 25u); }

TEST(ShippedRules, CompliantListingsRaiseNothing) {
  for (const Listing& l : CompliantListings()) {
    Evaluation ev = Engine().Evaluate(l, kAt);
    EXPECT_TRUE(ev.in_scope) << *l.title;
    EXPECT_TRUE(ev.findings.empty()) << *l.title << ": " << Describe(l);
  }
}

TEST(ShippedRules, AdultGoodsAreOutOfScope) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> adult = {
      {"欧式水晶玻璃花瓶 客厅摆件", {"家居", "花瓶"}},
      {"激光水平仪 红外线 高精度 装修", {"五金工具", "测量工具"}},
      {"男士休闲运动鞋 透气", {"男鞋", "运动鞋"}},
      {"女装 雪纺连衣裙 夏季", {"女装", "连衣裙"}},
      {"不锈钢厨房剪刀 多功能", {"厨具", "剪刀"}},
      {"人体工学办公椅 电脑椅", {"家具", "办公椅"}},
      {"成人 史莱姆 解压 办公室", {"成人用品", "解压"}},
  };
  for (const auto& [title, cat] : adult) {
    Listing l;
    l.title = title;
    l.category_path = cat;
    Evaluation ev = Engine().Evaluate(l, kAt);
    EXPECT_FALSE(ev.in_scope) << title << ": " << Describe(l);
    EXPECT_TRUE(ev.findings.empty()) << title;
  }
}

struct Injection {
  const char* rule;
  const char* category;
  std::function<Listing()> make;
};

TEST(ShippedRules, InjectedViolationsAreCaughtWithTheirCategoryOnly) {
  const std::vector<Listing> ok = CompliantListings();
  const Listing& toy = ok[0];
  const Listing& rc = ok[1];
  const Listing& infant = ok[3];
  const Listing& kid = ok[4];
  const Listing& uniform = ok[5];
  const Listing& pen = ok[7];
  const Listing& lamp = ok[8];
  const Listing& desk = ok[10];
  const Listing& glasses = ok[11];
  const Listing& seat = ok[12];
  const std::vector<Injection> cases = {
      {"G-01", "label.missing",
       [&] {
         Listing l = toy;
         Erase(l, "生产企业");
         return l;
       }},
      {"G-02", "label.missing",
       [&] {
         Listing l = pen;
         Erase(l, "生产地址");
         return l;
       }},
      {"G-03", "label.missing",
       [&] {
         Listing l = ok[6];
         Erase(l, "执行标准");
         return l;
       }},
      {"T-07", "label.missing",
       [&] {
         Listing l = toy;
         Erase(l, "适用年龄");
         return l;
       }},
      {"C-04", "label.missing",
       [&] {
         Listing l = uniform;
         Erase(l, "面料成分");
         return l;
       }},
      {"G-04", "label.invalid",
       [&] {
         Listing l = toy;
         Set(l, "执行标准", "GB 31701-2015");
         return l;
       }},
      {"G-04", "label.invalid",
       [&] {
         Listing l = kid;
         Set(l, "执行标准", "GB 6675.1-2014");
         return l;
       }},
      {"G-05", "label.invalid",
       [&] {
         Listing l = pen;
         Set(l, "执行标准", "GB 21027-2007");
         return l;
       }},
      {"G-05", "label.invalid",
       [&] {
         Listing l = desk;
         Set(l, "执行标准", "GB 28007-2011");
         return l;
       }},
      {"G-05", "label.invalid",
       [&] {
         Listing l = toy;
         Set(l, "执行标准", "GB 6675-2003");
         return l;
       }},
      {"C-02", "label.invalid",
       [&] {
         Listing l = infant;
         Set(l, "执行标准", "GB 31701-2015 B类 GB 18401-2010");
         return l;
       }},
      {"T-01", "ccc.missing",
       [&] {
         Listing l = rc;
         Erase(l, "3C证书编号");
         return l;
       }},
      {"T-01", "ccc.missing",
       [&] {
         Listing l = seat;
         Erase(l, "3C证书编号");
         return l;
       }},
      {"ST-03", "ccc.missing",
       [&] {
         Listing l = lamp;
         Erase(l, "3C证书编号");
         return l;
       }},
      {"T-02", "ccc.invalid",
       [&] {
         Listing l = rc;
         Set(l, "3C证书编号", "202101220234567");
         return l;
       }},
      {"T-02", "ccc.invalid",
       [&] {
         Listing l = rc;
         Set(l, "3C证书编号", "20350122023456789");
         return l;
       }},
      {"T-02", "ccc.invalid",
       [&] {
         Listing l = seat;
         Set(l, "3C证书编号", "1987011119012345");
         return l;
       }},
      {"K-01", "ccc.mismatch",
       [&] {
         Listing l = rc;
         l.title = "3C认证标志贴纸 CCC标签 儿童玩具";
         return l;
       }},
      {"N-01", "novelty",
       [&] {
         Listing l = toy;
         l.title = "网红水晶泥 儿童手工";
         return l;
       }},
      {"N-02", "novelty",
       [&] {
         Listing l = toy;
         l.description = "巴克球 216颗";
         return l;
       }},
      {"N-03", "novelty",
       [&] {
         Listing l = toy;
         l.title = "海洋宝宝 儿童玩具";
         return l;
       }},
      {"N-04", "novelty",
       [&] {
         Listing l = pen;
         l.title = "学生激光笔 教学";
         return l;
       }},
      {"N-05", "novelty",
       [&] {
         Listing l = pen;
         l.title = "学生 鼻吸能量棒";
         return l;
       }},
      {"N-06", "novelty",
       [&] {
         Listing l = toy;
         l.title = "网红萝卜刀 儿童玩具";
         return l;
       }},
      {"B-01", "blind_box",
       [&] {
         Listing l = pen;
         l.title = "文具盲盒 学生中性笔 隐藏款";
         return l;
       }},
      {"B-02", "blind_box",
       [&] {
         Listing l = toy;
         l.title = "幼儿园 儿童玩具盲盒";
         l.description = "抽取规则：随机1款，隐藏款概率1/72";
         return l;
       }},
      {"E-01", "claims",
       [&] {
         Listing l = glasses;
         l.description = "坚持佩戴可恢复视力";
         return l;
       }},
      {"E-01", "claims",
       [&] {
         Listing l = lamp;
         l.title = "儿童护眼台灯 近视克星";
         return l;
       }},
      {"C-03", "hazard",
       [&] {
         Listing l = kid;
         l.title = "男童连帽卫衣 帽绳款";
         return l;
       }},
      {"T-08", "hazard",
       [&] {
         Listing l = toy;
         Set(l, "适用年龄", "0-3岁");
         l.title = "宝宝串珠 含小珠子";
         return l;
       }},
      {"CS-01", "hazard",
       [&] {
         Listing l = seat;
         l.title = "儿童安全坐垫 便携";
         return l;
       }},
      {"W-01", "watchlist",
       [&] {
         Listing l = toy;
         Set(l, "生产企业", "福州市仓山区童梦玩具有限公司");
         return l;
       }},
  };
  std::set<std::string> covered;
  for (const auto& c : cases) {
    const Listing l = c.make();
    const std::set<std::string> ids = RuleIds(l);
    EXPECT_TRUE(ids.count(c.rule)) << c.rule << " not raised: " << Describe(l);
    EXPECT_EQ(Categories(l), std::set<std::string>{c.category}) << c.rule << ": " << Describe(l);
    covered.insert(c.category);
  }
  EXPECT_EQ(covered.size(), kFindingCategories.size());
}

// N-01…N-07: the evasions of doc/market.md must still hit.
TEST(ShippedRules, N01_EvasiveSpellingsAreFlagged) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"水 晶 泥 儿童手工", "水 晶 泥"},
      {"水*晶*泥 儿童手工", "水*晶*泥"},
      {"兒童 史萊姆 套裝", "史萊姆"},
      {"儿童 ｓｌｉｍｅ 彩泥", "ｓｌｉｍｅ"},
      {"儿童手工 shuijingni", "shuijingni"},
      {"儿童 SLIME 12色", "SLIME"},
      {"起\u200b泡\u200b胶 儿童", "起\u200b泡\u200b胶"},
  };
  for (const auto& [title, snippet] : cases) {
    Listing l;
    l.title = title;
    l.category_path = {"玩具", "手工DIY"};
    Evaluation ev = Engine().Evaluate(l, kAt);
    bool hit = false;
    for (const auto& f : ev.findings) {
      if (f.rule_id != "N-01") continue;
      hit = true;
      EXPECT_EQ(f.field, "title");
      EXPECT_EQ(f.snippet, snippet) << title;
      EXPECT_EQ(f.category, "novelty");
      EXPECT_FALSE(f.message.empty());
      EXPECT_FALSE(f.basis.empty());
    }
    EXPECT_TRUE(hit) << title << ": " << Describe(l);
  }
}

TEST(ShippedRules, N02_N03_N04_N06_TraditionalAndSpacedAreFlagged) {
  auto hits = [](const std::string& title, const char* rule) {
    Listing l;
    l.title = title;
    l.category_path = {"玩具"};
    return RuleIds(l).count(rule) == 1;
  };
  EXPECT_TRUE(hits("兒童 磁 力 珠", "N-02"));
  EXPECT_TRUE(hits("海洋寶寶 吸水珠", "N-03"));
  EXPECT_TRUE(hits("網紅 蘿蔔刀", "N-06"));
  EXPECT_TRUE(hits("兒童 激·光·筆", "N-04"));
}

TEST(ShippedRules, LookAlikesAreNotFlagged) {
  auto ids = [](const std::string& title, std::vector<std::string> cat) {
    Listing l = Base(title, std::move(cat), "GB 6675.1-2014");
    Attr(l, "适用年龄", "3岁以上");
    Attr(l, "材质", "木制");
    return RuleIds(l);
  };
  EXPECT_TRUE(ids("儿童房 水晶玻璃 装饰 木制摆件玩具", {"玩具"}).empty());
  EXPECT_TRUE(ids("儿童过家家 木制仿真假水果 切切乐", {"玩具", "过家家"}).empty());
  EXPECT_TRUE(ids("宝宝防水宝宝围兜 木制玩具", {"玩具"}).empty());
}

TEST(ShippedRules, G05_SupersededFurnitureStandardDependsOnCaptureDate) {
  Listing desk = CompliantListings()[10];
  Set(desk, "执行标准", "GB 28007-2011");
  EXPECT_EQ(RuleIds(desk, "2025-12-31").count("G-05"), 0u);
  EXPECT_EQ(RuleIds(desk, "2026-01-01").count("G-05"), 1u);
}

TEST(ShippedRules, AbsentFindingNamesTheField) {
  Listing l = CompliantListings()[0];
  Erase(l, "生产企业");
  for (const auto& f : Engine().Evaluate(l, kAt).findings) {
    if (f.rule_id == "G-01") {
      EXPECT_EQ(f.field, "producer");
      EXPECT_EQ(f.snippet, "");
      EXPECT_EQ(f.severity, "high");
      return;
    }
  }
  ADD_FAILURE() << "G-01 not raised";
}

TEST(ShippedRules, EvaluateIsThreadSafe) {
  const std::vector<Listing> listings = CompliantListings();
  Listing bad = listings[0];
  bad.title = "水*晶*泥 史萊姆";
  Erase(bad, "生产企业");
  const size_t expected = Engine().Evaluate(bad, kAt).findings.size();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (Engine().Evaluate(bad, kAt).findings.size() != expected) ++wrong;
        for (const auto& l : listings) {
          if (!Engine().Evaluate(l, kAt).findings.empty()) ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ShippedRules, HostileTextIsBounded) {
  Listing l = CompliantListings()[0];
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "水 晶 ";
  l.description = big + std::string(100000, '9') + "岁";
  Evaluation ev = Engine().Evaluate(l, kAt);
  EXPECT_TRUE(ev.error.empty()) << ev.error;
}

}  // namespace
}  // namespace shouhu::rules

namespace shouhu::rules {
namespace {

TEST(ShippedRules, ChildAgeAloneBringsStationeryIntoScope) {
  Listing pen;
  pen.title = "中性笔 0.5mm 黑色 12支装";
  pen.category_path = {"文具", "中性笔"};
  EXPECT_FALSE(Engine().Evaluate(pen, kAt).in_scope);
  pen.age_range = "6-14岁";
  Evaluation ev = Engine().Evaluate(pen, kAt);
  EXPECT_TRUE(ev.in_scope);
  EXPECT_EQ(ev.groups, std::vector<std::string>{"stationery"});
  pen.age_range = "18岁以上";
  EXPECT_FALSE(Engine().Evaluate(pen, kAt).in_scope);
}

TEST(ShippedRules, EvaluationReportsGroupsAndEvidence) {
  Listing l;
  l.title.emplace("兒童 電動 遙控車");
  l.category_path = {"玩具"};
  Evaluation ev = Engine().Evaluate(l, kAt);
  EXPECT_TRUE(ev.in_scope);
  ASSERT_FALSE(ev.groups.empty());
  EXPECT_EQ(ev.groups.front(), "toy");
  EXPECT_FALSE(ev.group_evidence.empty());
}

}  // namespace
}  // namespace shouhu::rules

namespace shouhu::rules {
namespace {

// Every novelty term of the demo marketplace in every evasive form it uses
// (tests/market/catalog.cc): plain, spaced, "*" and "_" between characters,
// pinyin, traditional, full-width. Each must raise its rule, category novelty.
TEST(ShippedRules, NoveltyTermsInEveryMarketFormAreFlagged) {
  struct Item {
    const char* rule;
    const char* term;
    const char* traditional;
    const char* fullwidth;
    const char* pinyin;
    const char* suffix;
  };
  const Item items[] = {
      {"N-01", "水晶泥", nullptr, nullptr, "shuijingni", "套装 24色 儿童手工DIY材料包"},
      {"N-01", "史莱姆", "史萊姆", "ｓｌｉｍｅ", "shilaimu", " 解压玩具 果冻泥组合装"},
      {"N-01", "起泡胶", "起泡膠", nullptr, "qipaojiao", " 奶茶杯装 云朵泥"},
      {"N-01", "假水", nullptr, nullptr, "jiashui", " 仿真饮料摆件 DIY材料"},
      {"N-02", "磁力珠", nullptr, nullptr, "cilizhu", " 216颗 益智减压"},
      {"N-02", "巴克球", nullptr, nullptr, "bakeqiu", " 5mm 216颗 魔力珠"},
      {"N-03", "水宝宝", "水寶寶", nullptr, "shuibaobao", " 泡大珠 彩色 10000粒"},
      {"N-03", "海洋宝宝", "海洋寶寶", nullptr, "haiyangbaobao", " 吸水珠 彩色装"},
      {"N-04", "激光笔", "激光筆", nullptr, "jiguangbi", " 充电款 绿光 星空投影"},
      {"N-05", "鼻吸能量棒", nullptr, nullptr, "bixinengliangbang", " 学生提神 薄荷味"},
      {"N-06", "萝卜刀", "蘿蔔刀", nullptr, "luobodao", " 重力解压玩具 发光款"},
      {"N-06", "圆珠笔刀", "圓珠筆刀", nullptr, "yuanzhubidao", " 创意书写两用"},
      {"N-07", "火漆印章", nullptr, nullptr, "huoqiyinzhang", " 套装 蜡粒 复古手账"},
  };
  auto interleave = [](const std::string& s, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (!out.empty()) out += sep;
      out += s.substr(i, len);
      i += len;
    }
    return out;
  };
  for (const Item& it : items) {
    std::vector<std::string> forms = {it.term, interleave(it.term, " "), interleave(it.term, "*"),
                                      interleave(it.term, "_"), it.pinyin};
    if (it.traditional) forms.push_back(it.traditional);
    if (it.fullwidth) forms.push_back(it.fullwidth);
    for (const std::string& form : forms) {
      for (bool stationery : {false, true}) {
        Listing l;
        l.title = "乐童 " + form + it.suffix + " 新款";
        l.category_path = {stationery ? "学生文具" : "玩具", stationery ? "书写工具" : "遥控/电动"};
        l.description = form + "手感独特，玩法多样，深受学生喜爱。";
        l.attributes = {{"材质", "PVA、色素"},
                        // A novelty item is placed by what it is (a toy or a
                        // pen), not by the category it is listed under; the
                        // lexicon is tested here, so both standards are declared.
                        {"执行标准", "GB 21027-2020 GB 6675.1-2014"},
                        {"适用年龄", "8岁以上"},
                        {"生产企业", "义乌市嘉源玩具有限公司"},
                        {"生产地址", "浙江省义乌市福田街道工业园区1号"}};
        EXPECT_EQ(RuleIds(l).count(it.rule), 1u) << it.rule << " " << form << ": " << Describe(l);
        EXPECT_EQ(Categories(l), std::set<std::string>{"novelty"}) << form << ": " << Describe(l);
      }
    }
  }
}

// Decoys and compliant kinds of the demo marketplace (tests/market/catalog.cc).
TEST(ShippedRules, MarketAdultGoodsAndLampsClassify) {
  const char* adult[][2] = {{"雅致 女士尖头高跟鞋", "女鞋 > 高跟鞋"},
                            {"匠工 女士法式连衣裙", "女装 > 连衣裙"},
                            {"简居 不锈钢厨房刀具五件套", "厨具 > 刀具"},
                            {"铂锐 水晶玻璃花瓶 北欧客厅插花摆件", "家居 > 花瓶"},
                            {"恒准 激光水平仪 红外线 高精度", "五金工具 > 测量仪器"},
                            {"舒途 人体工学办公椅", "办公家具 > 办公椅"},
                            {"森屿 男士商务长袖衬衫", "男装 > 衬衫"},
                            {"优品汇 麦饭石不粘炒锅", "厨具 > 炒锅"},
                            {"雅致 成人瑜伽垫 加厚防滑", "运动户外 > 瑜伽"}};
  for (const auto& a : adult) {
    Listing l;
    l.title = a[0];
    l.category_path = {a[1]};
    EXPECT_FALSE(Engine().Evaluate(l, kAt).in_scope) << a[0] << ": " << Describe(l);
  }
  for (const char* noun : {"儿童读写台灯", "LED学习台灯", "可调光阅读台灯", "便携式儿童夜读灯"}) {
    Listing l;
    l.title = std::string("晴朗 ") + noun + " 新款";
    l.category_path = {"台灯照明", "台灯"};
    Evaluation ev = Engine().Evaluate(l, kAt);
    EXPECT_TRUE(ev.in_scope) << noun << ": " << Describe(l);
    EXPECT_EQ(RuleIds(l).count("ST-03"), 1u) << noun << ": " << Describe(l);
  }
}

TEST(ShippedRules, CatalogueToysOfTheMarketNeedCcc) {
  const char* catalogue[][2] = {
      {"遥控越野车", "ABS塑料、电子元件"}, {"声光早教故事机", "ABS塑料"},
      {"仿真娃娃套装", "塑胶、布料"},      {"合金工程车模型", "合金、塑料"},
      {"儿童滑板车", "铝合金、PU轮"},      {"扭扭车", "PP塑料"},
      {"磁力片积木", "ABS塑料、磁铁"},     {"电动轨道小火车", "ABS塑料、电子元件"},
      {"塑料拼插积木", "ABS塑料"}};
  const char* plain[][2] = {{"毛绒公仔", "短毛绒、PP棉"},
                            {"木制益智拼图", "榉木、水性漆"},
                            {"纸质拼图", "纸质"},
                            {"木制积木", "榉木"},
                            {"毛绒安抚玩偶", "超柔短毛绒、PP棉"}};
  auto make = [](const char* noun, const char* material) {
    Listing l;
    l.title = std::string("乐童 ") + noun + " 新款";
    l.category_path = {"玩具", "遥控/电动"};
    l.attributes = {{"材质", material}};
    return l;
  };
  for (const auto& c : catalogue) EXPECT_EQ(RuleIds(make(c[0], c[1])).count("T-01"), 1u) << c[0];
  for (const auto& c : plain) EXPECT_EQ(RuleIds(make(c[0], c[1])).count("T-01"), 0u) << c[0];
}

}  // namespace
}  // namespace shouhu::rules
