<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Customer-service performance workstation</source>
        <translation>客服绩效工作台</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Agent KPIs (询单转化率, 客单价, response times), order checks (未发货, 缺货, 催付) and customer tiers from your own exports. Works offline: nothing is sent anywhere.</source>
        <translation>根据您自己的导出文件计算客服绩效（询单转化率、客单价、响应时间）、订单检查（未发货、缺货、催付）和客户分层。完全离线运行：不向任何地方发送数据。</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>设置文件：%1</translation>
    </message>
    <message>
        <source>Crash logs: %1</source>
        <translation>错误日志：%1</translation>
    </message>
</context>
<context>
    <name>AgentsView</name>
    <message>
        <source>Agent</source>
        <extracomment>header label, formatter and formula (tooltip) of every AGENT_COLUMNS KPI</extracomment>
        <translation>客服</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Inquiring buyers</source>
        <translation>询单人数</translation>
    </message>
    <message>
        <source>询单人数: distinct buyers who messaged the agent</source>
        <translation>询单人数：当天给该客服发过消息的买家数（去重）</translation>
    </message>
    <message>
        <source>Ordering buyers</source>
        <translation>询单→下单人数</translation>
    </message>
    <message>
        <source>询单→下单人数: inquiring buyers with an attributed order</source>
        <translation>询单→下单人数：有归属到该客服订单的询单买家</translation>
    </message>
    <message>
        <source>Paying buyers</source>
        <translation>询单→最终付款人数</translation>
    </message>
    <message>
        <source>询单→最终付款人数: attributed order paid by the end of the data</source>
        <translation>询单→最终付款人数：归属订单在数据截止前已付款的询单买家</translation>
    </message>
    <message>
        <source>Paid same day</source>
        <translation>询单→当日付款</translation>
    </message>
    <message>
        <source>询单→当日付款: paid on the inquiry day</source>
        <translation>询单→当日付款：在询单当天付款</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>询单转化率</translation>
    </message>
    <message>
        <source>询单转化率 = 询单→最终付款人数 / 询单人数</source>
        <translation>询单转化率 = 询单→最终付款人数 / 询单人数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>客服销售额</translation>
    </message>
    <message>
        <source>客服销售额: paid amount of attributed paid orders</source>
        <translation>客服销售额：归属到该客服的已付款订单的实付金额</translation>
    </message>
    <message>
        <source>AOV</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>客单价 = sales / paying buyers</source>
        <translation>客单价 = 客服销售额 / 付款人数</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Items per buyer</source>
        <translation>客件数</translation>
    </message>
    <message>
        <source>客件数 = items / paying buyers</source>
        <translation>客件数 = 件数 / 付款人数</translation>
    </message>
    <message>
        <source>Price per item</source>
        <translation>件单价</translation>
    </message>
    <message>
        <source>件单价 = sales / items</source>
        <translation>件单价 = 销售额 / 件数</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>回合数</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未回复</translation>
    </message>
    <message>
        <source>未回复: turns no human answered</source>
        <translation>未回复：没有人工回复的回合</translation>
    </message>
    <message>
        <source>Reply rate</source>
        <translation>回复率</translation>
    </message>
    <message>
        <source>回复率 = answered turns / turns</source>
        <translation>回复率 = 已回复回合 / 全部回合</translation>
    </message>
    <message>
        <source>Slow turns</source>
        <translation>慢响应</translation>
    </message>
    <message>
        <source>慢响应: turns slower than the slow threshold</source>
        <translation>慢响应：响应时间超过慢响应阈值的回合</translation>
    </message>
    <message>
        <source>First resp. mean</source>
        <translation>首次响应（平均）</translation>
    </message>
    <message>
        <source>首次响应时间: first human reply − first buyer message</source>
        <translation>首次响应时间 = 首次人工回复 − 买家首条消息</translation>
    </message>
    <message>
        <source>First resp. median</source>
        <translation>首次响应（中位数）</translation>
    </message>
    <message>
        <source>First resp. P90</source>
        <translation>首次响应（P90）</translation>
    </message>
    <message>
        <source>Avg resp. mean</source>
        <translation>平均响应（平均）</translation>
    </message>
    <message>
        <source>平均响应时间: mean over turns of (reply − turn start)</source>
        <translation>平均响应时间：各回合（回复时间 − 回合开始）的平均值</translation>
    </message>
    <message>
        <source>Avg resp. median</source>
        <translation>平均响应（中位数）</translation>
    </message>
    <message>
        <source>Avg resp. P90</source>
        <translation>平均响应（P90）</translation>
    </message>
    <message>
        <source>Refund orders</source>
        <translation>退款订单数</translation>
    </message>
    <message>
        <source>Refund rate</source>
        <translation>退款率</translation>
    </message>
    <message>
        <source>退款率 = orders with a refund / paid orders</source>
        <translation>退款率 = 有退款的订单 / 已付款订单</translation>
    </message>
    <message>
        <source>Refund amount</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Refund amount rate</source>
        <translation>退款金额率</translation>
    </message>
    <message>
        <source>First resp. ≤ golden</source>
        <translation>首响 ≤ 黄金时间</translation>
    </message>
    <message>
        <source>First resp. ≤ reasonable</source>
        <translation>首响 ≤ 合理时间</translation>
    </message>
    <message>
        <source>First resp. ≤ limit</source>
        <translation>首响 ≤ 上限</translation>
    </message>
    <message>
        <source>Reminded orders</source>
        <translation>催付订单数</translation>
    </message>
    <message>
        <source>Reminded, then paid</source>
        <translation>催付后付款</translation>
    </message>
    <message>
        <source>Reminder success</source>
        <translation>催付成功率</translation>
    </message>
    <message>
        <source>催付成功率 = reminded then paid / reminded</source>
        <translation>催付成功率 = 催付后付款 / 催付订单</translation>
    </message>
    <message>
        <source>Attributed orders</source>
        <translation>归属订单数</translation>
    </message>
    <message>
        <source>Paid orders</source>
        <translation>已付款订单数</translation>
    </message>
    <message>
        <source>First responses</source>
        <translation>首次响应次数</translation>
    </message>
    <message>
        <source>Answered turns</source>
        <translation>已回复回合</translation>
    </message>
    <message>
        <source>Answered ≤ 30 s</source>
        <translation>30秒应答率</translation>
    </message>
    <message>
        <source>30秒应答率 (JD/PDD): turns a human answered within 30 s / turns</source>
        <translation>30秒应答率（京东/拼多多口径）= 30 秒内人工回复的轮次 / 全部轮次</translation>
    </message>
    <message>
        <source>Answered ≤ 3 min</source>
        <translation>3分钟应答率</translation>
    </message>
    <message>
        <source>3分钟应答率 (JD/PDD): turns a human answered within 3 min / turns</source>
        <translation>3分钟应答率（京东/拼多多口径）= 3 分钟内人工回复的轮次 / 全部轮次</translation>
    </message>
    <message>
        <source>Quality: clean share</source>
        <translation>质检：合格率</translation>
    </message>
    <message>
        <source>质检: conversations with no quality hit / conversations checked</source>
        <translation>质检合格率 = 无违规的会话 / 质检会话数</translation>
    </message>
    <message>
        <source>Quality hits per 100</source>
        <translation>质检每百会话违规</translation>
    </message>
    <message>
        <source>质检: quality hits per 100 conversations checked (accepted hits not counted)</source>
        <translation>质检：每 100 个质检会话的违规数（已确认误报不计）</translation>
    </message>
    <message>
        <source>Quality hits</source>
        <translation>质检违规数</translation>
    </message>
    <message>
        <source>All days</source>
        <extracomment>the user double-clicked a KPI cell: (agent, kpi column key) the AppState: its settings remember which column groups are hidden (None: this session only)</extracomment>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Double-click a figure to see the buyers and orders behind it.</source>
        <translation>双击数字可查看其背后的买家和订单。</translation>
    </message>
    <message>
        <source>Log time axis</source>
        <translation>对数时间轴</translation>
    </message>
    <message>
        <source>First response distribution</source>
        <translation>首次响应时间分布</translation>
    </message>
    <message>
        <source>Response time distribution (all turns)</source>
        <translation>响应时间分布（全部回合）</translation>
    </message>
    <message>
        <source>Inquiring buyers and conversion per day</source>
        <translation>每日询单人数与转化率</translation>
    </message>
    <message>
        <source>Buyer traffic by hour and weekday (for staffing)</source>
        <translation>按小时和星期的买家咨询量（用于排班）</translation>
    </message>
    <message>
        <source>Charts for: {agents}</source>
        <translation>图表：{agents}</translation>
    </message>
    <message>
        <source>Charts for all agents (select rows to compare)</source>
        <translation>全部客服的图表（选中几行可对比）</translation>
    </message>
    <message>
        <source>No days with data in this range</source>
        <translation>所选日期内没有数据</translation>
    </message>
