// Listing generation. Each listing draws from its own SplitMix64 stream seeded
// by (seed, index); decisions are taken in a fixed order so a change to one
// table does not reshuffle unrelated listings more than necessary.
//
// Precision of the whole pipeline is measured against what is written here, so
// compliant text is kept away from every trigger of the rule packs: no novelty or
// blind-box words, no claims, no cords, no age in titles, no "纯棉" unless the
// fibre content is 100% cotton, CCC catalogue words only on catalogue toys.
#include "tests/market/catalog.h"

#include <algorithm>
#include <array>
#include <span>

#include "tests/market/credit_code.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

enum Group {
  kToy,
  kClothing,
  kUniform,
  kShoes,
  kStationery,
  kLamp,
  kMask,
  kFurniture,
  kGlasses,
  kCarSeat,
  kAdult
};
constexpr int kGroupCount = 11;
// Percent of all listings; adult goods are 12%.
constexpr std::array<int, kGroupCount> kGroupWeights = {23, 12, 6, 7, 10, 7, 5, 5, 7, 6, 12};

// Injection rates within the eligible groups, chosen so every category lands at
// about 7–8% of in-scope listings (eligible share × rate).
constexpr double kRateNovelty = 0.21;   // toy + stationery (37.5%)
constexpr double kRateBlindBox = 0.21;  // toy + stationery
constexpr double kRateCccEach =
    0.25;  // catalogue toys + lamps + car seats (~29%), missing and invalid each
// Of catalogue products showing a valid number: the registry says it is not
// valid (T-04), or it belongs to another company (T-05), each at this rate.
constexpr double kRateRegistry = 0.06;
constexpr double kRateClaims = 0.45;   // glasses + lamps (16%)
constexpr double kRateHazard = 0.17;   // clothing + toys + car seats (47%)
constexpr double kRateMissing = 0.08;  // all
constexpr double kRateInvalid =
    0.115;  // toy, clothing, stationery, shoes, sunglasses, furniture (~69%)
constexpr double kRateSticker = 0.07;    // all
constexpr double kRateWatchlist = 0.07;  // all
constexpr double kShareEvasive = 1.0 / 3.0;

struct Kind {
  const char* noun;
  const char* category;  // second level of the category path
  const char* material;
  const char* ccc_category;  // 4 digits, nullptr when not in the CCC catalogue
  int flag;                  // group-specific: see the tables
};

// Toys. flag 1 = ride-on (extra warning).
constexpr Kind kToyKinds[] = {
    {"遥控越野车", "遥控/电动", "ABS塑料、电子元件", "2202", 0},
    {"声光早教故事机", "早教益智", "ABS塑料", "2202", 0},
    {"仿真娃娃套装", "娃娃/公仔", "塑胶、布料", "2203", 0},
    {"合金工程车模型", "模型玩具", "合金、塑料", "2203", 0},
    {"儿童滑板车", "户外骑行", "铝合金、PU轮", "2204", 1},
    {"扭扭车", "户外骑行", "PP塑料", "2204", 1},
    {"ABS磁力片积木", "积木拼插", "ABS塑料、磁铁", "2203", 0},
    {"电动轨道小火车", "遥控/电动", "ABS塑料、电子元件", "2202", 0},
    {"塑料拼插积木", "积木拼插", "ABS塑料", "2203", 0},
    {"毛绒公仔", "毛绒布艺", "短毛绒、PP棉", nullptr, 0},
    {"木制益智拼图", "早教益智", "榉木、水性漆", nullptr, 0},
    {"纸质拼图", "拼图", "纸质", nullptr, 0},
    {"木制积木", "积木拼插", "榉木", nullptr, 0},
    {"毛绒安抚玩偶", "毛绒布艺", "超柔短毛绒、PP棉", nullptr, 0},
};
// Clothing. flag 0 = child skin contact (B类), 1 = outerwear (C类), 2 = infant (A类).
constexpr Kind kClothingKinds[] = {
    {"儿童短袖T恤", "T恤", "针织布", nullptr, 0},
    {"女童连衣裙", "裙装", "梭织布", nullptr, 0},
    {"儿童圆领卫衣", "卫衣", "针织布", nullptr, 0},
    {"儿童打底裤", "裤装", "针织布", nullptr, 0},
    {"儿童睡衣套装", "家居服", "针织布", nullptr, 0},
    {"儿童羽绒服", "外套", "梭织布", nullptr, 1},
    {"儿童牛仔外套", "外套", "牛仔布", nullptr, 1},
    {"婴儿连体衣", "婴儿服", "针织布", nullptr, 2},
    {"婴儿爬服", "婴儿服", "针织布", nullptr, 2},
    {"新生儿包屁衣", "婴儿服", "针织布", nullptr, 2},
};
constexpr Kind kUniformKinds[] = {
    {"小学生校服套装", "校服", "针织布", nullptr, 0},
    {"中学生运动校服", "校服", "针织布", nullptr, 0},
    {"校服春秋款套装", "校服", "梭织布", nullptr, 0},
    {"学生校服短袖夏装", "校服", "针织布", nullptr, 0},
};
// Shoes. flag 1 = canvas-rubber (GB 25036).
constexpr Kind kShoeKinds[] = {
    {"儿童运动鞋", "运动鞋", "网布、EVA、橡胶大底", nullptr, 0},
    {"儿童皮鞋", "皮鞋", "超纤革、橡胶大底", nullptr, 0},
    {"儿童帆布鞋", "帆布鞋", "帆布、硫化橡胶大底", nullptr, 1},
    {"儿童凉鞋", "凉鞋", "超纤革、EVA", nullptr, 0},
    {"儿童棉靴", "靴子", "PU革、短毛绒内里", nullptr, 0},
};
// Stationery. flag 1 = sharp tool (warning).
constexpr Kind kStationeryKinds[] = {
    {"自动铅笔", "书写工具", "ABS、金属笔头", nullptr, 0},
    {"中性笔套装", "书写工具", "PP、不锈钢笔尖", nullptr, 0},
    {"儿童安全剪刀", "手工工具", "不锈钢、ABS", nullptr, 1},
    {"圆规套装", "绘图工具", "锌合金、ABS", nullptr, 1},
    {"手摇卷笔刀", "削笔工具", "ABS、碳钢刀片", nullptr, 1},
    {"双层文具盒", "收纳", "马口铁", nullptr, 0},
    {"水彩笔套装", "绘画工具", "PP、水性墨水", nullptr, 0},
    {"学生橡皮擦", "修正工具", "PVC", nullptr, 0},
};
constexpr Kind kLampKinds[] = {
    {"儿童读写台灯", "台灯", "铝合金、PC灯罩", "0701", 0},
    {"LED学习台灯", "台灯", "ABS、PC灯罩", "0701", 0},
    {"可调光阅读台灯", "台灯", "铝合金、ABS", "0701", 0},
    {"便携式儿童夜读灯", "台灯", "ABS、硅胶", "0702", 0},
};
constexpr Kind kMaskKinds[] = {
    {"儿童防护口罩", "口罩", "熔喷布、无纺布", nullptr, 0},
    {"儿童卫生口罩", "口罩", "无纺布、熔喷布", nullptr, 0},
    {"学生立体口罩", "口罩", "熔喷布、无纺布", nullptr, 0},
};
// Furniture. flag 1 = height-adjustable (extra warning).
constexpr Kind kFurnitureKinds[] = {
    {"儿童学习桌椅套装", "学习桌椅", "实木、E0级环保板材", nullptr, 1},
    {"儿童实木床", "儿童床", "松木", nullptr, 0},
    {"儿童书架", "收纳", "E0级环保板材", nullptr, 0},
    {"儿童衣柜", "收纳", "E0级环保板材", nullptr, 0},
    {"儿童升降椅", "学习桌椅", "PP、钢架", nullptr, 1},
};
// Glasses. flag 1 = sunglasses (GB 39552.1), 0 = frames (QB/T 4735).
constexpr Kind kGlassesKinds[] = {
    {"儿童光学眼镜架", "眼镜架", "TR90、硅胶鼻托", nullptr, 0},
    {"儿童近距离阅读眼镜架", "眼镜架", "TR90", nullptr, 0},
    {"儿童偏光太阳镜", "太阳镜", "TPEE镜框、TAC偏光镜片", nullptr, 1},
    {"儿童防紫外线太阳镜", "太阳镜", "硅胶镜框、PC镜片", nullptr, 1},
};
constexpr Kind kCarSeatKinds[] = {
    {"儿童安全座椅", "安全座椅", "HDPE、EPS吸能泡沫", "1109", 0},
    {"汽车用儿童安全座椅", "安全座椅", "HDPE、EPS吸能泡沫", "1109", 0},
    {"360度旋转儿童安全座椅", "安全座椅", "HDPE、钢骨架", "1109", 0},
};
// Adult goods. flag 1 = shown with producer and address, 0 = no labels at all.
struct AdultKind {
  const char* noun;
  const char* category;
  const char* material;
  const char* standard;  // nullptr: none declared
};
constexpr AdultKind kAdultKinds[] = {
    // Look-alikes that share words with children's goods (out of scope all the same).
    {"狗狗磨牙发声玩具 耐咬", "宠物用品 > 狗玩具", "TPR", nullptr},
    {"猫咪逗猫棒 羽毛铃铛", "宠物用品 > 猫玩具", "羽毛、塑料杆", nullptr},
    {"水晶奖杯 定制刻字", "礼品定制 > 奖杯", "K9水晶", nullptr},
    {"LED办公台灯 商务护眼", "办公照明 > 台灯", "铝合金", "GB 7000.1-2015"},
    {"KN95口罩 成人独立包装", "医疗器械 > 口罩", "熔喷布", "GB 2626-2019"},
    {"汽车坐垫 四季通用", "汽车用品 > 坐垫", "亚麻", nullptr},
    {"女士尖头高跟鞋", "女鞋 > 高跟鞋", "羊皮、橡胶大底", "QB/T 1002-2015"},
    {"女士法式连衣裙", "女装 > 连衣裙", "聚酯纤维", "FZ/T 81004-2022"},
    {"不锈钢厨房刀具五件套", "厨具 > 刀具", "不锈钢", "GB/T 40356-2021"},
    {"水晶玻璃花瓶 北欧客厅插花摆件", "家居 > 花瓶", "水晶玻璃", nullptr},
    {"激光水平仪 红外线 高精度", "五金工具 > 测量仪器", "ABS、铝合金", nullptr},
    {"人体工学办公椅", "办公家具 > 办公椅", "网布、钢架", "QB/T 2280-2016"},
    {"男士商务长袖衬衫", "男装 > 衬衫", "棉", "GB/T 2660-2017"},
    {"麦饭石不粘炒锅", "厨具 > 炒锅", "铝合金", nullptr},
    {"成人瑜伽垫 加厚防滑", "运动户外 > 瑜伽", "TPE", nullptr},
};

