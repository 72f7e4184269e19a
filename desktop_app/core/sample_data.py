"""The sample shop's words: shop, agents, products, chat texts, export headers and status words.

Shared by the story (sample.py), the file writers (sample_files.py) and the benchmark frames
(sample_bench.py); sample.py re-exports every name.
"""

from __future__ import annotations

import numpy as np

from .schema import CLOSED, COMPLETED, PAID_UNSHIPPED, SHIPPED, UNPAID

SHOP = "示例旗舰店"
AGENT_NAMES = ("小美", "阿杰", "小雨", "大伟", "小林", "阿芳", "小周", "阿强", "小陈", "阿敏")
#: the shop's welcome auto-reply; add WELCOME_PATTERN to the auto-reply patterns to match it by text
WELCOME = "您好，欢迎光临示例旗舰店！本条为自动回复，客服马上就来~"
WELCOME_PATTERN = "欢迎光临示例旗舰店"

#: (商家编码, title, price)
PRODUCTS = (
    ("SKU-TEA-01", "示例红茶 正山小种 250g", 59.0),
    ("SKU-TEA-02", "示例绿茶 西湖龙井 100g", 88.0),
    ("SKU-TEA-03", "示例乌龙茶 铁观音 200g", 69.0),
    ("SKU-TEA-04", "示例白茶 寿眉 饼茶 357g", 128.0),
    ("SKU-TEA-05", "示例普洱 熟茶 散茶 500g", 99.0),
    ("SKU-CUP-01", "示例玻璃茶杯 带滤网 350ml", 39.0),
    ("SKU-CUP-02", "示例陶瓷盖碗 白瓷 150ml", 45.0),
    ("SKU-POT-01", "示例紫砂壶 西施壶 200ml", 168.0),
    ("SKU-SET-01", "示例旅行茶具套装 一壶四杯", 129.0),
    ("SKU-GFT-01", "示例茶叶礼盒 双罐装", 199.0),
    ("SKU-TRY-01", "示例试饮装 五种口味 各5g", 9.9),
    ("SKU-PRE-01", "【预售】示例新茶 明前龙井 2027年头采 50g", 158.0),
)
PRESALE_SKU = "SKU-PRE-01"

#: relative weight of each hour of the day for buyer activity (a shop's usual two peaks)
HOUR_WEIGHTS = np.array([2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 5, 9, 11, 10, 8, 8, 10, 10, 9, 8, 7, 8, 11, 12, 10, 6],
                        dtype=float)



BUYER_OPENERS = ("在吗", "你好", "有人吗", "亲在吗", "老板在吗")
#: (buyer question, the agent's answer)
QUESTIONS = (
    ("{title}还有货吗", "有货的亲，今天16点前下单当天发"),
    ("这个什么时候能发货", "现货48小时内发货，预售款按页面时间发"),
    ("能便宜点吗", "亲，这已经是活动价了，可以领店铺满199减20的券哦"),
    ("发什么快递", "默认发中通，偏远地区发邮政"),
    ("有没有优惠券", "店铺首页可以领满199减20的券"),
    ("保质期多久", "保质期18个月，放阴凉干燥处就可以"),
    ("可以开发票吗", "可以开电子发票的，下单备注抬头就行"),
    ("{title}和别的有什么区别", "这款口感更醇，回购的老顾客比较多"),
    ("送人的话有礼品袋吗", "有的，礼盒都配礼品袋"),
    ("今天下单明天能到吗", "江浙沪一般第二天就到，其他地区2-3天"),
)
BUYER_QUESTIONS = tuple(q for q, _ in QUESTIONS)
BUYER_FOLLOWUPS = ("好的", "那我拍了", "谢谢", "行，我考虑一下", "嗯嗯", "知道了")
AGENT_ANSWERS = tuple(a for _, a in QUESTIONS) + ("在的亲，有什么可以帮您",)
AGENT_CLOSERS = ("好的亲，感谢支持~", "不客气，有问题随时找我，祝您生活愉快", "亲拍下后我们尽快安排发货，谢谢亲", "感谢支持~")
REMINDER = "亲，看到您拍下了{title}还没有付款哦，现在付款今天就能发货~"
REMINDER_REPLIES = ("好的，马上付", "刚才忘了，这就付")
REMINDER_THANKS = "好的亲，付款后马上为您安排发货"
REFUND_ASK = "东西收到了有点问题，申请了退款麻烦处理一下"
REFUND_ANSWER = "亲，非常抱歉给您带来不便，已经为您同意退款了"

#: 订单报表 header (v3 xlsx layout plus the later 发货时间 and 预售订单); the trailing spaces are real
ORDER_HEADER = (
    "订单编号", "买家会员名", "买家支付宝账号", "支付单号", "支付详情", "买家应付货款", "买家应付邮费",
    "买家支付积分", "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间", "订单付款时间 ",
    "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称",
    "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id",
    "是否上传合同照片", "是否上传小票", "是否代付", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息",
    "天猫卡券抵扣", "集分宝抵扣", "是否是O2O交易", "新零售交易类型", "新零售导购门店名称", "新零售导购门店id",
    "新零售发货门店名称", "新零售发货门店id", "退款金额", "预约门店", "确认收货时间", "打款商家金额",
    "含应开票给个人的个人红包", "是否信用购", "体验期结束时间", "前N有礼", "配送类型", "主订单编号",
    "发货时间", "预售订单",
)
#: 宝贝报表 (ExportOrderDetailList) header
LINE_HEADER = ("订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态",
               "商家编码")
INVENTORY_HEADER = ("商家编码", "宝贝标题", "可用库存")

STATUS_WORDS = {
    UNPAID: "等待买家付款",
    PAID_UNSHIPPED: "买家已付款，等待卖家发货",
    SHIPPED: "卖家已发货，等待买家确认",
    COMPLETED: "交易成功",
    CLOSED: "交易关闭",
}
#: fixed zip timestamp so the same seed gives the same bytes
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