</context>
<context>
    <name>AppraisalMonths</name>
    <message>
        <source>Agent:</source>
        <extracomment>month -&gt; agents frame of the results (the page shares its cache); default: computed here</extracomment>
        <translation>客服：</translation>
    </message>
    <message>
        <source>No months to show.</source>
        <translation>没有可显示的月份。</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Deducted</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>提成</translation>
    </message>
    <message>
        <source>Each month scored on that month&apos;s own figures.</source>
        <translation>每个月按该月自己的数据计分。</translation>
    </message>
    <message>
        <source>Figures made for the whole range only are not available per month: %1</source>
        <translation>只针对整个日期范围计算的指标无法按月提供：%1</translation>
    </message>
</context>
<context>
    <name>AppraisalTable</name>
    <message>
        <source>The selected agent&apos;s card (double-click a line for the rows behind it):</source>
        <extracomment>item roles on the result cells: the agent and the agents column a cell drills to a points cell was double-clicked: (agent, agents column behind the figure)</extracomment>
        <translation>所选客服的考核表（双击一行可查看背后的明细）：</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Weight used</source>
        <translation>实际权重</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权得分</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Deducted</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>提成</translation>
    </message>
    <message>
        <source>Total (%1)</source>
        <translation>总分（%1）</translation>
    </message>
    <message>
        <source>Change in total</source>
        <translation>总分变化</translation>
    </message>
    <message>
        <source>Commission (%1)</source>
        <translation>提成（%1）</translation>
    </message>
    <message>
        <source>Change in commission</source>
        <translation>提成变化</translation>
    </message>
    <message>
        <source>Open or import data to appraise the agents.</source>
        <translation>请先打开或导入数据，再进行绩效考核。</translation>
    </message>
    <message>
        <source>Team average: total %1, commission %2</source>
        <translation>团队平均：总分 %1，提成 %2</translation>
    </message>
    <message>
        <source>Not in these figures (not available): %1</source>
        <translation>本次数据中没有（不可用）：%1</translation>
    </message>
    <message>
        <source>Double-click for the rows behind this figure</source>
        <translation>双击查看该数字背后的明细</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Deduction: %1</source>
        <translation>扣分：%1</translation>
    </message>
    <message>
        <source>Grade / rank</source>
        <translation>等级 / 排名</translation>
    </message>
    <message>
        <source>A KPI was not available: its weight was spread over the other items</source>
        <translation>有指标不可用：其权重已按比例分摊到其他考核项</translation>
    </message>
</context>
<context>
    <name>AppraisalView</name>
    <message>
        <source>Opened %1</source>
        <extracomment>a points cell was double-clicked: (agent, agents column behind the figure) a scheme file was opened or saved (its path): the window may remember it</extracomment>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Default scheme</source>
        <translation>默认方案</translation>
    </message>
    <message>
        <source>Open scheme…</source>
        <translation>打开方案…</translation>
    </message>
    <message>
        <source>Save scheme as…</source>
        <translation>方案另存为…</translation>
    </message>
    <message>
        <source>Compare with the scheme as opened</source>
        <translation>与打开时的方案对比</translation>
    </message>
    <message>
        <source>Compare with a file…</source>
        <translation>与其他方案文件对比…</translation>
    </message>
    <message>
        <source>Stop comparing</source>
        <translation>停止对比</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Month by month</source>
        <translation>逐月对比</translation>
    </message>
    <message>
        <source>Appraisal schemes (*.json)</source>
        <extracomment>the name the main window calls today (the window split renames it to retranslate)</extracomment>
        <translation>考核方案 (*.json)</translation>
    </message>
    <message>
        <source>Open an appraisal scheme</source>
        <translation>打开考核方案</translation>
    </message>
    <message>
        <source>Save the appraisal scheme</source>
        <translation>保存考核方案</translation>
    </message>
    <message>
        <source>Compare with a scheme</source>
        <translation>选择对比方案</translation>
    </message>
    <message>
        <source>The date range in the window</source>
        <translation>窗口中所选的日期范围</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1 月份</translation>
    </message>
    <message>
        <source>Scheme: %1</source>
        <translation>方案：%1</translation>
    </message>
    <message>
        <source>Period: %1 – %2</source>
        <translation>考核期间：%1 – %2</translation>
    </message>
</context>
<context>
    <name>CleanShareChart</name>
    <message>
        <source>clean conversations %</source>
        <translation>合格会话 %</translation>
    </message>
</context>
<context>
    <name>ColumnGroups</name>
    <message>
        <source>Sales</source>
        <extracomment>group key -&gt; label (in the &quot;ColumnGroups&quot; context)</extracomment>
        <translation>销售</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>After-sales</source>
        <translation>售后</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质检</translation>
    </message>
</context>
<context>
    <name>ColumnGroupsButton</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Show or hide groups of columns (remembered)</source>
        <translation>显示或隐藏列组（会记住）</translation>
    </message>
</context>
<context>
    <name>ComputeController</name>
    <message>
        <source>No data yet: open exports or the demo shop</source>
        <extracomment>the model&apos;s kept scratch memory goes back to the system after this long without a new run typing a custom date changes it once per key: recompute when the user pauses this long seconds the history&apos;s read waits for the range&apos;s own figures to be on screen: the read holds the GIL for most of its rows (sqlite3 makes them one by one), so it would slow the very painting it follows (run number, the range&apos;s own figures) from the worker thread; delivered queued on the GUI thread a note for the status line once the next results are shown (what the last import skipped) counts runs: the range&apos;s figures of a run that was replaced meanwhile are not shown run -&gt; set once the range&apos;s own figures of that run are shown (the history&apos;s read waits for it)</extracomment>
        <translation>还没有数据：请打开导出文件或示例店铺</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Calculation cancelled; the figures shown are from before. Press F5 to recalculate.</source>
        <translation>已取消计算；显示的是之前的数字。按 F5 重新计算。</translation>
    </message>
</context>
<context>
    <name>ConversationsView</name>
    <message>
        <source>Agent</source>
        <extracomment>labels for columns a conversation list or a drill-down frame may have</extracomment>
        <translation>客服</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Mean response</source>
        <translation>平均响应</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Calendar response</source>
        <translation>自然时间响应</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>回合数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Slow turns</source>
        <translation>慢响应</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未回复</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>Buyer messages</source>
        <translation>买家消息数</translation>
    </message>
    <message>
        <source>Agent messages</source>
        <translation>客服消息数</translation>
    </message>
    <message>
        <source>Auto-replies</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>询单</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>归属权重</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Reminded</source>
        <translation>已催付</translation>
    </message>
    <message>
        <source>Paid amount</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Inquiry day</source>
        <translation>询单日期</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Paid?</source>
        <translation>已付款？</translation>
    </message>
    <message>
        <source>Paid same day</source>
        <translation>询单→当日付款</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Answered?</source>
        <translation>已回复？</translation>
    </message>
    <message>
        <source>Slow?</source>
        <translation>慢响应？</translation>
    </message>
    <message>
        <source>First turn</source>
        <translation>首回合</translation>
    </message>
    <message>
        <source>← All conversations</source>
        <extracomment>internal columns of drill-down frames (ids, helper flags) that the list does not show the conversation list&apos;s columns, in order the AppState whose Dataset gives the transcripts&apos; messages (None: set_messages is called)</extracomment>
        <translation>← 全部会话</translation>
    </message>
    <message>
        <source>Select a conversation.</source>
        <translation>请选择一个会话。</translation>
    </message>
    <message>
        <source>All conversations</source>
        <translation>全部会话</translation>
    </message>
    <message>
        <source>◷ {s} s</source>
        <translation>◷ {s} 秒</translation>
    </message>
    <message>
        <source>(auto-reply)</source>
        <translation>（自动回复）</translation>
    </message>
    <message>
        <source>⚠ unanswered</source>
        <translation>⚠ 未回复</translation>
    </message>
    <message>
        <source>Messages are not loaded; showing the buyer turns and their waits.</source>
        <translation>未加载消息内容；显示买家回合及其等待时间。</translation>
    </message>
    <message>
        <source>{start} buyer turn — ⚠ unanswered</source>
        <translation>{start} 买家回合 — ⚠ 未回复</translation>
    </message>
    <message>
        <source>{start} buyer turn — ◷ {s} s</source>
        <translation>{start} 买家回合 — ◷ {s} 秒</translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Segment</source>
        <extracomment>the classic eight RFM segments in domain.md&apos;s order (↑ = better than the mean)</extracomment>
        <translation>客户分群</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Paid amount</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>Mean days since last payment</source>
        <translation>距上次付款平均天数</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Level stored by</source>
        <translation>等级记录人</translation>
    </message>
    <message>
        <source>Who stored this level and when: the run that raised it (under the name in Settings ▸ Database), or a hand edit</source>
        <translation>谁在何时记录了这个等级：提升它的那次计算（用“设置 ▸ 数据库”里的名字），或手工修改</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>首次下单</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近下单</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Paid orders</source>
        <translation>已付款订单数</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>R: days</source>
        <translation>R：天数</translation>
    </message>
    <message>
        <source>Days since the last payment in the look-back window</source>
        <translation>回溯期内距上次付款的天数</translation>
    </message>
    <message>
        <source>F: orders</source>
        <translation>F：订单数</translation>
    </message>
    <message>
        <source>M: net paid</source>
        <translation>M：净付款额</translation>
    </message>
    <message>
        <source>R score</source>
        <translation>R 分</translation>
    </message>
    <message>
        <source>F score</source>
        <translation>F 分</translation>
    </message>
    <message>
        <source>M score</source>
        <translation>M 分</translation>
    </message>
    <message>
        <source>{n} customers; RFM over the {days} days before {as_of}</source>
        <extracomment>contact details were unmasked (True) or masked again (False) the open unmask confirmation, if any</extracomment>
        <translation>{n} 位客户；RFM 统计 {as_of} 之前 {days} 天</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>RFM 分群</translation>
    </message>
    <message>
        <source>Membership levels</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Customer archive</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Unmask contact details</source>
        <translation>显示完整联系方式</translation>
    </message>
    <message>
        <source>Show full names, phone numbers and addresses?</source>
        <translation>显示完整的姓名、手机号和地址吗？</translation>
    </message>
    <message>
        <source>They stay on this computer, but anyone who sees the screen or an export made now will see them. Untick the box to mask them again.</source>
        <translation>这些信息只保存在本机，但任何看到屏幕或现在导出的文件的人都能看到。取消勾选即可重新隐藏。</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <source>inquiring buyers</source>
        <translation>询单人数</translation>
    </message>
    <message>
        <source>conversion %</source>
        <translation>转化率 %</translation>
    </message>