// Rule ids follow config/rules/risk.toml: N-01 slime family, N-02 squeeze toys
// (not generated), N-03 magnets, N-04 water beads, N-05 lasers, N-06 nicotine
// look-alikes, N-07 knives and wax seals.
struct NoveltyItem {
  const char* rule;
  const char* term;
  const char* traditional;  // nullptr when identical in traditional script
  const char* fullwidth;    // full-width latin alias, or nullptr
  const char* pinyin;
  const char* suffix;  // rest of the title
  const char* material;
  int groups;  // bit 1 toy, bit 2 stationery
};
constexpr NoveltyItem kNovelty[] = {
    {"N-01", "水晶泥", nullptr, nullptr, "shuijingni", "套装 24色 儿童手工DIY材料包", "PVA、色素",
     1},
    {"N-01", "史莱姆", "史萊姆", "ｓｌｉｍｅ", "shilaimu", " 解压玩具 组合装", "PVA、色素", 1},
    {"N-01", "起泡胶", "起泡膠", nullptr, "qipaojiao", " 奶茶杯装 云朵泥", "PVA、色素", 1},
    {"N-01", "假水", nullptr, nullptr, "jiashui", " 仿真饮料玩具 DIY材料", "树脂、色素", 1},
    {"N-03", "磁力珠", nullptr, nullptr, "cilizhu", " 216颗 益智减压玩具", "钕铁硼磁铁、镀镍", 1},
    {"N-03", "巴克球", nullptr, nullptr, "bakeqiu", " 5mm 216颗 益智玩具", "钕铁硼磁铁、镀镍", 1},
    {"N-04", "水宝宝", "水寶寶", nullptr, "shuibaobao", " 彩色 10000粒 种植保湿", "高分子吸水树脂",
     1},
    {"N-04", "海洋宝宝", "海洋寶寶", nullptr, "haiyangbaobao", " 彩色装 儿童玩具", "高分子吸水树脂",
     1},
    {"N-05", "激光笔", "激光筆", nullptr, "jiguangbi", " 星空投影玩具 绿光", "铝制外壳", 1},
    {"N-06", "鼻吸能量棒", nullptr, nullptr, "bixinengliangbang", " 解压玩具 薄荷味",
     "PP材质、薄荷油", 1},
    {"N-07", "萝卜刀", "蘿蔔刀", nullptr, "luobodao", " 重力解压玩具 发光款", "PP材质", 1},
    {"N-07", "圆珠笔刀", "圓珠筆刀", nullptr, "yuanzhubidao", " 创意书写两用", "ABS、不锈钢", 2},
    {"N-07", "火漆印章", nullptr, nullptr, "huoqiyinzhang", " 套装 蜡粒 复古手账",
     "铜质印头、火漆蜡", 2},
};

