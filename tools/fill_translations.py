"""Fill the zh_CN translations into a .ts file written by pyside6-lupdate.

lupdate extracts the source strings from the code; this table holds their Chinese,
so `make translations` regenerates .ts and .qm without hand-editing XML. Qt Linguist
(`pyside6-linguist`) edits the same file for anyone who prefers it.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

ZH_CN = {
    # frame times (issue 24): the map shown while the points load; the density's legend
    "opening the console…": "正在打开指挥台…",
    "Open incidents / km²": "在办事件/平方公里",
    "Sensors / km²": "传感器/平方公里",
    # the wall (issue 23): who can see a place, coverage, video tiles
    "Choose a camera on the map first": "请先在地图上选择一个摄像头", "Computing camera coverage…": "正在计算视频覆盖…",
    "Cameras see %1 % of the district's public space; %2 busy grids are blind spots":
        "摄像头覆盖全区公共空间的 %1 %；%2 个事件多发网格为盲区",
    "Cameras that see the chosen incident or a point (Ctrl+Shift+C)": "能看到所选事件或地点的摄像头 (Ctrl+Shift+C)",
    "Camera coverage and blind spots (Ctrl+Shift+O)": "视频覆盖与盲区 (Ctrl+Shift+O)",
    "Pin the chosen camera to the camera wall (Ctrl+Shift+T)": "将所选摄像头上墙 (Ctrl+Shift+T)",
    "Public space seen: %1–%2 %": "公共空间可见：%1–%2 %", "Blind spot: busy with incidents, under 15 % seen":
        "盲区：事件多发、可见不足 15 %", "Video stream": "视频流", "Camera coverage": "视频覆盖",
    "No video stream recorded for this camera": "该摄像头未登记视频流",
    "Stream address not played (file, RTSP or HTTP only)": "不播放该地址（仅限文件、RTSP 或 HTTP）",
    "Connecting…": "正在连接…", "Live": "实时", "Stream lost: trying again": "视频中断：正在重连", "%1 m": "%1 米",
    # analysis (issue 21)
    "Rank": "排名", "Unit": "单位", "Within": "所属", "Index": "指数", "Rank change": "名次变化",
    "%1 units · weights from %2": "%1 个单位 · 权重取自 %2", "Since": "起始", "Window": "时间窗",
    "Expected": "期望值", "Times": "倍数", "Strength": "显著度", "%1 h": "%1 小时",
    "%1 incidents, %2 readings, %3 alarms, %4 cameras, %5 grids": "%1 起事件，%2 条读数，%3 个告警，%4 个摄像头，%5 个网格",
    "Distance (m)": "距离（米）", "First": "首次", "Last": "最近", "Peak": "峰值", "Readings": "读数",
    "Name": "名称", "Open hours": "在办时长（小时）", "× mean": "× 平均",
    "%1: %2 grids, %3 incidents; busiest %4× the mean, %5 grids over 1.5×":
        "%1：%2 个网格，%3 起事件；最繁忙网格为平均的 %4 倍，%5 个网格超过 1.5 倍",
    "Click the place to ask about": "请点击要查询的地点", "Computing the index…": "正在计算指数…",
    "Computing Gi* hotspots…": "正在计算 Gi* 热点…", "Plan version %1 · %2": "方案版本 %1 · %2",
    "Active plan": "现行方案", "Plan version %1": "方案版本 %1", "Analysis": "分析",
    "Who and what was here… (space-time query)": "时空查询：何时何地有何人何事…",
    "District hierarchy": "辖区层级", "Governance index": "社会治理指数", "Hotspots and early warning": "热点与预警",
    "Replay and plan comparison": "回放与方案比较", "Space-time query": "时空查询", "Replay": "回放",
    "Index of %1, month by month (0–100, higher is better)": "%1 的逐月指数（0–100，越高越好）",
    "Export the ranking": "导出排名", "Governance index · %1 · %2": "社会治理指数 · %1 · %2",
    "Streets": "街道", "Communities": "社区", "Export CSV…": "导出 CSV…", "Export HTML…": "导出 HTML…",
    "Incidents, 30 days": "近30天事件", "Open": "在办", "Overdue": "超期", "Alarms": "告警",
    "On time, 30 days": "近30天按期办结", "Choose a street, community or grid: the map zooms there and the incident "
    "list follows it.": "选择街道、社区或网格：地图缩放到该处，事件列表随之筛选。",
    "Hot spot, 99 % confidence": "热点，置信度 99 %", "Hot spot, 95 %": "热点，95 %", "Hot spot, 90 %": "热点，90 %",
    "Cold spot, 90 %": "冷点，90 %", "Cold spot, 95 %": "冷点，95 %", "Cold spot, 99 % confidence": "冷点，置信度 99 %",
    "Early warning: incidents above the grid's baseline": "预警：事件高于该网格基线",
    "all categories": "全部类别",
    "%1: %2 incidents; %3 grids hot, %4 cold at 95 % confidence (Gi*, %5 permutations)":
        "%1：%2 起事件；在 95 % 置信度下 %3 个网格为热点，%4 个为冷点（Gi*，%5 次置换）",
    "Early warnings (%1)": "预警（%1）", "Early warnings: no grid is above its baseline": "预警：没有网格高于其基线",
    "Last %1 days": "近 %1 天", "Find hotspots": "分析热点", "Clear map": "清除图层", "Check now": "立即检查",
    "A warning: a grid's incidents in the last 3 to 24 hours are above its share of the district's, beyond chance "
    "(binomial test, at most one false warning in a hundred days across the district).":
        "预警：某网格近 3 至 24 小时的事件超出其在全区中应占的份额，且非偶然（二项检验，全区平均每一百天误报不超过一次）。",
    "Within: %1": "范围：%1", "Hotspots (Gi*)": "热点（Gi*）",
    "Population per community": "各社区人口", "Population per street": "各街道人口",
    "Open incidents per community": "各社区在办事件", "Open incidents per street": "各街道在办事件",
    "per grid": "按网格", "per community": "按社区", "per street": "按街道",
    "Query place": "查询范围", "Incident found": "查到的事件", "Sensor with readings": "有读数的传感器",
    "Camera view covering the place": "覆盖该处的摄像头视野", "Drawn area around %1, %2": "绘制区域（中心 %1, %2）",
    "Not chosen: pick a point or draw an area on the map": "未选择：请在地图上点选一点或绘制区域",
    "Choose a place first: pick a point or draw an area on the map": "请先选择地点：在地图上点选一点或绘制区域",
    "Export the answer": "导出查询结果", "GeoJSON (*.geojson);;CSV (*.csv);;JSON (*.json)":
        "GeoJSON (*.geojson);;CSV (*.csv);;JSON (*.json)",
    "Grid workers": "网格员", "Place": "地点", "Radius (m)": "半径（米）", "From": "起", "To": "止",
    "Pick a point on the map": "在地图上点选", "Draw an area": "绘制区域", "Ask": "查询",
    "Replayed incident": "回放事件", "Reported in the last replayed hour": "回放中最近一小时上报",
    "%1 incidents in the period": "该时段共 %1 起事件", "%1 · %2 incidents so far · ×%3": "%1 · 已回放 %2 起 · ×%3",
    "No saved plan versions to compare with": "没有可比较的已保存方案版本", "Pause": "暂停", "Play": "播放",
    "×%1 (an hour in %2)": "×%1（%2 回放一小时）", "%1 s": "%1 秒", "Speed": "速度", "Close replay": "结束回放",
    "Compare with the active plan": "与现行方案比较", "One grid per community": "每个社区一个网格",
    # ReCom proposals (issue 22)
    "Propose balanced redraw…": "生成均衡划分方案…", "Not saved: %1": "未保存：%1",
    "Saved as draft version %1 (%2 coverage problems); open Plan versions to compare or activate it":
        "已保存为草稿版本 %1（%2 处覆盖问题）；可在“方案版本”中比较或生效",
    "%1 %2 (%3 grids)": "%1 %2（%3 个网格）", "Looking for balanced plans…": "正在寻找均衡方案…",
    "No proposal: %1": "没有方案：%1",
    "The plan in force is worse balanced than %1 % of the %2 plans the chain visited.":
        "现行方案的均衡程度差于链所访问的 %2 个方案中的 %1 %。",
    "Street or community": "街道或社区", "Plan in force": "现行方案", "Plan being edited": "编辑中的方案", "Proposal %1": "方案 %1", "Propose a balanced redraw": "生成均衡划分方案",
    "Workload within ± of the fair share": "工作量相对均衡值的允许偏差 ±", "Keep community boundaries": "保持社区边界",
    "Proposals": "方案数量", "Chain steps per community": "每个社区的链步数",
    "Red: more than 20 % over the fair share · blue: more than 20 % under · grey: within":
        "红色：超出均衡值 20% 以上 · 蓝色：低于均衡值 20% 以上 · 灰色：在范围内",
    "Propose": "生成方案", "Take into a draft version": "存为草稿版本", "Worst deviation": "最大偏差",
    "Mean compactness": "平均紧凑度", "Cut edges": "切割边数",
    # plan activation (issue 22)
    "Not made active.": "未设为生效。", "Make this plan active?": "将此方案设为生效？",
    "Plan version %1 is now active": "方案版本 %1 已生效", "open incidents": "未办结事件", "sensors": "传感器",
    "cameras": "摄像头", "Making version %1 active moves:": "使版本 %1 生效将移动：",
    "grid workers with another grid: %1": "更换网格的网格员：%1", "grids added: %1 · retired: %2": "新增网格：%1 · 撤销网格：%2",
    "largest deviation from the fair share after: %1 %": "生效后相对均衡负荷的最大偏差：%1 %",
    "grid · workload before → after (fair share 1.00)": "网格 · 工作量 生效前 → 生效后（均衡值 1.00）",
    "grid worker changes:": "网格员变动：",
    # geodata.messages (context "Messages")
    "no grid has a vertex at ({x}, {y})": "({x}, {y}) 处没有网格顶点",
    "grids {a} and {b} share no boundary": "网格 {a} 与 {b} 没有共同边界",
    "no grid boundary within reach: click on a boundary to add a vertex": "附近没有网格边界：请点击边界以添加顶点",
    "there is already a vertex there": "该处已有顶点", "the edit would break the grid: {why}": "此编辑会破坏网格：{why}",
    "that grid no longer exists": "该网格已不存在",
    "the line must cross grid {grid} from boundary to boundary": "分割线必须从边界到边界穿过网格 {grid}",
    "select at least two grids to merge": "请至少选择两个网格进行合并", "a selected grid no longer exists": "所选网格已不存在",
    "the selected grids are not all adjacent: merging them would make a multi-part grid":
        "所选网格并不全部相邻：合并后将成为多部分网格",
    "the drawn area covers no grid": "所画区域未覆盖任何网格",
    "draw the area so that it reaches into the neighbouring grid that should receive it": "所画区域须伸入接收它的相邻网格",
    "the drawn area does not cover any of grid {grid}": "所画区域未覆盖网格 {grid} 的任何部分",
    "the block must share a boundary with grid {grid}": "该区块必须与网格 {grid} 有共同边界",
    "that would give away all of grid {grid}: merge the grids instead": "这会划走网格 {grid} 的全部：请改为合并网格",
    "Shift+drag on a boundary between two grids to move it": "在两个网格之间的边界上按住 Shift 拖动以移动它",
    "draw at least {n} points": "请至少画 {n} 个点", "the line crosses no grid": "该线未穿过任何网格",
    "running": "运行中", "watching {folder}": "正在监视 {folder}", "connecting": "正在连接", "connected": "已连接",
    "retrying in {seconds} s ({why})": "{seconds} 秒后重试（{why}）",
    "disconnected ({why}); retrying in {seconds} s": "连接已断开（{why}）；{seconds} 秒后重试",
    # alarms (issue 20)
    "Alarms not acknowledged: %1": "报警未能确认：%1", "Severity-4 incident %1: %2": "4 级事件 %1：%2",
    "Sensor %1 in alarm: %2": "传感器 %1 报警：%2", "Acknowledge alarms (Ctrl+K)": "确认报警 (Ctrl+K)",
    "Mute alarm sound (Ctrl+M)": "报警静音 (Ctrl+M)", "Acknowledge (Ctrl+K)": "确认 (Ctrl+K)",
    "Mute (Ctrl+M)": "静音 (Ctrl+M)", "No sound": "无声音", " (+%1 more)": "（另有 %1 条）",
    "⚠ %1 unacknowledged alarms": "⚠ %1 条报警未确认", "Acknowledge them all (Ctrl+K)": "全部确认 (Ctrl+K)",
    "No unacknowledged alarms": "没有未确认的报警", "Alarms acknowledged by %1 at %2": "报警已由 %1 于 %2 确认",
    "Cameras together (count)": "摄像头聚合（数量）",
    # one clock
    "CST": "北京时间", "%1 CST": "北京时间 %1", "%1 (CST)": "%1（北京时间）", "Saved": "保存时间",
    # go to grid, help
    "No grid matches “%1”": "没有与“%1”匹配的网格",
    "%2 grids match “%1”: type more of the code or the name": "有 %2 个网格与“%1”匹配：请输入更完整的编号或名称",
    "Go to grid: code or name (Ctrl+G)": "定位网格：编号或名称 (Ctrl+G)",
    "Find a grid by its code or name and show it": "按编号或名称查找网格并显示",
    "Go to grid": "定位网格", "Keys": "按键", "What it does": "功能", "Keyboard shortcuts": "键盘快捷键",
    "GridTwin %1 — grid governance command console": "GridTwin %1 — 网格化治理指挥台",
    "District: %1 (%2 grids)": "辖区：%1（%2 个网格）", "Data: %1": "数据：%1",
    "Every time is shown in China Standard Time (UTC+8, Asia/Shanghai).": "所有时间均为北京时间（UTC+8，Asia/Shanghai）。",
    "Qt %1, PySide6 %2": "Qt %1，PySide6 %2", "About GridTwin": "关于 GridTwin", "Help": "帮助",
    "Keyboard shortcuts (F1)": "键盘快捷键 (F1)",
    # command-log kinds and roles
    "Declared": "宣布", "Order": "指令", "Report": "报告", "Stand-down": "解除", "Administrator": "管理员",
    "Duty officer": "值班员", "Dispatcher": "调度员", "Planner": "规划员", "Viewer": "只读用户",
    "Plan versions (read-only)": "方案版本（只读）",
    "Read-only outside boundary editing: start editing (Ctrl+E) to make a version active":
        "非边界编辑状态下为只读：开始编辑 (Ctrl+E) 后才能使版本生效",
    "Past incidents": "历史事件", "Compactness (Polsby–Popper)": "紧凑度 (Polsby–Popper)",
    "Workload (fair share = 1)": "工作量（均衡值 = 1）",
    # loading
    "GridTwin — loading %1": "GridTwin — 正在加载 %1",
    # grid planning
    "Boundary editing": "边界编辑", "Coverage problem (gap, overlap, sliver)": "覆盖问题（缝隙、重叠、碎片）",
    "Boundary that does not match": "不吻合的边界", "Worst-balanced grids": "负荷最失衡的网格",
    "Grids chosen for merging": "待合并网格", "Gap": "缝隙", "Overlap": "重叠", "Sliver": "碎片",
    "Outside the district": "超出辖区", "Invalid shape": "无效形状", "Several parts": "多部分网格",
    "Unmatched boundary": "边界不吻合",
    "Coverage valid: no gaps, overlaps or slivers.": "覆盖有效：无缝隙、无重叠、无碎片。",
    "%1 coverage problem(s): the plan can only be saved as a draft.": "%1 处覆盖问题：方案只能保存为草稿。",
    "Edited grid": "已编辑网格", "Workload": "工作量", "Worst-balanced grid": "最失衡网格", "Deviation": "偏差",
    "Deviation from fair share": "相对均衡负荷的偏差",
    "Fair share per grid worker = 1.00 · %1 of %2 grids within ±20 % · worst %3":
        "每名网格员均衡负荷 = 1.00 · %2 个网格中 %1 个在 ±20% 以内 · 最大偏差 %3",
    "Save plan as a new version": "将方案保存为新版本", "What changed and why": "改了什么、为什么改",
    "Make this the active plan": "设为生效方案", "Coverage valid.": "覆盖有效。",
    "%1 coverage problem(s): this version will be a draft.": "%1 处覆盖问题：此版本将保存为草稿。",
    "Note": "说明", "Plan versions": "方案版本", "Make active": "设为生效", "Compare two": "比较两个版本",
    "Export GeoJSON…": "导出 GeoJSON…", "Version": "版本", "Saved (UTC)": "保存时间 (UTC)", "Author": "作者",
    "State": "状态", "active": "生效中", "draft (%1 problems)": "草稿（%1 处问题）", "valid": "有效",
    "Select one version to make active.": "请选择一个要生效的版本。",
    "Version %1 is now the active plan.": "版本 %1 已成为生效方案。",
    "Select two versions to compare.": "请选择两个要比较的版本。", "Change": "变化", "Area km²": "面积 km²",
    "%1 grid(s) differ between version %2 and %3.": "版本 %2 与 %3 之间有 %1 个网格不同。",
    "Select one version to export.": "请选择一个要导出的版本。", "Export plan": "导出方案",
    "Export failed": "导出失败", "Exported to %1": "已导出到 %1",
    "Move vertex": "移动节点", "Move shared boundary": "移动公共边界", "Add vertex": "添加节点",
    "Remove vertex": "删除节点", "Split grid": "拆分网格", "Merge grids": "合并网格", "Reassign area": "划转区域",
    "Plan": "规划", "Edit grid boundaries (Ctrl+E)": "编辑网格边界 (Ctrl+E)", "Vertices (V)": "节点 (V)",
    "Split grid (X)": "拆分网格 (X)", "Reassign area (R)": "划转区域 (R)", "Merge chosen grids (M)": "合并所选网格 (M)",
    "Save plan…": "保存方案…", "Plan versions…": "方案版本…", "Undo (Ctrl+Z)": "撤销 (Ctrl+Z)",
    "Redo (Ctrl+Shift+Z)": "重做 (Ctrl+Shift+Z)", "Coverage check": "覆盖检查", "Workload balance": "工作量均衡",
    "vertex": "节点", "boundary": "边界", "road": "道路", "river": "河流",
    "Only planners can edit grid boundaries": "只有规划人员可以编辑网格边界",
    "Boundary editing is off in emergency mode": "应急模式下不能编辑边界",
    "Saved plan version %1": "已保存方案版本 %1", " (active)": "（生效）", " (draft)": "（草稿）",
    "Plan not saved": "方案未保存",
    # map layers and legend
    "Water": "水系", "Trunk road": "快速路", "Arterial road": "主干道", "View cone (zoomed in)": "视域（放大后显示）",
    "Street boundary": "街道界线", "Community boundary": "社区界线", "Grid boundary": "网格界线",
    "Risk site": "风险点",
    # incident list
    "Open incidents only": "仅显示未办结事件", "%1 of %2 incidents": "显示 %1 / 共 %2 件事件",
    "Time": "时间", "Sev.": "等级", "Category": "类别", "Status": "状态", "Grid": "网格",
    # inspector
    "Attribute": "属性", "Value": "值",
    "Click the map to inspect a grid, sensor, camera or incident": "点击地图查看网格、传感器、摄像头或事件",
    "Grid id": "网格编号", "Community": "社区", "Street": "街道", "Grid worker": "网格员", "Population": "人口",
    "Area": "面积", "Sensors": "传感器", "Sensors in alarm": "报警传感器", "Cameras": "摄像头",
    "Open incidents": "未办结事件", "Sensor": "传感器", "Kind": "类型", "Reading": "读数", "Threshold": "阈值",
    "Camera": "摄像头", "Heading": "朝向", "Field of view": "视场角", "Range": "可视距离", "Incident": "事件",
    "Severity": "严重程度", "Source": "来源", "Reported at": "上报时间", "Reported": "已上报",
    # labels of data codes
    "Grids": "网格", "Incidents": "事件", "Basemap": "底图", "Risk sites & shelters": "风险点与避难场所",
    "Gas": "燃气", "Smoke": "烟感", "Water level": "水位", "Noise": "噪声", "Slope movement": "边坡位移",
    "Manhole cover": "井盖", "Normal": "正常", "Warning": "预警", "Alarm": "报警", "Offline": "离线", "Online": "在线",
    "Dispatched": "已派遣", "Accepted": "已受理", "In progress": "处置中", "Resolved": "已处置",
    "Closed": "已结案", "Returned": "已退回", "Escalated": "已上报升级",
    "Sanitation": "市容环卫", "Illegal construction": "违法建设", "Road damage": "道路破损",
    "Illegal parking": "违规停车", "Noise nuisance": "噪声扰民", "Fire hazard": "消防隐患",
    "Water & drainage": "供排水", "Street vending": "占道经营", "Public facility": "公共设施",
    "Safety hazard": "安全隐患", "Neighbour dispute": "邻里纠纷", "Gas leak": "燃气泄漏", "Flooding": "内涝",
    "Hotline 12345": "12345热线", "Citizen": "市民上报", "Retaining wall": "挡土墙", "Flood point": "易涝点",
    "High": "高", "Medium": "中", "Low": "低", "Shelter": "应急避难场所",
    # layer panel
    "Layer": "图层", "Opacity": "透明度",
    # main window
    "GridTwin — %1": "网格孪生指挥台 — %1", "Layers": "图层", "Legend": "图例", "Inspector": "要素详情",
    "Whole district": "全区视图", "Zoom in": "放大", "Zoom out": "缩小", "Zoom box": "框选放大",
    "Emergency mode (F12)": "切换应急模式 (F12)", "Stand down (F12)": "解除应急 (F12)", "Grid fill:": "网格着色：",
    "View": "视图", "Language": "语言", "Scale 1:%1": "比例尺 1:%1",
    "Grids %1 · Sensors %2 (%3 in alarm) · Cameras %4 · Open incidents %5":
        "网格 %1 · 传感器 %2（报警 %3）· 摄像头 %4 · 未办结事件 %5",
    "⚠ EMERGENCY COMMAND MODE   ·   elapsed %1": "⚠ 应急指挥模式   ·   已持续 %1",
    # live incidents
    "Warning system (CAP)": "预警系统 (CAP)", "Overdue (escalates)": "已超时（将升级）",
    "District": "区",
    "Handled at": "办理层级", "Due": "办理时限", "Level": "层级", "Channel": "渠道", "Description": "描述",
    "Rejected messages": "被拒消息",
    "%1 messages rejected in all; the latest %2 are shown. Each is kept with its reason.":
        "共拒收 %1 条消息，显示最近 %2 条。每条均连同原因保存。",
    "Reason": "原因", "Message": "消息内容",
    "Choose an incident in the list or on the map": "在列表或地图上选择一件事件",
    "Action": "操作", "By / note": "操作人 / 备注", "Note for the next action (optional)": "下一步操作的备注（可选）",
    "No open incidents": "无未办结事件", "All statuses": "全部状态", "All categories": "全部类别",
    "Any severity": "任意等级", "Severity ≥ %1": "等级 ≥ %1", "Any time": "任意时间", "Last hour": "最近一小时",
    "Last 24 hours": "最近 24 小时", "Last 7 days": "最近 7 天", "Grid id or name": "网格编号或名称",
    "Overdue only": "仅超时", "%1 min late": "超时 %1 分钟", "%1 h late": "超时 %1 小时", "in %1 min": "剩 %1 分钟",
    "in %1 h": "剩 %1 小时",
    "%1 readings · last %2 %3 · threshold %4 %3": "%1 个读数 · 最新 %2 %3 · 阈值 %4 %3",
    "No readings received yet · threshold %1 %2": "尚未收到读数 · 阈值 %1 %2",
    "Dispatch": "派遣", "Accept": "受理", "Start work": "开始处置", "Resolve": "处置完成",
    "Review & close": "核查结案", "Return": "退回", "Escalate": "上报升级", "Cancelled by sender": "发送方撤销",
    # import and export
    "National class": "国标分类", "Roads": "道路", "Buildings": "建筑", "Shelters": "避难场所", "District boundary": "辖区边界",
    "File": "文件", "Import…": "导入…", "Export…": "导出…", "Quit": "退出", "Import a district": "导入辖区数据",
    "file (GeoPackage, Shapefile, GeoJSON, KML, CSV, XLSX …)": "文件（GeoPackage、Shapefile、GeoJSON、KML、CSV、XLSX …）",
    "as the file says": "按文件声明", "Field": "字段", "Column in the grids file": "网格文件中的列",
    "the district file to write (.gpkg)": "要写入的辖区文件 (.gpkg)", "Preview": "预览", "Import": "导入",
    "Cancel": "取消", "Write to": "写入", "%1 grids with the columns %2": "%1 个网格，列：%2",
    "Preview: nothing is written yet.": "预览：尚未写入任何内容。",
    "Choose the grids file and the district file to write.": "请选择网格文件和要写入的辖区文件。",
    "Import cancelled: nothing was written.": "已取消导入：未写入任何内容。",
    "%1 written (%2), stored in %3. %4 warnings. Open it with --data %1.":
        "已写入 %1（%2），存储坐标系 %3。%4 条提示。用 --data %1 打开。",
    "Export": "导出", "all statuses": "全部状态", "open only": "仅未办结", "reported between": "上报时间介于",
    "GCJ-02 coordinates (Amap, Tencent web maps)": "GCJ-02 坐标（高德、腾讯网络地图）",
    "file to write: .gpkg, .geojson, .shp or .csv": "要写入的文件：.gpkg、.geojson、.shp 或 .csv",
    "Name a file ending in .gpkg, .geojson, .shp or .csv.": "请给出以 .gpkg、.geojson、.shp 或 .csv 结尾的文件名。",
    # data warnings
    "Data warnings %1": "数据提示 %1", "Data warnings": "数据提示",
    "What the district file lacked and which defaults stand in; stored in %1":
        "辖区数据缺少的内容及所用默认值；存储坐标系 %1",
    "%1 — stored in %2. %3 warnings: each was put right by a documented default (docs/DATA.md); fix them in the source data to silence them.":
        "%1 — 存储坐标系 %2。共 %3 条提示：每条均已按文档所列默认值处理（docs/DATA.md）；在源数据中修正后即不再提示。",
    "Feed: in %1 · stored %2": "接入：收到 %1 · 已存 %2", "Rejected %1": "拒收 %1", "%1: %2": "%1：%2",
    # emergency command
    "video stream": "视频流", "Declare emergency": "宣布进入应急", "Level %1": "%1 级", "Focus": "事发位置",
    "Type": "类型", "%1 · level %2 · declared %3 by %4": "%1 · %2 级 · %3 由 %4 宣布",
    "Situation report written to %1": "态势报告已写入 %1", "Stand down": "解除应急",
    "Closing note (what happened, what remains):": "结束说明（发生了什么、还有什么待办）：",
    "Flood": "洪涝", "Fire": "火灾", "Geological hazard": "地质灾害", "Public safety": "公共安全", "Epidemic": "疫情",
    "Emergency command": "应急指挥", "Camera wall": "视频墙", "Ring": "圈层", "Buildings": "建筑",
    "Risk sites": "风险点", "Cameras seeing the focus": "可见事发点的摄像头", "Shelters & grid workers": "避难场所与网格员",
    "Pin camera to the wall": "上墙显示摄像头", "Command log": "指挥日志",
    "Order or note (Enter logs an order)": "指令或备注（回车记为指令）", "Log order": "记录指令", "Log note": "记录备注",
    "Situation report": "态势报告", "Stand down…": "解除应急…", "Declare emergency… (Ctrl+D)": "宣布应急… (Ctrl+D)",
    # suggestions, drawn areas, sensor charts
    "Show on map": "在地图上查看", "Declare emergency…": "宣布应急…", "Dismiss": "忽略",
    "Next (%1 of %2)": "下一条（第 %1 / %2 条）", "%1 incidents reported": "上报事件 %1 起",
    "%1 %2 sensors in alarm": "%1 个%2传感器报警",
    "Suggest declaring: %1 — %2 within %3 m, %4–%5%6": "建议启动应急：%1 — %3 米内%2，%4–%5%6",
    "Declare on an area… (Ctrl+Shift+D)": "按区域宣布应急… (Ctrl+Shift+D)",
    "Leave boundary editing to draw an emergency area": "请先退出边界编辑，再绘制应急区域",
    "Click the corners of the area; double-click or Enter to close it, Esc to cancel":
        "依次点击区域各角点；双击或回车闭合，Esc 取消",
    "drawn area, %1 km²": "绘制区域，%1 平方公里",
    # the network of consoles
    "live": "在线同步", "offline": "离线",
    "Shared store %1 · %2": "共享数据库 %1 · %2",
    "OFFLINE since %1 — showing the last picture; actions are refused until the store is back":
        "自 %1 起离线 — 显示的是最后一次画面；恢复连接前不接受任何操作",
    "The store is reachable again; caught up with the other consoles": "已重新连接数据库，已与其他指挥台同步",
    "Offline since %1: the store cannot be reached, so this action was not taken. Try again when the banner is gone.":
        "自 %1 起离线：无法连接数据库，此操作未执行。离线横幅消失后请重试。",
    "The emergency was stood down at another console": "应急已在其他指挥台解除",
    "Plan version %1 was made active at another console; save or undo your edits to see it":
        "方案版本 %1 已在其他指挥台生效；请保存或撤销您的修改后查看",
    "Plan version %1 is now active (made active at another console)": "方案版本 %1 现已生效（由其他指挥台设置）",
    "The store is out of reach: rejected messages cannot be read now": "无法连接数据库：暂时无法查看被拒消息",
    # who may do what
    "Your role (%1) may not do this: %2": "您的角色（%1）无此权限：%2",
    "declare and stand down": "宣布和解除应急", "act on incidents": "处置事件", "edit plans": "编辑方案",
    "activate plans": "启用方案", "import and export": "导入导出", "unmask personal data": "查看个人信息",
    "manage users": "管理用户",
    "Show personal data": "查看个人信息",
    "Why do you need to see this reporter's personal data?": "为什么需要查看该报告人的个人信息？",
    "Personal data is shown only with a reason": "须说明理由才能查看个人信息",
    "Show personal data… (asks for a reason, recorded)": "查看个人信息…（须说明理由，将被记录）",
    "Users…": "用户管理…", "Users": "用户", "Role": "角色", "Jurisdiction": "辖区",
    "Add or change user": "添加或修改用户", "Saved %1": "已保存 %1", "Give the user a password": "请为该用户设置密码",
    "GridTwin — log in": "网格孪生指挥台 — 登录", "Wrong user name or password": "用户名或密码错误",
    "Log in to %1": "登录到 %1", "User": "用户", "Password": "密码",
    "Feeds are off: %1 may not store incidents": "数据接入已关闭：%1 无权存储事件",
    "On duty: %1 (%2) · %3 CST (UTC+8)": "值班：%1（%2）· 北京时间 %3（UTC+8）",
    "No camera is pinned. Pin one from the map (choose a camera, Ctrl+Shift+T) or from the emergency picture's camera list.": '尚未上墙任何摄像头。可在地图上选中摄像头后按 Ctrl+Shift+T，或在应急态势的摄像头列表中上墙。',
    'GridTwin — wall, screen %1: %2': 'GridTwin — 大屏，第 %1 屏：%2',
    'follows the console': '跟随主控台',
    'follows the console, ×%1 closer': '跟随主控台，放大 %1 倍',
    'own view': '独立视图',
    'situation': '综合态势',
    'incident density': '事件密度',
    'Incident board': '事件看板',
    'Governance ranking': '治理排名',
    'Emergency picture': '应急态势',
    'Show': '显示',
    'Follow': '跟随',
    "the console's map": '主控台地图',
    "the console's map, 4× closer": '主控台地图，放大 4 倍',
    "the console's map, 4× wider": '主控台地图，缩小 4 倍',
    'nothing (own view)': '不跟随（独立视图）',
    'Detail': '细节',
    'by scale': '按比例尺',
    'every point': '逐点显示',
    'density': '密度',
    'Split this screen': '分屏方式',
    'one view': '单视图',
    'one large and two': '一大两小',
    'four (2×2)': '四分屏（2×2）',
    'No wall screens: start with --screens 0,1,…': '没有大屏：请用 --screens 0,1,… 启动',
    'Save this wall as…': '将当前大屏布局另存为…',
    'Remove a saved layout': '删除已保存的布局',
    'Show the wall again': '重新显示大屏',
    'Save wall layout': '保存大屏布局',
    "Name for this mode's wall layout:": '本模式大屏布局的名称：',
    '%1 is on the wall, screen %2.': '%1 已在大屏第 %2 屏显示。',
    'Bring it back here': '移回主控台',
    'Video wall': '大屏',
    'Map: %1 · %2': '地图：%1 · %2',
    'Map: %1': '地图：%1',
}


def fill(path: str) -> list[str]:
    """Write the table's translations into ``path``; return sources that have none."""
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        text = ZH_CN.get(source)
        if text is None:
            missing.append(source)
            continue
        translation.text = text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    missing = fill(sys.argv[1])
    for source in missing:
        print(f"no zh_CN translation for: {source!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