</context>
<context>
    <name>DatabaseController</name>
    <message>
        <source>Opening the database…</source>
        <extracomment>the task kinds that use the shop&apos;s store (cancelled before it is replaced) the new store is in use: its DatabaseUrl (or None for the data folder&apos;s file) opening it failed: the exception (the old store is still in use)</extracomment>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
</context>
<context>
    <name>DatabaseSettingsTab</name>
    <message>
        <source>Off (disable)</source>
        <extracomment>libpq&apos;s sslmode, said in words (the value itself is what libpq gets)</extracomment>
        <translation>不加密</translation>
    </message>
    <message>
        <source>When the server offers it (prefer)</source>
        <translation>服务器支持时加密</translation>
    </message>
    <message>
        <source>Always, any certificate (require)</source>
        <translation>始终加密，不验证证书</translation>
    </message>
    <message>
        <source>Always, certificate and name checked (verify-full)</source>
        <translation>始终加密，并验证证书和服务器名称</translation>
    </message>
    <message>
        <source>History kept in</source>
        <extracomment>a connection test ended: (succeeded, the text shown)</extracomment>
        <translation>历史数据保存在</translation>
    </message>
    <message>
        <source>This PC&apos;s file</source>
        <translation>本机文件</translation>
    </message>
    <message>
        <source>PostgreSQL server (shared by the team)</source>
        <translation>PostgreSQL 服务器（团队共用）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>当前使用</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Encryption (TLS)</source>
        <translation>传输加密</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>e.g. db.example.local</source>
        <translation>例如 db.example.local</translation>
    </message>
    <message>
        <source>e.g. cs_history</source>
        <translation>例如 cs_history</translation>
    </message>
    <message>
        <source>only for Test connection</source>
        <translation>仅用于测试连接</translation>
    </message>
    <message>
        <source>The password is never saved. The app connects with the password in the PGPASSWORD environment variable or in the user&apos;s .pgpass file (pgpass.conf on Windows); the one typed here is used for the test only.</source>
        <translation>密码不会被保存。程序连接时使用环境变量 PGPASSWORD 或用户的 .pgpass 文件（Windows 上为 pgpass.conf）中的密码；这里输入的密码只用于测试连接。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Marked by (your name)</source>
        <translation>标记人（您的名字）</translation>
    </message>
    <message>
        <source>Handled marks, levels and accepted quality hits are saved under this name, so the team sees who marked what. Empty: the computer&apos;s user name.</source>
        <translation>“已处理”标记、会员等级和质检误报确认都以这个名字保存，团队成员可以看到是谁标记的。留空：使用电脑的登录用户名。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation>连接成功：%1</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Sheet: %1</source>
        <translation>工作表：%1</translation>
    </message>
    <message>
        <source>Row: %1</source>
        <translation>行：%1</translation>
    </message>
    <message>
        <source>Column: %1</source>
        <translation>列：%1</translation>
    </message>
    <message>
        <source>The workbook is password-protected</source>
        <translation>工作簿有密码保护</translation>
    </message>
    <message>
        <source>The file&apos;s format was not recognised</source>
        <translation>无法识别文件格式</translation>
    </message>
    <message>
        <source>Columns are missing</source>
        <translation>缺少必需的列</translation>
    </message>
    <message>
        <source>The file could not be read</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>How to fix: %1</source>
        <translation>解决方法：%1</translation>
    </message>
    <message>
        <source>The data on screen has not changed.</source>
        <translation>屏幕上的数据没有改变。</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>Export report</source>
        <extracomment>a report was written (its path) the report&apos;s language (the UI&apos;s) and whether contact details are masked now called with the results on the GUI thread before a report is written (the Appraisal page attaches what it shows, so the 绩效 sheets match the page)</extracomment>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The report could not be written.</source>
        <translation>无法写入报表。</translation>
    </message>
    <message>
        <source>Close the file if it is open in Excel or WPS, or choose another folder you can write to.</source>
        <translation>如果文件已在 Excel 或 WPS 中打开，请先关闭，或选择另一个可写入的文件夹。</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Report written: %1</source>
        <translation>报表已保存：%1</translation>
    </message>
</context>
<context>
    <name>FileKinds</name>
    <message>
        <source>a Word document</source>
        <extracomment>extension -&gt; what the file is</extracomment>
        <translation>Word 文档</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <extracomment>first bytes -&gt; what the file is (a renamed file keeps its content)</extracomment>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>a PowerPoint presentation</source>
        <translation>PowerPoint 演示文稿</translation>
    </message>
    <message>
        <source>a picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>a compressed archive</source>
        <translation>压缩包</translation>
    </message>
    <message>
        <source>a program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>a video</source>
        <translation>视频</translation>
    </message>
</context>
<context>
    <name>FrameTableModel</name>
    <message>
        <source>Agent</source>
        <extracomment>per column: every display string (built vectorised when a filter/export needs them all) per column: strings formatted one cell at a time for painting (None = not yet) per column: (key, missing) sort arrays, built on the first sort by that column permutation of all source rows in the current sort order source rows visible after the filter, in sort order; data() indexes through this per source row colour code (e.g. BAD for an overdue order); a column rule takes precedence</extracomment>
        <translation>客服</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>FrameTableView</name>
    <message>
        <source>Filter… (Ctrl+F)</source>
        <extracomment>a row was double-clicked: its source row in the frame given to set_frame a cell was double-clicked: (source row, column key) set_frame updated the rows shown in place (no modelReset): views redraw what reads their figures background export (created on first use); the open progress dialog / error box, if any extra actions views add to the context menu (e.g. &quot;Mark handled…&quot;)</extracomment>
        <translation>筛选…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy buyer ids</source>
        <translation>复制买家账号</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Exporting {n} rows to {path}…</source>
        <translation>正在导出 {n} 行到 {path}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}.</source>
        <translation>无法写入 {path}。</translation>
    </message>
    <message>
        <source>Close the file if it is open in Excel, or choose another folder you can write to.</source>
        <translation>如果文件已在 Excel 中打开，请先关闭，或选择另一个可写入的文件夹。</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>{shown} of {total} rows</source>
        <translation>{shown} / {total} 行</translation>
    </message>