// Wording below is the market's own, written from how sellers phrase things
// (campaign notices, enforcement reports, real listings), not copied from the
// rule pack: the demo's score measures the pack against it.
constexpr const char* kClaims[] = {"恢复视力", "近视治愈", "降低度数", "度数修复",
                                   "近视克星", "视力康复", "摘掉眼镜", "治愈近视"};
constexpr const char* kBlindWords[] = {"盲盒", "盲袋", "抽盒", "福袋", "惊喜盒", "随机款", "扭蛋"};

constexpr const char* kBrands[] = {"乐童", "贝趣",   "童趣岛", "小鹿蓝", "木棉屋", "星宝",
                                   "优贝", "酷奇",   "禾苗",   "布丁熊", "小橙堡", "欧卡",
                                   "米乐", "甜心兔", "奇乐",   "启智",   "安途",   "护童",
                                   "睿视", "晴朗",   "安贝",   "暖阳",   "青禾",   "书香"};
// Adult goods carry brands without any child connotation.
constexpr const char* kAdultBrands[] = {"雅致",   "匠工", "简居", "铂锐",
                                        "优品汇", "森屿", "恒准", "舒途"};
constexpr const char* kModelPrefixes[] = {"LT", "BQ", "XL", "MY", "HK",
                                          "JS", "QY", "AB", "TZ", "KM"};
// Trade names for producers and sellers; none of them occurs in Watchlist().
constexpr const char* kTrades[] = {"嘉源", "恒丰", "瑞祥", "新宇", "华泰", "宏达", "永盛",
                                   "德润", "鑫源", "顺达", "佳美", "金禾", "明辉", "盛誉",
                                   "博雅", "润泽", "天成", "汇通", "康泰", "启航"};

struct Place {
  const char* name;     // as it appears in a company name
  const char* address;  // street address prefix
};
constexpr Place kToyPlaces[] = {{"汕头市澄海区", "广东省汕头市澄海区莲下镇工业大道"},
                                {"义乌市", "浙江省义乌市福田街道工业园区"},
                                {"泉州市丰泽区", "福建省泉州市丰泽区东海街道"},
                                {"东莞市", "广东省东莞市茶山镇南社工业区"}};
constexpr Place kClothingPlaces[] = {{"石狮市", "福建省石狮市灵秀镇服装城"},
                                     {"湖州市吴兴区", "浙江省湖州市吴兴区织里镇"},
                                     {"广州市番禺区", "广东省广州市番禺区南村镇"},
                                     {"晋江市", "福建省晋江市英林镇"}};
constexpr Place kShoePlaces[] = {{"晋江市", "福建省晋江市陈埭镇鞋业工业园"},
                                 {"温州市鹿城区", "浙江省温州市鹿城区双屿街道"}};
constexpr Place kStationeryPlaces[] = {{"宁波市", "浙江省宁波市宁海县西店镇"},
                                       {"温州市", "浙江省温州市龙湾区永兴街道"},
                                       {"厦门市同安区", "福建省厦门市同安区工业集中区"}};
constexpr Place kLampPlaces[] = {{"中山市", "广东省中山市古镇镇东兴路"},
                                 {"深圳市宝安区", "广东省深圳市宝安区福海街道"}};
constexpr Place kMaskPlaces[] = {{"仙桃市", "湖北省仙桃市彭场镇工业园"},
                                 {"莆田市", "福建省莆田市涵江区江口镇"}};
constexpr Place kFurniturePlaces[] = {{"佛山市顺德区", "广东省佛山市顺德区龙江镇"},
                                      {"漳州市", "福建省漳州市龙文区蓝田工业区"},
                                      {"福州市闽侯县", "福建省福州市闽侯县青口镇"}};
constexpr Place kGlassesPlaces[] = {{"厦门市", "福建省厦门市湖里区火炬园"},
                                    {"丹阳市", "江苏省丹阳市司徒镇"}};
constexpr Place kCarSeatPlaces[] = {{"宁波市", "浙江省宁波市北仑区大碶街道"},
                                    {"昆山市", "江苏省昆山市陆家镇"}};
constexpr Place kAdultPlaces[] = {{"阳江市", "广东省阳江市江城区"},
                                  {"佛山市南海区", "广东省佛山市南海区大沥镇"},
                                  {"杭州市", "浙江省杭州市余杭区"}};

// Per-watchlist-entry address and the groups it fits (same order as Watchlist()).
struct WatchAddress {
  const char* address;
  Group group;
};
constexpr WatchAddress kWatchAddresses[] = {
    {"福建省晋江市内坑镇工业区88号", kShoes},
    {"福建省石狮市宝盖镇塘后工业区16号", kClothing},
    {"福建省福州市仓山区盖山镇高湖工业区9号", kToy},
    {"福建省厦门市思明区莲前西路318号", kStationery},
    {"广东省汕头市澄海区凤翔街道工业区21号", kToy},
    {"广东省广州市番禺区大石街道工业一路5号", kClothing},
    {"浙江省义乌市稠江街道工业园12号", kMask},
    {"浙江省湖州市吴兴区织里镇吴兴大道66号", kClothing},
};

// Fujian region codes (GB/T 2260) for seller companies.
constexpr const char* kFujianRegions[] = {"350102", "350103", "350104", "350111", "350121",
                                          "350128", "350203", "350205", "350206", "350211",
                                          "350302", "350402", "350502", "350503", "350581",
                                          "350582", "350602", "350702", "350802", "350902"};
constexpr const char* kFujianRegionNames[] = {
    "福建省福州市鼓楼区五四路",     "福建省福州市台江区工业路",     "福建省福州市仓山区浦上大道",
    "福建省福州市马尾区江滨东大道", "福建省福州市闽侯县上街镇",     "福建省平潭综合实验区金井湾",
    "福建省厦门市思明区湖滨南路",   "福建省厦门市海沧区海景路",     "福建省厦门市湖里区湖里大道",
    "福建省厦门市集美区杏林湾路",   "福建省莆田市城厢区荔城中大道", "福建省三明市梅列区列东街",
    "福建省泉州市鲤城区温陵路",     "福建省泉州市丰泽区丰泽街",     "福建省石狮市八七路",
    "福建省晋江市世纪大道",         "福建省漳州市芗城区胜利西路",   "福建省南平市延平区滨江中路",
    "福建省龙岩市新罗区龙岩大道",   "福建省宁德市蕉城区天湖路"};

const char* kCategoryRoot[kGroupCount] = {"玩具",     "童装",     "校服",     "童鞋",
                                          "学生文具", "台灯照明", "儿童口罩", "儿童家具",
                                          "儿童眼镜", "安全座椅", ""};

// Parameter names as platforms label them (several per field, picked per listing).
constexpr const char* kStdNames[] = {"执行标准", "产品标准", "标准号", "产品执行标准",
                                     "执行标准号"};