</context>
<context>
    <name>GeneralSettingsPage</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Mask phone numbers, names and addresses (138****1234)</source>
        <translation>隐藏手机号、姓名和地址（138****1234）</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>Keep full contact details in the history (takes effect at the next start)</source>
        <translation>历史数据中保留完整联系方式（下次启动时生效）</translation>
    </message>
    <message>
        <source>Off: the history stores phone numbers and addresses shortened (138****1234). On: they are stored in full for later imports. The change takes effect the next time the app starts.</source>
        <translation>关闭：历史数据只保存打码后的手机号和地址（138****1234）。开启：之后导入的数据保存完整联系方式。更改在下次启动软件时生效。</translation>
    </message>
    <message>
        <source>Written before money amounts in the window and the Excel report. Amounts are shown as the exports give them: nothing is converted.</source>
        <translation>显示在窗口和 Excel 报表中金额的前面。金额按导出文件原样显示，不做任何换算。</translation>
    </message>
    <message>
        <source>Currency symbol</source>
        <translation>货币符号</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>Open exports</source>
        <extracomment>file types offered by the Open dialog the demo shop: days of made-up data and the first day (ends 2026-11-20, as the default sample) an import finished (the ImportBatch), before the recompute</extracomment>
        <translation>打开导出文件</translation>
    </message>
    <message>
        <source>Exports and chat logs (%1);;All files (*)</source>
        <translation>导出文件和聊天记录 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Imported earlier: %1</source>
        <translation>之前已导入：%1</translation>
    </message>
    <message>
        <source>This is %1, not a shop export or chat log.</source>
        <translation>这是%1，不是店铺导出文件或聊天记录。</translation>
    </message>
    <message>
        <source>Open the order export (CSV/XLSX) from the shop&apos;s back office or the chat log (TXT/CSV/XLSX).</source>
        <translation>请打开店铺后台导出的订单报表（CSV/XLSX）或聊天记录（TXT/CSV/XLSX）。</translation>
    </message>
    <message>
        <source>The file does not exist or cannot be opened.</source>
        <translation>文件不存在或无法打开。</translation>
    </message>
    <message>
        <source>Check that the file was not moved or renamed.</source>
        <translation>请检查文件是否已被移动或重命名。</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n file(s)…</source>
        <translation>
            <numerusform>正在读取 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <source>Already imported: nothing changed</source>
        <translation>已导入过：没有变化</translation>
    </message>
    <message>
        <source>Only a header row: the file has no data rows. Export it again with the dates that have orders or chats.</source>
        <translation>只有表头：文件中没有数据行。请选择有订单或聊天的日期重新导出。</translation>
    </message>
    <message>
        <source>Choose the columns in the mapping dialog</source>
        <translation>请在列映射对话框中指定各列</translation>
    </message>
    <message>
        <source>%1 row(s) skipped, %2 value(s) left empty: see Problems</source>
        <translation>跳过 %1 行，%2 个值留空：详见“问题”页</translation>
    </message>
    <message>
        <source>Check that this is an export from the shop&apos;s back office.</source>
        <translation>请确认这是从店铺后台导出的文件。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n file(s); computing…</source>
        <translation>
            <numerusform>已导入 %n 个文件；正在计算…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing new to import</source>
        <translation>没有需要导入的新数据</translation>
    </message>
    <message>
        <source>amounts shown with %1, the export&apos;s currency %2 (Settings ▸ General to change)</source>
        <translation>金额以 %1 显示，即导出文件的币种 %2（可在 设置 ▸ 常规 中修改）</translation>
    </message>
    <message>
        <source>the export&apos;s amounts are in %1; shown with %2 as set in Settings ▸ General</source>
        <translation>导出文件的金额币种为 %1；按 设置 ▸ 常规 中的选择以 %2 显示</translation>
    </message>
    <message>
        <source>the exports state several currencies (%1); amounts are not converted</source>
        <translation>导出文件有多种币种（%1）；金额不做换算</translation>
    </message>
    <message>
        <source>Import cancelled; the previous data is still shown</source>
        <translation>导入已取消；仍显示之前的数据</translation>
    </message>
    <message>
        <source>Not imported: its columns were not chosen. Problems ▸ Open again to choose them.</source>
        <translation>未导入：还没有选择列。可在 问题 ▸ 重新打开 中再选择列。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>all data</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>%1 agents, %2 orders (%3)</source>
        <translation>%1 名客服，%2 个订单（%3）</translation>
    </message>
    <message>
        <source>Demo shop (made-up data)</source>
        <translation>示例店铺（虚构数据）</translation>
    </message>
    <message>
        <source>Data on screen: %1 · stored days %2 – %3 · %4 file(s) imported</source>
        <translation>当前显示：%1 · 已保存的日期 %2 – %3 · 已导入 %4 个文件</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Customer-service performance workstation</source>
        <translation>客服绩效工作台</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Choose the columns — %1</source>
        <extracomment>rows shown in the preview distinct status words offered for mapping (the most frequent first) English words seen in ERP and Shopify-like exports</extracomment>
        <translation>指定列 — %1</translation>
    </message>
    <message>
        <source>This file&apos;s header row matches no known export. Tell the app what the file holds and which column holds each field. Fields marked * are required.</source>
        <translation>此文件的表头与任何已知的导出格式都不匹配。请说明文件的内容以及每个字段在哪一列。标有 * 的字段为必填。</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Order lines (items)</source>
        <translation>订单明细（宝贝）</translation>
    </message>
    <message>
        <source>Chat log</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>The file holds</source>
        <translation>文件内容</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Order status words</source>
        <translation>订单状态词</translation>
    </message>
    <message>
        <source>Remember for files with these headers</source>
        <translation>对相同表头的文件记住此设置</translation>
    </message>
    <message>
        <source>— not in this file —</source>
        <translation>— 文件中没有 —</translation>
    </message>
    <message>
        <source>— judge from the payment and shipping times —</source>
        <translation>— 根据付款和发货时间判断 —</translation>
    </message>
    <message>
        <source>Unpaid (待付款)</source>
        <translation>待付款</translation>
    </message>
    <message>
        <source>Paid, not shipped (待发货)</source>
        <translation>已付款，待发货</translation>
    </message>
    <message>
        <source>Shipped (已发货)</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Completed (交易成功)</source>
        <translation>交易成功</translation>
    </message>
    <message>
        <source>Closed or cancelled (交易关闭)</source>
        <translation>交易关闭 / 已取消</translation>
    </message>
    <message>
        <source>Choose a column for: %1</source>
        <translation>请为以下字段选择列：%1</translation>
    </message>
    <message>
        <source>A column is used for several fields: %1</source>
        <translation>同一列被用于多个字段：%1</translation>
    </message>
    <message>
        <source>Every required field has a column.</source>
        <translation>所有必填字段都已指定列。</translation>
    </message>
</context>
<context>
    <name>OrdersSettingsTab</name>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Fixed as-of time</source>
        <translation>固定统计截止时间</translation>
    </message>
    <message>
        <source>As of (default: newest time in the data)</source>
        <translation>统计截止时间（默认：数据中的最新时间）</translation>
    </message>
    <message>
        <source>Shipping promise (未发货 overdue after)</source>
        <translation>发货承诺（超过即为超时未发货）</translation>
    </message>
    <message>
        <source>Payment reminder (催付): new buyers after</source>
        <translation>新买家催付时间</translation>
    </message>
    <message>
        <source>Payment reminder (催付): returning buyers after</source>
        <translation>老买家催付时间</translation>
    </message>
    <message>
        <source>A payment reminder counts when an agent messaged within</source>
        <translation>下单后多久内客服联系算作催付</translation>
    </message>
    <message>
        <source>Unpaid orders close after</source>
        <translation>未付款订单自动关闭时间</translation>
    </message>
    <message>
        <source>By order time (下单判定)</source>
        <extracomment>绩效判定: shown on the Attribution tab (how a sale is credited to an agent)</extracomment>
        <translation>下单判定（按下单时间）</translation>
    </message>
    <message>
        <source>Order time, or paid after the chat (下单优先判定)</source>
        <translation>下单优先判定（下单时间，或聊天后付款）</translation>
    </message>
    <message>
        <source>By payment time (付款判定)</source>
        <translation>付款判定（按付款时间）</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Refund (退款)</source>
        <extracomment>the suggested remedies for an out-of-stock line (the seed&apos;s four actions)</extracomment>
        <translation>退款</translation>
    </message>
    <message>
        <source>Swap for another item (换货)</source>
        <translation>换货</translation>
    </message>
    <message>
        <source>Upgrade membership as apology (升级会员)</source>
        <translation>升级会员作为补偿</translation>
    </message>
    <message>
        <source>Offer a coupon (优惠券)</source>
        <translation>赠送优惠券</translation>
    </message>
    <message>
        <source>Who marked it handled, and when (F5 shows other supervisors&apos; marks)</source>
        <extracomment>who marked the row handled and when (ui/mark_stamps.py): on a shared store, any supervisor</extracomment>
        <translation>谁在什么时候标记为已处理（按 F5 可看到其他主管的标记）</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>已等待</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Older than the shipping promise (pre-sale: its own date)</source>
        <translation>超过发货承诺时间（预售订单按其自身日期）</translation>
    </message>
    <message>
        <source>Pre-sale</source>
        <translation>预售</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Marked by</source>
        <translation>标记人</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>宝贝</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>购买数量</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Suggested remedy</source>
        <translation>建议处理方式</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>发现方式</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Remind at</source>
        <translation>催付时间</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>应立即催付</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>returning</source>
        <extracomment>unpaid orders: a buyer with an earlier paid order is &quot;returning&quot; (reminded after 3 h, not 2 h)</extracomment>
        <translation>老客</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>inventory sheet</source>
        <translation>库存表</translation>
    </message>
    <message>
        <source>order status (缺货)</source>
        <translation>订单状态（缺货）</translation>
    </message>
    <message>
        <source>remark (缺货)</source>
        <translation>备注（缺货）</translation>
    </message>
    <message>
        <source>Mark handled</source>
        <extracomment>the user marked an order handled: (check, platform, order_id, note) frames as given by the results, with local handled marks applied the open &quot;Mark handled&quot; note dialog, if any the name new marks are made under, shown at once in &quot;Marked by&quot; (page_links.py sets it)</extracomment>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Note for {n} order(s) (what was done, e.g. 已联系买家换货):</source>
        <translation>{n} 个订单的处理备注（做了什么，例如 已联系买家换货）：</translation>
    </message>
    <message>
        <source>Unshipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Unpaid (催付)</source>
        <translation>未付款（催付）</translation>
    </message>
    <message>
        <source>Show handled</source>
        <translation>显示已处理</translation>
    </message>
    <message>
        <source>Copy buyer ids</source>
        <translation>复制买家账号</translation>
    </message>
    <message>
        <source>Mark handled…</source>
        <translation>标记为已处理…</translation>
    </message>
    <message>
        <source>As of {t}</source>
        <translation>截至 {t}</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <source>All days</source>
        <extracomment>card keys in display order (four per row) the user picked a day (None = all days); the main window may sync other views a card was clicked: its key (CARDS), e.g. &quot;unshipped_overdue&quot; -&gt; the main window can open the Orders page on that check (orders.OrdersView.show_check)</extracomment>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Shop overview</source>
        <translation>店铺总览</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>No data yet: import an order export and a chat log.</source>
        <translation>还没有数据：请导入订单导出文件和聊天记录。</translation>
    </message>
    <message>
        <source>Reading: platform (平台口径) — each wait capped at 600 s, unanswered counted as 600 s, 08:00–23:00 only, slow above 100 s.</source>
        <translation>口径：平台口径 — 每次等待最多计 600 秒，未回复按 600 秒计，只统计 08:00–23:00，超过 100 秒为慢响应。</translation>
    </message>
    <message>
        <source>Reading: default (默认口径) — calendar seconds, auto-replies never stop the clock, slow above {slow:g} s.</source>
        <translation>口径：默认口径 — 按自然时间（秒）计算，自动回复不算响应，超过 {slow:g} 秒为慢响应。</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>%1 vs. the day before</source>
        <translation>比前一天 %1</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>{n} paid orders</source>
        <translation>{n} 个已付款订单</translation>
    </message>
    <message>
        <source>Sales = paid amount of the paid orders = {sales} over {n} paid orders</source>
        <translation>销售额 = 已付款订单的实付金额 = {sales}，共 {n} 个已付款订单</translation>
    </message>
    <message>
        <source>Paying buyers</source>
        <translation>付款人数</translation>
    </message>
    <message>
        <source>Paying buyers = distinct buyers with a paid order = {n}</source>
        <translation>付款人数 = 有已付款订单的买家数（去重）= {n}</translation>
    </message>
    <message>
        <source>Average order value (客单价)</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>{sales} / {n} buyers</source>
        <translation>{sales} / {n} 位买家</translation>
    </message>
    <message>
        <source>AOV = paid amount / paying buyers = {sales} / {n} = {aov}</source>
        <translation>客单价 = 实付金额 / 付款人数 = {sales} / {n} = {aov}</translation>
    </message>
    <message>
        <source>Silent / inquiry sales</source>
        <translation>静默销售 / 询单销售</translation>
    </message>
    <message>
        <source>silent share {share}</source>
        <translation>静默占比 {share}</translation>
    </message>
    <message>
        <source>Shop sales = silent sales (buyers who consulted nobody) + inquiry sales = {silent} + {inquiry} = {total}</source>
        <translation>店铺销售额 = 静默销售额（未咨询任何客服的买家）+ 询单销售额 = {silent} + {inquiry} = {total}</translation>
    </message>
    <message>
        <source>Inquiry conversion (询单转化率)</source>
        <translation>询单转化率</translation>
    </message>
    <message>
        <source>{paid} / {inquiring} buyers</source>
        <translation>{paid} / {inquiring} 位买家</translation>
    </message>
    <message>
        <source>询单转化率 = 询单→最终付款人数 / 询单人数 = {paid} / {inquiring}; the shop counts each (day, buyer) once, however many agents served the buyer</source>
        <translation>询单转化率 = 询单→最终付款人数 / 询单人数 = {paid} / {inquiring}；全店每个（日期，买家）只计一次，无论几位客服接待过</translation>
    </message>
    <message>
        <source>First response (mean)</source>
        <translation>首次响应时间（平均）</translation>
    </message>
    <message>
        <source>median {median} · P90 {p90} · target {golden:g}/{reasonable:g} s</source>
        <translation>中位数 {median} · P90 {p90} · 目标 {golden:g}/{reasonable:g} s</translation>
    </message>
    <message>
        <source>First response = first human reply − first buyer message, mean over {n} conversations; auto-replies never stop the clock. Targets: {golden:g} s golden, ≤{reasonable:g} s reasonable, {limit:g} s limit.</source>
        <translation>首次响应时间 = 首次人工回复 − 买家首条消息，{n} 个会话的平均值；自动回复不算响应。目标：黄金 {golden:g} 秒，合理 ≤{reasonable:g} 秒，上限 {limit:g} 秒。</translation>
    </message>
    <message>
        <source>Average response</source>
        <translation>平均响应时间</translation>
    </message>
    <message>
        <source>median {median} · P90 {p90} · target ≤{target:g} s</source>
        <translation>中位数 {median} · P90 {p90} · 目标 ≤{target:g} s</translation>
    </message>
    <message>
        <source>Average response = mean over {n} answered buyer turns of (first human reply − first message of the turn). Target ≤{target:g} s.</source>
        <translation>平均响应时间 = {n} 个已回复买家回合的（首次人工回复 − 回合首条消息）的平均值。目标 ≤{target:g} 秒。</translation>
    </message>
    <message>
        <source>Unshipped overdue</source>
        <translation>超时未发货</translation>
    </message>
    <message>
        <source>of {n} unshipped</source>
        <translation>未发货共 {n} 单</translation>
    </message>
    <message>
        <source>Paid, not shipped, not closed, and older than the {h:g} h shipping promise (pre-sale orders use their own date), as of {as_of}: {overdue} of {n}</source>
        <translation>已付款、未发货、未关闭，且超过 {h:g} 小时发货承诺（预售订单按其自身日期），截至 {as_of}：{overdue} / {n}</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Paid, unshipped order lines left without stock after allocating the inventory by payment time (or flagged 缺货 when there is no inventory sheet): {n}</source>
        <translation>按付款时间分配库存后仍无货的已付款未发货订单明细（没有库存表时按标记为缺货的订单）：{n}</translation>
    </message>
    <message>
        <source>Unpaid, reminder due (催付)</source>
        <translation>待催付</translation>
    </message>
    <message>
        <source>Unpaid orders past the reminder time: {new:g} h after creation for new buyers, {ret:g} h for returning buyers: {n}</source>
        <translation>已超过催付时间的未付款订单：新买家下单后 {new:g} 小时，老买家 {ret:g} 小时：{n}</translation>
    </message>
    <message>
        <source>{n} handled</source>
        <translation>已处理 {n}</translation>
    </message>
</context>
<context>
    <name>PageIntents</name>
    <message>
        <source>Removing import %1…</source>
        <translation>正在移除导入 %1…</translation>
    </message>
    <message>
        <source>Import %1 removed; the figures are recalculated.</source>
        <translation>已移除导入 %1，正在重新计算指标。</translation>
    </message>
    <message>
        <source>Putting the import back…</source>
        <translation>正在恢复导入…</translation>
    </message>
    <message>
        <source>The removed import is back; the figures are recalculated.</source>
        <translation>已恢复移除的导入，正在重新计算指标。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Start</source>
        <extracomment>page keys used by the window&apos;s links between pages (Overview card -&gt; Orders, drill-down, ...) sidebar title, marked for translation with QT_TRANSLATE_NOOP(&quot;Pages&quot;, ...) construct as ``cls(state=app_state)`` (the page reads AppState beyond ``Results``) the pages in sidebar order; each opens with its key of ``page_shortcut`` (Ctrl+1 … Ctrl+9, Ctrl+0, Alt+1 …)</extracomment>
        <translation>开始</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>服务质检</translation>
    </message>
    <message>
        <source>Staffing</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>绩效考核</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <source>This view is not available in this build: %1</source>
        <translation>此版本中没有该视图：%1</translation>
    </message>