constexpr const char* kProducerNames[] = {"生产企业", "生产厂家", "制造商", "生产厂商", "厂家名称"};
constexpr const char* kAddressNames[] = {"生产地址", "厂址", "厂家地址", "企业地址", "生产厂址"};
constexpr const char* kAgeNames[] = {"适用年龄", "适用年龄段", "年龄范围", "年龄段", "推荐年龄"};
constexpr const char* kCccNames[] = {"3C证书编号", "CCC证书编号", "认证编号", "3C证书",
                                     "认证证书编号"};
constexpr const char* kClassNames[] = {"安全类别", "安全技术类别", "安全等级"};
constexpr const char* kFibreNames[] = {"面料成分", "成分含量", "材质成分", "成分", "面料材质"};
constexpr const char* kWarnNames[] = {"警示", "警示语", "注意事项", "警告语", "安全警示"};
constexpr const char* kModelNames[] = {"型号", "货号"};
constexpr const char* kSizeNames[] = {"尺码", "适用身高", "参考身高"};

// Description sentences per group: plain product language, no trigger words.
constexpr const char* kToyText[] = {"造型可爱，色彩鲜艳，能够吸引孩子的注意力。",
                                    "边角经过圆润打磨处理，握持舒适不伤手。",
                                    "锻炼孩子的动手能力和空间想象力，亲子互动乐趣多。",
                                    "独立彩盒包装，送礼自用都很合适。",
                                    "多种玩法自由组合，让孩子在游戏中学习。",
                                    "经第三方检测机构检测，符合国家玩具安全标准。",
                                    "颜色采用环保水性涂料，无刺激性气味。",
                                    "适合家庭、早教机构等多种场景使用。"};
constexpr const char* kClothingText[] = {"面料柔软亲肤，透气吸汗，穿着舒适。",
                                         "版型宽松，不束缚孩子活动，跑跳自如。",
                                         "采用环保活性印染，色牢度好，不易褪色。",
                                         "领口采用罗纹收口设计，穿脱方便。",
                                         "走线细密平整，做工精致，经久耐穿。",
                                         "建议手洗或机洗轻柔模式，不可漂白，低温熨烫。",
                                         "春秋季节单穿或内搭均可。",
                                         "多色可选，尺码齐全，请参考尺码表选购。"};
constexpr const char* kShoeText[] = {
    "鞋头加厚防踢设计，保护宝贝脚趾。",   "鞋底防滑耐磨，纹路清晰，抓地力强。",
    "魔术贴设计，孩子自己就能轻松穿脱。", "鞋垫可拆卸，透气吸汗，保持脚部干爽。",
    "轻便鞋底，减轻行走负担。",           "请按脚长选码，建议预留0.5-1厘米余量。"};
constexpr const char* kStationeryText[] = {
    "书写顺滑流畅，出墨均匀不断线。",     "人体工学握笔区设计，长时间书写不累手。",
    "开学季必备，学生考试办公均可使用。", "产品经过严格质检，品质稳定。",
    "多色可选，满足不同学习需求。",       "包装精美，适合作为奖励小礼品。"};
constexpr const char* kLampText[] = {
    "采用高显色LED光源，光线柔和均匀，无频闪。", "三档色温、无极调光，满足阅读、书写等不同场景。",
    "灯臂可多角度调节，照射范围广。", "触控开关，操作简单，孩子也能轻松使用。",
    "底座加重设计，摆放稳固不易倾倒。"};
constexpr const char* kMaskText[] = {"三层过滤结构，呼吸顺畅。", "耳挂式设计，弹力耳带柔软不勒耳。",
                                     "独立包装，干净卫生，方便携带。", "立体剪裁，贴合儿童脸型。",
                                     "一次性使用产品，请勿重复使用。"};
constexpr const char* kFurnitureText[] = {
    "边角圆弧处理，防止磕碰。", "板材环保，甲醛释放量符合国家标准。", "结构稳固，承重能力强。",
    "附带详细安装说明书和安装配件。", "简约设计，适合多种风格的儿童房。"};
constexpr const char* kGlassesText[] = {
    "镜架轻盈，佩戴舒适无压迫感。", "硅胶鼻托防滑设计，不易下滑。",
    "镜腿弹性好，耐弯折，适合活泼好动的孩子。", "多种颜色可选，时尚可爱。", "配送眼镜盒和擦镜布。"};
constexpr const char* kCarSeatText[] = {
    "ISOFIX硬接口连接，安装牢固简单。", "五点式安全带，均匀分散冲击力。",
    "侧面防护设计，有效减少侧撞伤害。", "头枕高度可多档调节，伴随孩子成长。",
    "面料可拆洗，方便清洁。"};
constexpr const char* kAdultText[] = {"简约大方，品质做工精细。",
                                      "多种规格可选，满足日常使用需求。", "严格质检，放心选购。",
                                      "支持七天无理由退换货。", "适合家庭、办公等多种场景。"};

constexpr const char* kClosing[] = {"本店所有商品均为正品，支持七天无理由退换。",
                                    "有任何问题请联系在线客服，我们将竭诚为您服务。",
                                    "下单后48小时内发货，全国大部分地区包邮。"};

template <size_t N>
const char* PickText(Rng& rng, const char* const (&a)[N]) {
  return a[rng.Below(N)];
}

std::span<const Kind> KindsOf(int group) {
  switch (group) {
    case kToy:
      return kToyKinds;
    case kClothing:
      return kClothingKinds;
    case kUniform:
      return kUniformKinds;
    case kShoes:
      return kShoeKinds;
    case kStationery:
      return kStationeryKinds;
    case kLamp:
      return kLampKinds;
    case kMask:
      return kMaskKinds;
    case kFurniture:
      return kFurnitureKinds;
    case kGlasses:
      return kGlassesKinds;
    default:
      return kCarSeatKinds;
  }
}

std::span<const Place> PlacesOf(int group) {
  switch (group) {
    case kToy:
      return kToyPlaces;
    case kClothing:
    case kUniform:
      return kClothingPlaces;
    case kShoes:
      return kShoePlaces;
    case kStationery:
      return kStationeryPlaces;
    case kLamp:
      return kLampPlaces;
    case kMask:
      return kMaskPlaces;
    case kFurniture:
      return kFurniturePlaces;
    case kGlasses:
      return kGlassesPlaces;
    case kCarSeat:
      return kCarSeatPlaces;
    default:
      return kAdultPlaces;
  }
}

const char* ProducerSuffix(int group) {
  switch (group) {
    case kToy:
      return "玩具有限公司";
    case kClothing:
    case kUniform:
      return "服饰有限公司";
    case kShoes:
      return "鞋业有限公司";
    case kStationery:
      return "文具有限公司";
    case kLamp:
      return "照明电器有限公司";
    case kMask:
      return "防护用品有限公司";
    case kFurniture:
      return "家具有限公司";
    case kGlasses:
      return "眼镜有限公司";
    case kCarSeat:
      return "儿童用品有限公司";
    default:
      return "实业有限公司";
  }
}