</context>
<context>
    <name>Platform</name>
    <message>
        <source>Taobao/Tmall</source>
        <extracomment>the native value of a cell (numbers, timestamps, text) for sorting and exports the row number in the frame given to ``set_frame`` (stable across sort and filter) the column key (frame column name) of a cell, for drill-downs that need to know the KPI values -&gt; int8 colour codes (GOOD/WARN/BAD/...) for the cell background extra text appended to the header tooltip (e.g. the KPI&apos;s formula)</extracomment>
        <translation>淘宝/天猫</translation>
    </message>
    <message>
        <source>JD</source>
        <translation>京东</translation>
    </message>
    <message>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <source>Shopify</source>
        <translation>Shopify</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ProblemsView</name>
    <message>
        <source>Imported</source>
        <extracomment>file statuses read, but a header row and no data rows (a warning: nothing to count) statuses of a file that was not imported and can be opened again from the list</extracomment>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Recognised</source>
        <translation>已识别</translation>
    </message>
    <message>
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>No data rows</source>
        <translation>无数据行</translation>
    </message>
    <message>
        <source>Files opened</source>
        <translation>已打开的文件</translation>
    </message>
    <message>
        <source>Open again…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Open the selected file again (one that was not imported), e.g. to choose its columns</source>
        <translation>重新打开所选文件（未导入的文件），例如再次选择它的列</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recognised as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <source>Rows skipped</source>
        <translation>跳过行数</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Rows skipped or values blanked: %1</source>
        <translation>跳过的行或清空的值：%1</translation>
    </message>
</context>
<context>
    <name>QualitySettings</name>
    <message>
        <source>Question words</source>
        <translation>问句词</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>问候语</translation>
    </message>
    <message>
        <source>Thanks and goodbye words</source>
        <translation>致谢道别语</translation>
    </message>
    <message>
        <source>Banned words</source>
        <translation>禁用语</translation>
    </message>
    <message>
        <source>Allowed phrases (not banned)</source>
        <translation>禁用语例外短语（不算违规）</translation>
    </message>
    <message>
        <source>Negation prefixes</source>
        <translation>否定前缀</translation>
    </message>
    <message>
        <source>Complaint words</source>
        <translation>投诉词</translation>
    </message>
    <message>
        <source>Apology words</source>
        <translation>致歉语</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>质检规则</translation>
    </message>
    <message>
        <source>Bare reply: at most this many characters</source>
        <translation>回复过简：最多字数</translation>
    </message>
    <message>
        <source>Lost inquiry: follow-up within (h)</source>
        <translation>询单流失：跟进时限（小时）</translation>
    </message>
</context>
<context>
    <name>QualitySettingsDialog</name>
    <message>
        <source>Quality settings</source>
        <translation>质检设置</translation>
    </message>
</context>
<context>
    <name>QualitySettingsEditor</name>
    <message>
        <source>“{entry}” in {label} ({setting}) is not a valid pattern: {reason}. Nothing was saved.</source>
        <translation>{label}（{setting}）中的“{entry}”不是有效的模式：{reason}。未保存任何更改。</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 字</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>One word or phrase per line. Words match as written, full-width and half-width alike; a line starting with re: is a regular expression. A banned or complaint word right after a negation prefix is not a hit (不是不知道).</source>
        <translation>每行一个词或短语。按字面匹配，全角半角视为相同；以 re: 开头的一行是正则表达式。紧跟在否定前缀之后的禁用语或投诉词不算违规（如“不是不知道”）。</translation>
    </message>
</context>
<context>
    <name>QualityView</name>
    <message>
        <source>Bare reply</source>
        <translation>回复过简</translation>
    </message>
    <message>
        <source>No greeting</source>
        <translation>未问候</translation>
    </message>
    <message>
        <source>No thanks or goodbye</source>
        <translation>未致谢道别</translation>
    </message>
    <message>
        <source>Banned words</source>
        <translation>禁用语</translation>
    </message>
    <message>
        <source>Question left unanswered</source>
        <translation>问题未回复</translation>
    </message>
    <message>
        <source>Complaint without apology</source>
        <translation>投诉未致歉</translation>
    </message>
    <message>
        <source>Lost inquiry not followed up</source>
        <translation>询单流失未跟进</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>检查会话</translation>
    </message>
    <message>
        <source>Clean</source>
        <translation>合格会话</translation>
    </message>
    <message>
        <source>Clean share</source>
        <translation>合格率</translation>
    </message>
    <message>
        <source>Hits per 100</source>
        <translation>每百会话问题数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Offending words</source>
        <translation>违规词</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已确认误报</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Coloured against the shop&apos;s rate: {0:.1f} per 100 conversations</source>
        <translation>按全店水平着色：每百会话 {0:.1f} 个</translation>
    </message>
    <message>
        <source>Shop: {0} conversations checked, {1} clean ({2}), {3} hits per 100 conversations.</source>
        <translation>全店：检查 {0} 个会话，合格 {1} 个（{2}），每百会话 {3} 个问题。</translation>
    </message>
    <message>
        <source>No results yet: import a chat log.</source>
        <translation>暂无结果：请导入聊天记录。</translation>
    </message>
    <message>
        <source>Not available: no chat log in this range, so no conversation can be checked.</source>
        <translation>不可用：所选范围内没有聊天记录，无法质检。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Accept hit</source>
        <translation>确认误报</translation>
    </message>
    <message>
        <source>Why is this not a problem? (note)</source>
        <translation>为什么这不算问题？（备注）</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Open conversation</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Accept (false positive)…</source>
        <translation>确认误报…</translation>
    </message>
</context>
<context>
    <name>RangeBar</name>
    <message>
        <source>Dates: </source>
        <extracomment>a custom date was typed (recompute after a pause: one change per key press)</extracomment>
        <translation>日期：</translation>
    </message>
    <message>
        <source>All data</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>Latest day</source>
        <translation>最近一天</translation>
    </message>
    <message>
        <source>Day before latest</source>
        <translation>最近一天的前一天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>&apos;Latest day&apos; is the newest day in the data, so an old export reads as it did that day</source>
        <translation>“最近一天”指数据中最新的一天，因此旧的导出文件会按当天的情况显示</translation>
    </message>
</context>
<context>
    <name>ResponseHistogram</name>
    <message>
        <source>seconds</source>
        <extracomment>the focused part (0–P99, at most FOCUS_MAX_S) spans more than this many medians: log axis by itself the bins end here at the latest (unless a target is further): longer waits go in the overflow bar target line colours: golden / reasonable / limit the user&apos;s choice of a log axis (None: chosen by itself from the waits)</extracomment>
        <translation>秒</translation>
    </message>
    <message>
        <source>turns</source>
        <translation>回合数</translation>
    </message>
    <message>
        <source>&gt; %1 s: %2 turns</source>
        <translation>&gt; %1 s：%2 次</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>P90</source>
        <translation>P90</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>log axis</source>
        <translation>对数轴</translation>
    </message>
</context>
<context>
    <name>SchemeEditor</name>
    <message>
        <source>Scheme name:</source>
        <extracomment>a valid scheme after an edit the edit is not a valid scheme: the message (in the window&apos;s language order)</extracomment>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>Items (KPI, weight, scoring rule)</source>
        <translation>考核项（指标、权重、计分规则）</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Better</source>
        <translation>越…越好</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加考核项</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除考核项</translation>
    </message>
    <message>
        <source>Bands of the selected item (the first band reached gives its points):</source>
        <translation>所选考核项的分档（达到的第一档给出其分数）：</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>门槛</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Add band</source>
        <translation>添加分档</translation>
    </message>
    <message>
        <source>Remove band</source>
        <translation>删除分档</translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation>扣分项</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>计数项</translation>
    </message>
    <message>
        <source>Points each</source>
        <translation>每次扣分</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>Add deduction</source>
        <translation>添加扣分项</translation>
    </message>
    <message>
        <source>Remove deduction</source>
        <translation>删除扣分项</translation>
    </message>
    <message>
        <source>Commission (提成)</source>
        <translation>提成</translation>
    </message>
    <message>
        <source>Base:</source>
        <translation>提成基数：</translation>
    </message>
    <message>
        <source>Tiers apply:</source>
        <translation>分档方式：</translation>
    </message>
    <message>
        <source>From amount</source>
        <translation>起始金额</translation>
    </message>
    <message>
        <source>Rate (0.015 = 1.5 %)</source>
        <translation>比例（0.015 = 1.5%）</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加档位</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除档位</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Minimum total</source>
        <translation>最低总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>客服销售额</translation>
    </message>
    <message>
        <source>Sales minus refunds</source>
        <translation>销售额减退款</translation>
    </message>
    <message>
        <source>Marginal: each rate on the part inside its tier</source>
        <translation>超额累进：各档比例只计该档内的部分</translation>
    </message>
    <message>
        <source>Whole: the highest tier&apos;s rate on the whole base</source>
        <translation>全额：达到的最高档比例乘以全部基数</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>higher</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <source>lower</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <source>bands</source>
        <translation>分档</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
</context>
<context>
    <name>SegmentChart</name>
    <message>
        <source>customers</source>
        <translation>客户数</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Quality (质检)</source>
        <translation>质检</translation>
    </message>
    <message>
        <source>Staffing</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>默认口径 — our reading (every turn, no cap)</source>
        <translation>默认口径 — 本软件口径（每个回合，不封顶）</translation>
    </message>
    <message>
        <source>平台口径 — platform reading (cap 600 s, unanswered = 600 s, 08–23 h, slow = 100 s)</source>
        <translation>平台口径 — 平台官方口径（封顶 600 秒，未回复计 600 秒，08–23 点，慢响应 100 秒）</translation>
    </message>
    <message>
        <source>Response-time reading</source>
        <translation>响应时间口径</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>New conversation after idle</source>
        <translation>空闲多久后算新会话</translation>
    </message>
    <message>
        <source>Also split conversations at midnight</source>
        <translation>跨零点时也拆分会话</translation>
    </message>
    <message>
        <source>Slow response (慢响应) above</source>
        <translation>慢响应阈值</translation>
    </message>
    <message>
        <source>First-response targets (golden / reasonable / limit)</source>
        <translation>首次响应目标（黄金 / 合理 / 上限）</translation>
    </message>
    <message>
        <source>Average response target</source>
        <translation>平均响应目标</translation>
    </message>
    <message>
        <source>Cap each turn at</source>
        <translation>每回合最多计</translation>
    </message>
    <message>
        <source>Response cap</source>
        <translation>响应时间封顶</translation>
    </message>
    <message>
        <source>Count an unanswered turn as the cap</source>
        <translation>未回复的回合按封顶值计</translation>
    </message>
    <message>
        <source>Only turns starting between</source>
        <translation>只统计开始于</translation>
    </message>
    <message>
        <source>h and</source>
        <translation>点至</translation>
    </message>
    <message>
        <source>h</source>
        <translation>点之间</translation>
    </message>
    <message>
        <source>Service hours</source>
        <translation>服务时段</translation>
    </message>
    <message>
        <source>One regular expression per line, e.g. 自动回复</source>
        <translation>每行一个正则表达式，例如 自动回复</translation>
    </message>
    <message>
        <source>Auto-reply patterns</source>
        <translation>自动回复识别规则</translation>
    </message>
    <message>
        <source>Robot sub-accounts</source>
        <translation>机器人子账号</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>With a schedule, a turn that starts outside it is measured from the next opening time. Leave every day unticked for no schedule.</source>
        <translation>设置排班后，在工作时间外开始的回合从下一个上班时间开始计时。全部不勾选表示不设排班。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>上班</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Attribution window</source>
        <translation>订单归属时间窗</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>3 days</source>
        <translation>3 天</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Last touch (the latest conversation before the order)</source>
        <translation>最后接待（下单前最近一次会话的客服）</translation>
    </message>
    <message>
        <source>First touch</source>
        <translation>首次接待</translation>
    </message>
    <message>
        <source>Equal split</source>
        <translation>平均分摊</translation>
    </message>
    <message>
        <source>Several agents qualify</source>
        <translation>多个客服符合条件时</translation>
    </message>
    <message>
        <source>Sales judgment (绩效判定)</source>
        <translation>绩效判定</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>订单归属</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>RFM look-back</source>
        <translation>RFM 回溯期</translation>
    </message>
    <message>
        <source>Cumulative paid amount</source>
        <translation>累计付款金额</translation>
    </message>
    <message>
        <source>Paid order count</source>
        <translation>付款订单数</translation>
    </message>
    <message>
        <source>Membership levels by</source>
        <translation>会员等级依据</translation>
    </message>
    <message>
        <source>Evaluation period</source>
        <translation>评估周期</translation>
    </message>
    <message>
        <source>Membership levels (会员等级), rising; the first threshold is 0</source>
        <translation>会员等级（从低到高；第一个门槛为 0）</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Add level</source>
        <translation>添加等级</translation>
    </message>
    <message>
        <source>Remove level</source>
        <translation>删除等级</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
</context>
<context>
    <name>StaffingSettingsTab</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Target: share of first responses within</source>
        <translation>目标：首次响应在以下时间内的比例</translation>
    </message>
    <message>
        <source>Set by hand (otherwise measured)</source>
        <translation>手动设置（否则按实测）</translation>
    </message>
    <message>
        <source>Chats an agent holds at once</source>
        <translation>每名客服同时接待的会话数</translation>
    </message>
    <message>
        <source>One shift per line, e.g. 09:00-18:00</source>
        <translation>每行一个班次，例如 09:00-18:00</translation>
    </message>
    <message>
        <source>Shift templates</source>
        <translation>班次模板</translation>
    </message>
</context>
<context>
    <name>StaffingView</name>
    <message>
        <source>not in the date range</source>
        <extracomment>set while hidden: the plan of the current needs is solved when the page is shown (or read)</extracomment>
        <translation>不在所选日期范围内</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>arrivals {0}/h · handle time {1} · needed {2} · on duty {3} · first response median {4}</source>
        <translation>进线 {0}/小时 · 处理时长 {1} · 需要 {2} 人 · 在岗 {3} 人 · 首响中位数 {4}</translation>
    </message>
    <message>
        <source>No chat log in this range: import chat logs or choose another range.</source>
        <translation>所选日期内没有聊天记录：请导入聊天记录或选择其他日期范围。</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>of first responses within</source>
        <translation>的首次响应在</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Chats per agent:</source>
        <translation>每人并发：</translation>
    </message>
    <message>
        <source>set by hand</source>
        <translation>手动设置</translation>
    </message>
    <message>
        <source>Shift plan: fewest agents per shift template, per weekday</source>
        <translation>班次计划：每个星期几各班次的最少人数</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时长（小时）</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>hour of day — red: short-staffed (needed − on duty &gt; 0), blue: over-staffed</source>
        <translation>小时 — 红色：人手不足（需要 − 在岗 &gt; 0），蓝色：人手富余</translation>
    </message>
    <message>
        <source>No shift template covers these hours that need agents: {0}. Add or widen a template in Settings ▸ Staffing.</source>
        <translation>以下时段需要客服，但没有班次覆盖：{0}。请在 设置 ▸ 排班 中添加或加长班次模板。</translation>
    </message>
    <message>
        <source>measured: mean {0}, P90 {1}</source>
        <translation>实测：平均 {0}，P90 {1}</translation>
    </message>
    <message>
        <source>{0} short-staffed hours, {1} over-staffed hours a week ({2} – {3}).</source>
        <translation>每周 {0} 个小时人手不足，{1} 个小时人手富余（{2} – {3}）。</translation>
    </message>
    <message>
        <source>Most short: {0}.</source>
        <translation>缺口最大：{0}。</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Customer-service performance workstation</source>
        <extracomment>a recent file was activated (double-click / Enter) step 3: &quot;See the scorecard&quot; what the window currently holds (a returning user sees it at once) the three steps of a first start: orders, chats, scorecard</extracomment>
        <translation>客服绩效工作台</translation>
    </message>
    <message>
        <source>Open your shop&apos;s order export (Taobao/Tmall, JD, Pinduoduo, Douyin, Shopify), the chat log and, if you have one, the inventory sheet. Everything stays on this computer.</source>
        <translation>打开店铺的订单导出文件（淘宝/天猫、京东、拼多多、抖音、Shopify）、聊天记录，以及库存表（如有）。所有数据都只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Open the order export from your shop&apos;s back office (CSV or XLSX).</source>
        <translation>打开店铺后台导出的订单报表（CSV 或 XLSX）。</translation>
    </message>
    <message>
        <source>Open the chat log (Qianniu/Wangwang text, or CSV/XLSX) — the same days.</source>
        <translation>打开同一时段的聊天记录（千牛/旺旺文本，或 CSV/XLSX）。</translation>
    </message>
    <message>
        <source>See the scorecard: each agent&apos;s conversion, order value and response times.</source>
        <translation>查看客服绩效表：每位客服的询单转化率、客单价和响应时间。</translation>
    </message>
    <message>
        <source>See the scorecard</source>
        <translation>查看客服绩效</translation>
    </message>
    <message>
        <source>Open files…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open the demo shop</source>
        <translation>打开示例店铺</translation>
    </message>
    <message>
        <source>Drop order exports, chat logs or inventory sheets here (CSV, XLSX, TXT)</source>
        <translation>将订单导出、聊天记录或库存表拖放到这里（CSV、XLSX、TXT）</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近打开的文件</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Platform reading (平台口径)</source>
        <translation>平台口径</translation>
    </message>
    <message>
        <source>Default reading (默认口径)</source>
        <translation>默认口径</translation>
    </message>
    <message>
        <source>As of %1 · %2</source>
        <translation>截至 %1 · %2</translation>
    </message>