std::span<const char* const> TextsOf(int group) {
  switch (group) {
    case kToy:
      return kToyText;
    case kClothing:
    case kUniform:
      return kClothingText;
    case kShoes:
      return kShoeText;
    case kStationery:
      return kStationeryText;
    case kLamp:
      return kLampText;
    case kMask:
      return kMaskText;
    case kFurniture:
      return kFurnitureText;
    case kGlasses:
      return kGlassesText;
    case kCarSeat:
      return kCarSeatText;
    default:
      return kAdultText;
  }
}

// `count` different sentences of `texts` (count <= texts.size()), in random order.
std::string DistinctSentences(Rng& rng, std::span<const char* const> texts, size_t count) {
  std::array<size_t, 16> order{};
  for (size_t i = 0; i < texts.size(); ++i) order[i] = i;
  std::string out;
  for (size_t k = 0; k < count; ++k) {
    size_t j = k + rng.Below(texts.size() - k);
    std::swap(order[k], order[j]);
    out += texts[order[k]];
  }
  return out;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

// A valid CCC certificate number: year 2016–2025 + "01" (CQC) + category + serial.
// Year and serial come from a bijection of index mod 10^7, so no two listings
// (up to 10 million) share a number: a reused number means something (T-06).
std::string ValidCcc(uint64_t seed, int64_t index, const char* category) {
  const uint64_t v = (static_cast<uint64_t>(index) * 7919 + seed % 10000000) % 10000000;
  std::string serial = std::to_string(v % 1000000);
  return std::to_string(2016 + v / 1000000) + "01" + category +
         std::string(6 - serial.size(), '0') + serial;
}

// T-02: 15 or 17 digits, or an impossible year.
std::string MalformedCcc(Rng& rng, const char* category) {
  switch (rng.Below(3)) {
    case 0:
      return std::to_string(2016 + rng.Below(10)) + "01" + category + Digits(rng, 5);
    case 1:
      return std::to_string(2016 + rng.Below(10)) + "01" + category + Digits(rng, 7);
    default:
      return std::string(rng.Chance(0.5) ? "1987" : "2035") + "01" + category + Digits(rng, 6);
  }
}

// Inserts `sep` between the UTF-8 characters of `s`.
std::string Interleave(std::string_view s, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (!out.empty()) out += sep;
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

const char* CategoryOfRule(std::string_view rule) {
  if (rule == "G-01" || rule == "G-02" || rule == "G-03" || rule == "T-07" || rule == "C-04")
    return "label.missing";
  if (rule == "G-04" || rule == "G-05" || rule == "C-02") return "label.invalid";
  if (rule == "T-01" || rule == "ST-03") return "ccc.missing";
  if (rule == "T-02" || rule == "T-04") return "ccc.invalid";
  if (rule == "K-01" || rule == "T-05") return "ccc.mismatch";
  if (rule.starts_with("N-")) return "novelty";
  if (rule.starts_with("B-")) return "blind_box";
  if (rule == "E-01") return "claims";
  if (rule == "C-03" || rule == "T-08" || rule == "CS-01") return "hazard";
  return "watchlist";
}

constexpr const char* kCategoryOrder[] = {
    "label.missing", "label.invalid", "ccc.missing", "ccc.invalid", "ccc.mismatch",
    "novelty",       "blind_box",     "claims",      "hazard",      "watchlist"};

// 30-bit Feistel permutation of the index (4 rounds over 15-bit halves).
uint32_t Feistel(uint64_t seed, uint32_t x, bool inverse) {
  uint32_t l = x >> 15, r = x & 0x7FFF;
  for (int k = 0; k < 4; ++k) {
    int round = inverse ? 3 - k : k;
    auto f = [&](uint32_t v) {
      return static_cast<uint32_t>(Mix64(seed ^ (static_cast<uint64_t>(round) << 40) ^ v)) & 0x7FFF;
    };
    if (!inverse) {
      uint32_t nl = r, nr = l ^ f(r);
      l = nl;
      r = nr;
    } else {
      uint32_t nr = l, nl = r ^ f(l);
      l = nl;
      r = nr;
    }
  }
  return (l << 15) | r;
}

constexpr int64_t kItemIdBase = 6000000000;

}  // namespace

const std::vector<std::string>& GroupNames() {
  static const std::vector<std::string> kNames = {"toy",        "clothing", "uniform", "shoes",
                                                  "stationery", "lamp",     "mask",    "furniture",
                                                  "glasses",    "car_seat", "adult"};
  return kNames;
}

std::string_view GroupLabel(std::string_view group) {
  static constexpr const char* kLabels[] = {"玩具",     "童装",     "校服",     "童鞋",
                                            "学生文具", "读写台灯", "儿童口罩", "儿童家具",
                                            "儿童眼镜", "安全座椅", "家居百货"};
  const auto& names = GroupNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == group) return kLabels[i];
  return "";
}

int GroupOf(uint64_t seed, int64_t index) {
  int roll = static_cast<int>(Mix64(seed ^ Mix64(static_cast<uint64_t>(index) * 2 + 1)) % 100);
  for (int g = 0; g < kGroupCount; ++g) {
    if (roll < kGroupWeights[static_cast<size_t>(g)]) return g;
    roll -= kGroupWeights[static_cast<size_t>(g)];
  }
  return kAdult;
}

std::string ItemId(uint64_t seed, int64_t index) {
  return std::to_string(kItemIdBase + Feistel(seed, static_cast<uint32_t>(index), false));
}

std::optional<int64_t> IndexOfItemId(uint64_t seed, std::string_view id) {
  if (id.size() != 10) return std::nullopt;
  int64_t v = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  v -= kItemIdBase;
  if (v < 0 || v >= (int64_t{1} << 30)) return std::nullopt;
  return Feistel(seed, static_cast<uint32_t>(v), true);
}

std::string ItemPath(int platform, std::string_view item_id) {
  switch (platform) {
    case 0:
      return "/item/" + std::string(item_id) + ".html";
    case 1:
      return "/goods/detail?id=" + std::string(item_id);
    default:
      return "/product/" + std::string(item_id) + ".htm";
  }
}

int64_t PlatformCount(int64_t listings, int platform) {
  return listings > platform ? (listings - platform + kPlatformCount - 1) / kPlatformCount : 0;
}

int64_t ShopCount(int64_t listings, int platform) {
  return std::max<int64_t>(4, PlatformCount(listings, platform) / 15);
}

int64_t ShopNumberOf(uint64_t seed, int64_t listings, int64_t index) {
  int platform = static_cast<int>(index % kPlatformCount);
  return static_cast<int64_t>(Mix64(seed ^ 0x5A0B ^ Mix64(static_cast<uint64_t>(index))) %
                              static_cast<uint64_t>(ShopCount(listings, platform)));
}

std::string ShopId(int64_t shop_number) { return std::to_string(10001 + shop_number); }

Shop MakeShop(uint64_t seed, int platform, int64_t shop_number) {
  Rng rng(Mix64(seed ^ 0x5809ULL ^
                Mix64(static_cast<uint64_t>(shop_number) * 4 + static_cast<uint64_t>(platform))));
  Shop s;
  s.id = ShopId(shop_number);
  size_t r = rng.Below(std::size(kFujianRegions));
  s.region = kFujianRegions[r];
  std::string trade = PickText(rng, kTrades);
  std::string brand = PickText(rng, kBrands);
  static constexpr const char* kShopKinds[] = {"旗舰店",     "母婴专营店", "童装专营店",
                                               "玩具专营店", "文具专营店", "官方店"};
  s.name = brand + PickText(rng, kShopKinds);
  static constexpr const char* kCities[] = {"福州", "厦门", "泉州", "漳州", "莆田"};
  s.company = std::string(PickText(rng, kCities)) + trade + "商贸有限公司";
  s.address = std::string(kFujianRegionNames[r]) + std::to_string(rng.Range(1, 399)) + "号" +
              std::to_string(rng.Range(2, 28)) + "层" + std::to_string(rng.Range(1, 20)) + "室";
  s.credit_code =
      MakeCreditCode(s.region, Mix64(seed ^ static_cast<uint64_t>(shop_number * 3 + platform)));
  s.licence_no = s.region + Digits(rng, 9);
  s.permit_no = "JY1" + s.region + Digits(rng, 7);
  return s;
}