</context>
<context>
    <name>TrafficHeatmap</name>
    <message>
        <source>Mon</source>
        <extracomment>translation context of the weekday names (runtime lookup; the NOOPs below mark them for lupdate)</extracomment>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>hour of day</source>
        <translation>小时</translation>
    </message>
</context>
<context>
    <name>TrendsView</name>
    <message>
        <source>Inquiry conversion rate (%)</source>
        <translation>询单转化率（%）</translation>
    </message>
    <message>
        <source>Average order value (¥)</source>
        <translation>客单价（¥）</translation>
    </message>
    <message>
        <source>Response times (s)</source>
        <translation>响应时间（秒）</translation>
    </message>
    <message>
        <source>Refund rate (%)</source>
        <translation>退款率（%）</translation>
    </message>
    <message>
        <source>conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>AOV</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>first response, mean</source>
        <translation>首次响应，平均</translation>
    </message>
    <message>
        <source>first response, median</source>
        <translation>首次响应，中位数</translation>
    </message>
    <message>
        <source>average response, mean</source>
        <translation>平均响应，平均</translation>
    </message>
    <message>
        <source>average response, median</source>
        <translation>平均响应，中位数</translation>
    </message>
    <message>
        <source>refund rate</source>
        <translation>退款率</translation>
    </message>
    <message>
        <source>Conversion rate</source>
        <translation>询单转化率</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Inquiring buyers</source>
        <translation>询单人数</translation>
    </message>
    <message>
        <source>First response, mean (s)</source>
        <translation>首次响应，平均（秒）</translation>
    </message>
    <message>
        <source>Average response, mean (s)</source>
        <translation>平均响应，平均（秒）</translation>
    </message>
    <message>
        <source>Refund rate</source>
        <translation>退款率</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>上周</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Relative change</source>
        <translation>变化率</translation>
    </message>
    <message>
        <source>Whole shop</source>
        <extracomment>the AppState whose precomputed trends are shown (None: computed from the results here)</extracomment>
        <translation>全店</translation>
    </message>
    <message>
        <source>This week against the previous week: no data</source>
        <translation>本周与上周对比：没有数据</translation>
    </message>
    <message>
        <source>This week {0} – {1} against the previous week {2} – {3}</source>
        <translation>本周 {0} – {1} 与上周 {2} – {3} 对比</translation>
    </message>
    <message>
        <source>This week against the previous week</source>
        <translation>本周与上周对比</translation>
    </message>
    <message>
        <source>Too few to compare as a percentage: {0} this week and {1} the week before (at least {2} in each week)</source>
        <translation>基数太小，不计算变化率：本周 {0}，上周 {1}（每周至少 {2}）</translation>
    </message>
    <message>
        <source>No percentage: the previous week&apos;s value is zero or missing</source>
        <translation>无变化率：上周的数值为零或没有数据</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>客服：</translation>
    </message>
    <message>
        <source>No trends yet: import exports of several days to see them</source>
        <translation>还没有趋势：导入多天的导出文件后即可查看</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 个百分点</translation>
    </message>
</context>
<context>
    <name>WhatIf</name>
    <message>
        <source>Open exports or the demo shop first: there are no figures yet.</source>
        <translation>请先打开导出文件或示例店铺：目前还没有数据。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Saved as your settings.</source>
        <translation>已保存为设置。</translation>
    </message>
    <message>
        <source>Figures updated %1 ms after the last change.</source>
        <translation>最后一次调整后 %1 毫秒，数据已更新。</translation>
    </message>
    <message>
        <source>Move the thresholds and see the figures change (%1)</source>
        <translation>调整阈值，即时查看数据变化（%1）</translation>
    </message>
</context>
<context>
    <name>WhatIfPanel</name>
    <message>
        <source>What if: the figures on every page use the values below, not your saved settings. Apply saves them; Reset to saved goes back.</source>
        <translation>假设分析：各页面的数据使用下面的数值，而不是已保存的设置。点「保存为设置」保存；点「恢复已保存」返回。</translation>
    </message>
    <message>
        <source>The figures use your saved settings. Move a value to see what it changes; nothing is saved until you press Apply.</source>
        <translation>数据使用已保存的设置。调整任一数值即可查看影响；点「保存为设置」之前不会保存任何改动。</translation>
    </message>
    <message>
        <source>What if</source>
        <translation>假设分析</translation>
    </message>
    <message>
        <source>Slow reply after</source>
        <translation>慢响应阈值</translation>
    </message>
    <message>
        <source>Average response target</source>
        <translation>平均响应目标</translation>
    </message>
    <message>
        <source>New conversation after idle</source>
        <translation>空闲多久后算新会话</translation>
    </message>
    <message>
        <source>Attribution window</source>
        <translation>订单归属时间窗</translation>
    </message>
    <message>
        <source>Payment reminder credited within</source>
        <translation>催付计入时限</translation>
    </message>
    <message>
        <source>Remind new buyers after</source>
        <translation>新客催付时间</translation>
    </message>
    <message>
        <source>Remind returning buyers after</source>
        <translation>老客催付时间</translation>
    </message>
    <message>
        <source>Unpaid order closes after</source>
        <translation>未付款订单关闭时间</translation>
    </message>
    <message>
        <source>Ship within</source>
        <translation>发货承诺时限</translation>
    </message>
    <message>
        <source>Bare reply: at most</source>
        <translation>敷衍回复字数上限</translation>
    </message>
    <message>
        <source>Lost inquiry: follow-up within</source>
        <translation>询单流失跟进时限</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 字</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Reset to saved</source>
        <translation>恢复已保存</translation>
    </message>
    <message>
        <source>Show the figures of your saved settings again</source>
        <translation>重新显示已保存设置下的数据</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>保存为设置</translation>
    </message>
    <message>
        <source>Save these values as your settings</source>
        <translation>将这些数值保存为设置</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近打开的文件</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open order exports, chat logs or inventory sheets (Ctrl+O)</source>
        <translation>打开订单导出、聊天记录或库存表（Ctrl+O）</translation>
    </message>
    <message>
        <source>Demo shop</source>
        <translation>示例店铺</translation>
    </message>
    <message>
        <source>Generate and open a sample shop with made-up data</source>
        <translation>生成并打开一个使用虚构数据的示例店铺</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报表…</translation>
    </message>
    <message>
        <source>Write the daily Excel report (Ctrl+E)</source>
        <translation>生成每日 Excel 报表（Ctrl+E）</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Recompute every figure from the stored data (F5)</source>
        <translation>根据已保存的数据重新计算所有数字（F5）</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>Open the crash log folder</source>
        <translation>打开错误日志文件夹</translation>
    </message>
</context>
<context>
    <name>WindowDatabase</name>
    <message>
        <source>Demo shop&apos;s own file</source>
        <translation>示例店铺的文件</translation>
    </message>
    <message>
        <source>This PC&apos;s file</source>
        <translation>本机文件</translation>
    </message>
    <message>
        <source>%1 (not open)</source>
        <translation>%1（未打开）</translation>
    </message>
    <message>
        <source>History store: %1</source>
        <translation>历史数据库：%1</translation>
    </message>
    <message>
        <source>The database was not changed; the figures shown are from %1.</source>
        <translation>数据库未更改；显示的数据来自%1。</translation>
    </message>
</context>
<context>
    <name>WorkspaceController</name>
    <message>
        <source>New empty shop workspace</source>
        <extracomment>the settings key of the workspace shown (its folder; &quot;&quot; = the app&apos;s data folder) the recent list, in the app&apos;s data folder another workspace is shown (its folder) the recent list changed (folders, newest first)</extracomment>
        <translation>新建空白工作区</translation>
    </message>
    <message>
        <source>Switch workspace</source>
        <translation>切换工作区</translation>
    </message>
    <message>
        <source>Opening the workspace…</source>
        <translation>正在打开工作区…</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>工作区：%1</translation>
    </message>
    <message>
        <source>Switching the workspace was cancelled; the workspace shown stays.</source>
        <translation>已取消切换工作区；仍显示当前工作区。</translation>
    </message>
</context>
<context>
    <name>WorkspaceMenu</name>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>New empty shop workspace…</source>
        <translation>新建空白工作区…</translation>
    </message>
    <message>
        <source>Start an empty history in a folder of its own (another shop, another client); the current one is kept as it is</source>
        <translation>在单独的文件夹中新建一个空的历史数据库（另一家店铺、另一个客户）；当前工作区保持不变</translation>
    </message>
    <message>
        <source>Switch workspace…</source>
        <translation>切换工作区…</translation>
    </message>
    <message>
        <source>Open the history of another workspace folder</source>
        <translation>打开另一个工作区文件夹中的历史数据</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>最近的工作区</translation>
    </message>
</context>
</TS>