Listing MakeListing(uint64_t seed, int64_t index) {
  Listing L;
  L.index = index;
  L.platform = static_cast<int>(index % kPlatformCount);
  L.item_id = ItemId(seed, index);
  const int group = GroupOf(seed, index);
  L.group = GroupNames()[static_cast<size_t>(group)];
  L.in_scope = group != kAdult;
  L.image = "/img/" + L.item_id + "_1.jpg";
  Rng rng(Mix64(seed ^ 0x11571E6ULL ^ Mix64(static_cast<uint64_t>(index))));
  // Parameter names are picked per listing among the synonyms of doc/market.md.
  auto set_param = [&](const auto& names, std::string value) {
    L.params.push_back({names[rng.Below(std::size(names))], std::move(value)});
  };
  L.brand = PickText(rng, kBrands);
  L.model =
      std::string(PickText(rng, kModelPrefixes)) + "-" + std::to_string(rng.Range(1000, 9899));
  std::span<const Place> places = PlacesOf(group);
  const Place& place = places[rng.Below(places.size())];
  std::string producer = std::string(place.name) + PickText(rng, kTrades) + ProducerSuffix(group);
  std::string address = std::string(place.address) + std::to_string(rng.Range(1, 288)) + "号";

  if (group == kAdult) {
    L.brand = PickText(rng, kAdultBrands);
    const AdultKind& k = kAdultKinds[rng.Below(std::size(kAdultKinds))];
    L.title = L.brand + " " + k.noun;
    L.category_path = k.category;
    L.price_cents = rng.Range(29, 899) * 100 + 90;
    L.params.push_back({"品牌", L.brand});
    set_param(kModelNames, L.model);
    L.params.push_back({"材质", k.material});
    if (k.standard != nullptr && rng.Chance(0.5)) {
      set_param(kStdNames, k.standard);
      set_param(kProducerNames, producer);
      set_param(kAddressNames, address);
    }
    std::span<const char* const> texts = TextsOf(group);
    L.description = std::string("这款") + k.noun + "采用" + k.material + "制作。" +
                    DistinctSentences(rng, texts, 2) + PickText(rng, kClosing);
    return L;
  }

  std::span<const Kind> kinds = KindsOf(group);
  const Kind* kind = &kinds[rng.Below(kinds.size())];
  // Catalogue toys are about 70% of toys.
  if (group == kToy) {
    bool catalogue = rng.Chance(0.7);
    do {
      kind = &kinds[rng.Below(kinds.size())];
    } while ((kind->ccc_category != nullptr) != catalogue);
  }
  std::string noun = kind->noun;
  std::string material = kind->material;
  const char* ccc_category = kind->ccc_category;
  std::string title_extra;
  std::vector<std::string> extra_text;  // description sentences carrying injections
  std::vector<std::string>& inj = L.injected;

  // Decisions, in a fixed order.
  const bool novelty = (group == kToy || group == kStationery) && rng.Chance(kRateNovelty);
  const bool evasive = rng.Chance(kShareEvasive);
  const bool blind_box = (group == kToy || group == kStationery) && rng.Chance(kRateBlindBox);
  const double ccc_roll = rng.Unit();
  const bool claims = (group == kGlasses || group == kLamp) && rng.Chance(kRateClaims);
  const bool hazard =
      (group == kClothing || group == kToy || group == kCarSeat) && rng.Chance(kRateHazard);
  const bool missing = rng.Chance(kRateMissing);
  const double missing_pick = rng.Unit();
  const bool invalid = rng.Chance(kRateInvalid);
  const double invalid_pick = rng.Unit();
  const bool sticker = rng.Chance(kRateSticker);
  const bool watch = rng.Chance(kRateWatchlist);

  std::string term;  // novelty term as written
  if (novelty) {
    int bit = group == kToy ? 1 : 2;
    const NoveltyItem* item;
    do {
      item = &kNovelty[rng.Below(std::size(kNovelty))];
    } while ((item->groups & bit) == 0);
    term = item->term;
    if (evasive) {
      std::vector<std::string> forms = {Interleave(item->term, " "),
                                        Interleave(item->term, rng.Chance(0.5) ? "*" : "_"),
                                        item->pinyin};
      if (item->traditional != nullptr) forms.push_back(item->traditional);
      if (item->fullwidth != nullptr) forms.push_back(item->fullwidth);
      term = forms[rng.Below(forms.size())];
    }
    noun = term + item->suffix;
    material = item->material;
    ccc_category = nullptr;
    inj.push_back(item->rule);
    extra_text.push_back(term + "手感独特，玩法多样，深受学生喜爱。");
  }

  // Age, warnings, sizes per group (compliant defaults).
  std::string age, warning, size, fibre, klass, standard, ccc;
  bool clothing_infant = group == kClothing && kind->flag == 2;
  static constexpr const char* kToyAges[] = {"3岁以上", "3-6岁", "6岁以上", "8岁以上", "3-8岁"};
  switch (group) {
    case kToy:
      standard = rng.Chance(0.7) ? "GB 6675.1-2014" : "GB 6675.1-2025";
      if (rng.Chance(0.3)) standard = "GB 6675.1~4-2014";
      age = kind->flag == 1 ? "3-6岁" : PickText(rng, kToyAges);
      if (novelty) age = rng.Chance(0.5) ? "6岁以上" : "8岁以上";
      warning = "警告：内含小零件，不适合3岁以下儿童使用";
      if (kind->flag == 1 && !novelty)
        warning += "。须在成人监护下使用，请佩戴护具，勿在机动车道上使用";
      if (novelty) warning += "。请在成人监护下使用";
      break;
    case kClothing: {
      static constexpr const char* kFibres[] = {"棉95% 氨纶5%", "棉100%", "棉80% 聚酯纤维20%",
                                                "棉70% 莫代尔30%"};
      fibre = kind->flag == 1 ? "面料：聚酯纤维100% 里料：棉100%" : PickText(rng, kFibres);
      standard = "GB 31701-2015 GB 18401-2010";
      if (clothing_infant) {
        klass = "A类 婴幼儿用品";
        size = "59cm 66cm 73cm 80cm 90cm";
        age = "0-24个月";
      } else {
        klass = kind->flag == 1 ? "C类" : "B类";
        size = "110cm 120cm 130cm 140cm 150cm 160cm";
        age = "4-12岁";
      }
      break;
    }
    case kUniform: {
      static constexpr const char* kFibres[] = {"棉60% 聚酯纤维40%", "棉50% 聚酯纤维50%",
                                                "棉70% 聚酯纤维30%"};
      fibre = PickText(rng, kFibres);
      standard = "GB/T 31888-2015 GB 31701-2015";
      klass = "B类";
      size = "120cm 130cm 140cm 150cm 160cm 170cm 180cm";
      break;
    }
    case kShoes:
      standard = kind->flag == 1 ? "GB 30585-2014 GB 25036-2010" : "GB 30585-2014 QB/T 2880-2016";
      size = "26码 27码 28码 29码 30码 31码 32码 33码 34码 35码 36码 37码";  // 鞋内长 ≤ 235 mm
      break;
    case kStationery:
      standard = "GB 21027-2020";
      age = rng.Chance(0.6) ? "适合14周岁以下（含14周岁）的学生使用" : "6-14岁";
      warning = kind->flag == 1 ? "注意锋利部位，需在成人指导下使用，用后请妥善收纳"
                                : "请勿将笔帽等部件放入口中";
      if (novelty) warning = "请在成人指导下使用，注意安全";
      break;
    case kLamp:
      standard = "GB 40070-2021 GB 7000.1-2015";
      warning = "使用前请阅读说明书，请勿自行拆卸";
      break;
    case kMask: {
      static constexpr const char* kSizes[] = {"S", "M", "L"};
      standard = "GB/T 38880-2020";
      klass = rng.Chance(0.5) ? "F级" : "W级";
      size = PickText(rng, kSizes);
      age = "6-14岁";
      warning = "一次性使用，请勿重复使用";
      break;
    }
    case kFurniture: {
      static constexpr const char* kAges[] = {"3～6岁", "3岁及以上", "7岁及以上"};
      standard = "GB 28007-2024";
      age = PickText(rng, kAges);
      warning = "只允许成人安装；小心夹伤";
      if (kind->flag == 1) warning += "；请勿频繁升降玩耍";
      break;
    }
    case kGlasses:
      standard = kind->flag == 1 ? "GB 39552.1-2020" : "QB/T 4735-2014";
      age = "3-12岁";
      break;
    case kCarSeat:
      standard = "GB 27887-2011";
      age = "9个月-12岁";
      warning = "请按说明书正确安装，请勿安装在有安全气囊的前排座位";
      break;
    default:
      break;
  }
  if (ccc_category != nullptr) ccc = ValidCcc(seed, index, ccc_category);

  // hazard: C-03, T-08, CS-01.
  bool t08 = false;
  if (hazard) {
    if (group == kClothing) {
      inj.push_back("C-03");
      noun = clothing_infant ? "婴儿连帽外套" : "儿童连帽卫衣";
      if (!clothing_infant) {
        size = "90cm 100cm 110cm 120cm 130cm";
        age = "2-7岁";
      }
      static constexpr const char* kCords[] = {"帽绳", "抽绳", "领口系带"};
      std::string cord = PickText(rng, kCords);
      title_extra += " " + cord + "可调节";
      extra_text.push_back("帽子采用" + cord + "设计，可根据需要调节松紧。");
    } else if (group == kToy) {
      inj.push_back("T-08");
      t08 = true;
      static constexpr const char* kYoung[] = {"1-3岁", "0-3岁", "12-36个月"};
      age = PickText(rng, kYoung);
      static constexpr const char* kSmall[] = {"小零件", "小珠子"};
      std::string small = PickText(rng, kSmall);
      warning = "警告：内含" + small + "，请在成人监护下使用";
      extra_text.push_back(std::string("宝宝早教好帮手，附赠多彩") + small +
                           "配件，锻炼小手精细动作。");
    } else {
      inj.push_back("CS-01");
      noun = rng.Chance(0.5) ? "儿童安全坐垫 便携式" : "便携式安全座椅 简易款";
      extra_text.push_back("折叠后体积小巧，可随身携带，打车出行随时使用。");
    }
  }

  // blind_box: B-01 (no draw rules) or B-02 (aimed at under-8s, rules disclosed).
  if (blind_box) {
    std::string word = PickText(rng, kBlindWords);
    bool b02 = t08 || rng.Chance(0.5);
    noun += " " + word;
    title_extra += rng.Chance(0.5) ? " 隐藏款" : "";
    if (b02) {
      inj.push_back("B-02");
      if (!t08) age = group == kToy ? "3-6岁" : "3-6岁 幼儿园";
      extra_text.push_back("抽取规则：整套12款，每" + word + "随机一款，隐藏款抽中概率为1/144。");
      extra_text.push_back("幼儿园小朋友最爱，开" + word + "惊喜多多。");
    } else {
      inj.push_back("B-01");
      age = group == kToy ? "8岁以上" : "8-14岁";
      extra_text.push_back("一" + word + "一款，随机发货，有机会抽中隐藏款！");
    }
  }

  // ccc.missing (T-01, ST-03) or ccc.invalid (T-02) on catalogue products.
  if (ccc_category != nullptr) {
    if (ccc_roll < kRateCccEach) {
      inj.push_back(group == kLamp ? "ST-03" : "T-01");
      ccc.clear();
    } else if (ccc_roll < 2 * kRateCccEach) {
      inj.push_back("T-02");
      ccc = MalformedCcc(rng, ccc_category);
    } else if (ccc_roll < 2 * kRateCccEach + kRateRegistry) {
      // A well-formed number the registry no longer holds valid.
      inj.push_back("T-04");
      static constexpr const char* kNotValid[] = {"撤销", "暂停", "注销"};
      L.ccc_status = kNotValid[static_cast<size_t>(index) % std::size(kNotValid)];
    } else if (ccc_roll < 2 * kRateCccEach + 2 * kRateRegistry) {
      // Someone else's certificate: holder and manufacturer are another company.
      inj.push_back("T-05");
      L.ccc_holder = "杭州市远航进出口贸易有限公司";
    }
  }
  const bool other_holder = !L.ccc_holder.empty();

  if (claims) {
    inj.push_back("E-01");
    std::string c1 = PickText(rng, kClaims), c2 = PickText(rng, kClaims);
    title_extra += " " + c1;
    extra_text.push_back("坚持使用三个月，" + c1 + (c2 != c1 ? "，" + c2 : std::string()) +
                         "，家长好评如潮。");
  }

  // label.invalid: G-04 (another group's standard), G-05 (superseded), C-02 (infant class).
  bool standard_changed = false;
  if (invalid) {
    std::vector<std::string> options;
    bool sunglasses = group == kGlasses && kind->flag == 1;
    if (group == kToy || group == kClothing || group == kStationery || group == kShoes ||
        sunglasses)
      options.push_back("G-04");
    if (group == kToy || group == kStationery || group == kFurniture) options.push_back("G-05");
    if (group == kClothing) options.push_back("C-02");
    if (!options.empty()) {
      std::string rule =
          options[static_cast<size_t>(invalid_pick * static_cast<double>(options.size()))];
      inj.push_back(rule);
      if (rule == "G-04") {
        standard_changed = true;
        switch (group) {
          case kToy:
            standard = "GB 31701-2015";
            break;
          case kClothing:
            standard = "GB 6675.1-2014";
            break;
          case kStationery:
            standard = "GB 6675.1-2014";
            break;
          case kShoes:
            standard = "GB 31701-2015";
            break;
          default:
            standard = "QB/T 4735-2014";
            break;  // sunglasses declared as frames
        }
      } else if (rule == "G-05") {
        standard_changed = true;
        standard = group == kToy          ? "GB 6675-2003"
                   : group == kStationery ? "GB 21027-2007"
                                          : "GB 28007-2011";
      } else {
        noun = "婴儿连体衣";
        klass = rng.Chance(0.5) ? "B类" : "C类";
        size = "59cm 66cm 73cm 80cm";
        age = "0-18个月";
        fibre = "棉95% 氨纶5%";
      }
    }
  }

  // watchlist before label.missing: a removed producer would hide it.
  if (watch) {
    inj.push_back("W-01");
    std::vector<size_t> fits;
    for (size_t w = 0; w < std::size(kWatchAddresses); ++w)
      if (kWatchAddresses[w].group == group) fits.push_back(w);
    size_t w = fits.empty() ? rng.Below(std::size(kWatchAddresses)) : fits[rng.Below(fits.size())];
    producer = Watchlist()[w].name;
    address = kWatchAddresses[w].address;
  }

  // label.missing: G-01, G-02, G-03, T-07, C-04.
  std::string removed;
  if (missing) {
    std::vector<std::string> options = {"G-02"};
    if (!watch && !other_holder) options.push_back("G-01");  // T-05 needs the producer
    if (!standard_changed) options.push_back("G-03");
    if (group == kToy && !t08 && !blind_box) options.push_back("T-07");
    if (group == kClothing || group == kUniform) options.push_back("C-04");
    removed = options[static_cast<size_t>(missing_pick * static_cast<double>(options.size()))];
    inj.push_back(removed);
  }

  if (sticker) {
    inj.push_back("K-01");
    title_extra += "（店内另售3C认证标志贴纸 CCC标签）";
    extra_text.push_back("本店另有3C认证标志贴纸、CCC标签单独出售，量大从优，欢迎咨询。");
  }

  // Title, category, description.
  static constexpr const char* kTitleWords[] = {"新款",     "热卖",     "2026秋季新品", "品质保证",
                                                "正品",     "包邮",     "现货速发",     "官方直营",
                                                "限时特惠", "宝妈推荐", "厂家直销"};
  L.title = L.brand + " " + noun + " " + PickText(rng, kTitleWords) + title_extra;
  if (klass == "F级" || klass == "W级") L.title += " " + klass;
  // Novelty products get their own leaf: the base kind's (e.g. 遥控/电动) would
  // put a CCC catalogue word on a product that shows no certificate.
  const char* leaf = novelty ? (group == kToy ? "解压玩具" : "创意文具") : kind->category;
  L.category_path = std::string(kCategoryRoot[group]) + " > " + leaf;
  static constexpr int kPriceRange[kGroupCount][2] = {{19, 399}, {29, 259},  {59, 299}, {39, 329},
                                                      {5, 69},   {69, 599},  {9, 59},   {199, 2999},
                                                      {59, 499}, {399, 2599}};
  L.price_cents =
      rng.Range(kPriceRange[group][0], kPriceRange[group][1]) * 100 + (rng.Chance(0.5) ? 0 : 90);

  std::span<const char* const> texts = TextsOf(group);
  std::string desc = "这款" + noun + "采用" + material + "制作。";
  desc += DistinctSentences(rng, texts, 3);
  for (const std::string& t : extra_text) desc += t;
  desc += PickText(rng, kClosing);
  L.description = std::move(desc);

  L.producer = producer;
  L.address = address;
  if (!ccc.empty() && std::find(inj.begin(), inj.end(), "T-02") == inj.end()) L.ccc = ccc;

  // Parameters (each platform renders all of them).
  L.params.push_back({"品牌", L.brand});
  set_param(kModelNames, L.model);
  L.params.push_back({"材质", material});
  if (!fibre.empty() && removed != "C-04") set_param(kFibreNames, fibre);
  // About a third of sellers write the label block into the description
  // ("【产品信息】执行标准：…；生产厂家：…；厂址：…") instead of the table.
  const bool label_in_text = rng.Chance(0.3);
  std::string label_text;
  auto set_label = [&](const auto& names, const std::string& value) {
    if (!label_in_text) return set_param(names, value);
    label_text += std::string(label_text.empty() ? "【产品信息】" : "；") +
                  names[rng.Below(std::size(names))] + "：" + value;
  };
  if (removed != "G-03") set_label(kStdNames, standard);
  if (!klass.empty()) set_param(kClassNames, klass);
  if (!age.empty() && removed != "T-07") set_param(kAgeNames, age);
  if (!size.empty()) {
    // 适用身高 only makes sense for garments.
    if (group == kClothing || group == kUniform)
      set_param(kSizeNames, size);
    else
      L.params.push_back({"尺码", size});
  }
  if (!ccc.empty()) set_param(kCccNames, ccc);
  if (!warning.empty()) set_param(kWarnNames, warning);
  if (removed != "G-01") set_label(kProducerNames, producer);
  if (removed != "G-02") set_label(kAddressNames, address);
  if (!label_text.empty()) L.description += label_text + "。";

  std::sort(inj.begin(), inj.end());
  for (const char* cat : kCategoryOrder)
    for (const std::string& r : inj)
      if (cat == std::string_view(CategoryOfRule(r))) {
        L.expected.push_back(cat);
        break;
      }
  return L;
}

}  // namespace shouhu::market
