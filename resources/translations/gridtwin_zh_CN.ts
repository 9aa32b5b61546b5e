<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmWatch</name>
    <message>
        <location filename="../../console/alarms.py" line="202" />
        <source>Alarms not acknowledged: %1</source>
        <translation>报警未能确认：%1</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="266" />
        <source>Severity-4 incident %1: %2</source>
        <translation>4 级事件 %1：%2</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="268" />
        <source>Sensor %1 in alarm: %2</source>
        <translation>传感器 %1 报警：%2</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="274" />
        <source>Acknowledge alarms (Ctrl+K)</source>
        <translation>确认报警 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="275" />
        <source>Mute alarm sound (Ctrl+M)</source>
        <translation>报警静音 (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="276" />
        <source>Acknowledge (Ctrl+K)</source>
        <translation>确认 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="277" />
        <source>Mute (Ctrl+M)</source>
        <translation>静音 (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="277" />
        <source>No sound</source>
        <translation>无声音</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="280" />
        <source> (+%1 more)</source>
        <translation>（另有 %1 条）</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="283" />
        <source>⚠ %1 unacknowledged alarms</source>
        <translation>⚠ %1 条报警未确认</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="284" />
        <source>Acknowledge them all (Ctrl+K)</source>
        <translation>全部确认 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="287" />
        <source>No unacknowledged alarms</source>
        <translation>没有未确认的报警</translation>
    </message>
    <message>
        <location filename="../../console/alarms.py" line="288" />
        <source>Alarms acknowledged by %1 at %2</source>
        <translation>报警已由 %1 于 %2 确认</translation>
    </message>
</context>
<context>
    <name>Analysis</name>
    <message>
        <location filename="../../console/analysis.py" line="198" />
        <source>Click the place to ask about</source>
        <translation>请点击要查询的地点</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="252" />
        <source>Choose a camera on the map first</source>
        <translation>请先在地图上选择一个摄像头</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="268" />
        <source>Computing camera coverage…</source>
        <translation>正在计算视频覆盖…</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="277" />
        <source>Cameras see %1 % of the district's public space; %2 busy grids are blind spots</source>
        <translation>摄像头覆盖全区公共空间的 %1 %；%2 个事件多发网格为盲区</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="328" />
        <source>Computing the index…</source>
        <translation>正在计算指数…</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="349" />
        <source>Computing Gi* hotspots…</source>
        <translation>正在计算 Gi* 热点…</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="360" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="438" />
        <source>Plan version %1 · %2</source>
        <translation>方案版本 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="452" />
        <source>Active plan</source>
        <translation>现行方案</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="453" />
        <source>Plan version %1</source>
        <translation>方案版本 %1</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="482" />
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="483" />
        <source>Who and what was here… (space-time query)</source>
        <translation>时空查询：何时何地有何人何事…</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="484" />
        <location filename="../../console/analysis.py" line="486" />
        <source>District hierarchy</source>
        <translation>辖区层级</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="484" />
        <location filename="../../console/analysis.py" line="487" />
        <source>Governance index</source>
        <translation>社会治理指数</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="485" />
        <location filename="../../console/analysis.py" line="487" />
        <source>Hotspots and early warning</source>
        <translation>热点与预警</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="485" />
        <source>Replay and plan comparison</source>
        <translation>回放与方案比较</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="486" />
        <source>Space-time query</source>
        <translation>时空查询</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="488" />
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="489" />
        <source>Cameras that see the chosen incident or a point (Ctrl+Shift+C)</source>
        <translation>能看到所选事件或地点的摄像头 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="490" />
        <source>Camera coverage and blind spots (Ctrl+Shift+O)</source>
        <translation>视频覆盖与盲区 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../../console/analysis.py" line="491" />
        <source>Pin the chosen camera to the camera wall (Ctrl+Shift+T)</source>
        <translation>将所选摄像头上墙 (Ctrl+Shift+T)</translation>
    </message>
</context>
<context>
    <name>AreaSketch</name>
    <message>
        <location filename="../../console/sketch.py" line="26" />
        <source>Click the corners of the area; double-click or Enter to close it, Esc to cancel</source>
        <translation>依次点击区域各角点；双击或回车闭合，Esc 取消</translation>
    </message>
</context>
<context>
    <name>BalancePanel</name>
    <message>
        <location filename="../../widgets/balance_panel.py" line="121" />
        <source>Edited grid</source>
        <translation>已编辑网格</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="121" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="122" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="122" />
        <location filename="../../widgets/balance_panel.py" line="123" />
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="123" />
        <source>Worst-balanced grid</source>
        <translation>最失衡网格</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="124" />
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="125" />
        <source>Deviation from fair share</source>
        <translation>相对均衡负荷的偏差</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_panel.py" line="132" />
        <source>Fair share per grid worker = 1.00 · %1 of %2 grids within ±20 % · worst %3</source>
        <translation>每名网格员均衡负荷 = 1.00 · %2 个网格中 %1 个在 ±20% 以内 · 最大偏差 %3</translation>
    </message>
</context>
<context>
    <name>BasemapLayer</name>
    <message>
        <location filename="../../layers/basemap.py" line="69" />
        <source>Water</source>
        <translation>水系</translation>
    </message>
    <message>
        <location filename="../../layers/basemap.py" line="70" />
        <source>Trunk road</source>
        <translation>快速路</translation>
    </message>
    <message>
        <location filename="../../layers/basemap.py" line="71" />
        <source>Arterial road</source>
        <translation>主干道</translation>
    </message>
</context>
<context>
    <name>CameraLayer</name>
    <message>
        <location filename="../../layers/cameras.py" line="142" />
        <source>Cameras together (count)</source>
        <translation>摄像头聚合（数量）</translation>
    </message>
    <message>
        <location filename="../../layers/cameras.py" line="143" />
        <source>View cone (zoomed in)</source>
        <translation>视域（放大后显示）</translation>
    </message>
</context>
<context>
    <name>CameraWall</name>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="223" />
        <source>No camera is pinned. Pin one from the map (choose a camera, Ctrl+Shift+T) or from the emergency picture's camera list.</source>
        <translation>尚未上墙任何摄像头。可在地图上选中摄像头后按 Ctrl+Shift+T，或在应急态势的摄像头列表中上墙。</translation>
    </message>
</context>
<context>
    <name>Clock</name>
    <message>
        <location filename="../../widgets/clock.py" line="15" />
        <source>CST</source>
        <translation>北京时间</translation>
    </message>
    <message>
        <location filename="../../widgets/clock.py" line="21" />
        <source>%1 CST</source>
        <translation>北京时间 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/clock.py" line="26" />
        <source>%1 (CST)</source>
        <translation>%1（北京时间）</translation>
    </message>
</context>
<context>
    <name>CoverageLayer</name>
    <message>
        <location filename="../../layers/analysis.py" line="264" />
        <source>Public space seen: %1–%2 %</source>
        <translation>公共空间可见：%1–%2 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="267" />
        <source>Blind spot: busy with incidents, under 15 % seen</source>
        <translation>盲区：事件多发、可见不足 15 %</translation>
    </message>
</context>
<context>
    <name>CoveragePanel</name>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="12" />
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="13" />
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="14" />
        <source>Sliver</source>
        <translation>碎片</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="15" />
        <source>Outside the district</source>
        <translation>超出辖区</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="16" />
        <source>Invalid shape</source>
        <translation>无效形状</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="17" />
        <source>Several parts</source>
        <translation>多部分网格</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="18" />
        <source>Unmatched boundary</source>
        <translation>边界不吻合</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="58" />
        <source>Coverage valid: no gaps, overlaps or slivers.</source>
        <translation>覆盖有效：无缝隙、无重叠、无碎片。</translation>
    </message>
    <message>
        <location filename="../../widgets/coverage_panel.py" line="61" />
        <source>%1 coverage problem(s): the plan can only be saved as a draft.</source>
        <translation>%1 处覆盖问题：方案只能保存为草稿。</translation>
    </message>
</context>
<context>
    <name>DataExchange</name>
    <message>
        <location filename="../../console/data_exchange.py" line="69" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="70" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="71" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="72" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="98" />
        <source>Import cancelled: nothing was written.</source>
        <translation>已取消导入：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="100" />
        <source>%1 written (%2), stored in %3. %4 warnings. Open it with --data %1.</source>
        <translation>已写入 %1（%2），存储坐标系 %3。%4 条提示。用 --data %1 打开。</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="124" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../console/data_exchange.py" line="128" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>DataWarningsDialog</name>
    <message>
        <location filename="../../widgets/data_warnings.py" line="13" />
        <source>Data warnings</source>
        <translation>数据提示</translation>
    </message>
    <message>
        <location filename="../../widgets/data_warnings.py" line="15" />
        <source>%1 — stored in %2. %3 warnings: each was put right by a documented default (docs/DATA.md); fix them in the source data to silence them.</source>
        <translation>%1 — 存储坐标系 %2。共 %3 条提示：每条均已按文档所列默认值处理（docs/DATA.md）；在源数据中修正后即不再提示。</translation>
    </message>
</context>
<context>
    <name>DeadLetterDialog</name>
    <message>
        <location filename="../../widgets/dead_letters.py" line="20" />
        <source>Rejected messages</source>
        <translation>被拒消息</translation>
    </message>
    <message>
        <location filename="../../widgets/dead_letters.py" line="22" />
        <source>%1 messages rejected in all; the latest %2 are shown. Each is kept with its reason.</source>
        <translation>共拒收 %1 条消息，显示最近 %2 条。每条均连同原因保存。</translation>
    </message>
    <message>
        <location filename="../../widgets/dead_letters.py" line="25" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/dead_letters.py" line="25" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../widgets/dead_letters.py" line="25" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../widgets/dead_letters.py" line="26" />
        <source>Message</source>
        <translation>消息内容</translation>
    </message>
</context>
<context>
    <name>DeclareDialog</name>
    <message>
        <location filename="../../widgets/declare_dialog.py" line="13" />
        <source>Declare emergency</source>
        <translation>宣布进入应急</translation>
    </message>
    <message>
        <location filename="../../widgets/declare_dialog.py" line="21" />
        <source>Level %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <location filename="../../widgets/declare_dialog.py" line="29" />
        <source>Focus</source>
        <translation>事发位置</translation>
    </message>
    <message>
        <location filename="../../widgets/declare_dialog.py" line="30" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../widgets/declare_dialog.py" line="31" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
</context>
<context>
    <name>EarlyMap</name>
    <message>
        <location filename="../../console/early_map.py" line="33" />
        <source>GridTwin — loading %1</source>
        <translation>GridTwin — 正在加载 %1</translation>
    </message>
    <message>
        <location filename="../../console/early_map.py" line="103" />
        <source>opening the console…</source>
        <translation>正在打开指挥台…</translation>
    </message>
</context>
<context>
    <name>Edits</name>
    <message>
        <location filename="../../console/planning.py" line="45" />
        <source>Move vertex</source>
        <translation>移动节点</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="46" />
        <source>Move shared boundary</source>
        <translation>移动公共边界</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="47" />
        <source>Add vertex</source>
        <translation>添加节点</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="48" />
        <source>Remove vertex</source>
        <translation>删除节点</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="49" />
        <source>Split grid</source>
        <translation>拆分网格</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="50" />
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="51" />
        <source>Reassign area</source>
        <translation>划转区域</translation>
    </message>
</context>
<context>
    <name>EmergencyCommand</name>
    <message>
        <location filename="../../console/emergency.py" line="142" />
        <source>Leave boundary editing to draw an emergency area</source>
        <translation>请先退出边界编辑，再绘制应急区域</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="157" />
        <source>drawn area, %1 km²</source>
        <translation>绘制区域，%1 平方公里</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="199" />
        <source>%1 · level %2 · declared %3 by %4</source>
        <translation>%1 · %2 级 · %3 由 %4 宣布</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="295" />
        <source>Situation report written to %1</source>
        <translation>态势报告已写入 %1</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="307" />
        <source>Stand down</source>
        <translation>解除应急</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="308" />
        <source>Closing note (what happened, what remains):</source>
        <translation>结束说明（发生了什么、还有什么待办）：</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="334" />
        <source>The emergency was stood down at another console</source>
        <translation>应急已在其他指挥台解除</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="364" />
        <source>Flood</source>
        <translation>洪涝</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="364" />
        <source>Fire</source>
        <translation>火灾</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="364" />
        <source>Gas leak</source>
        <translation>燃气泄漏</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="365" />
        <source>Geological hazard</source>
        <translation>地质灾害</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="365" />
        <source>Public safety</source>
        <translation>公共安全</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="366" />
        <source>Epidemic</source>
        <translation>疫情</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="370" />
        <source>Emergency command</source>
        <translation>应急指挥</translation>
    </message>
    <message>
        <location filename="../../console/emergency.py" line="371" />
        <source>Camera wall</source>
        <translation>视频墙</translation>
    </message>
</context>
<context>
    <name>EmergencyPanel</name>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="185" />
        <source>Ring</source>
        <translation>圈层</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="185" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="185" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="186" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="186" />
        <location filename="../../widgets/emergency_panel.py" line="190" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="186" />
        <location filename="../../widgets/emergency_panel.py" line="191" />
        <source>Risk sites</source>
        <translation>风险点</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="190" />
        <source>Cameras seeing the focus</source>
        <translation>可见事发点的摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="191" />
        <source>Shelters &amp; grid workers</source>
        <translation>避难场所与网格员</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="193" />
        <source>Pin camera to the wall</source>
        <translation>上墙显示摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="194" />
        <source>Command log</source>
        <translation>指挥日志</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="195" />
        <source>Order or note (Enter logs an order)</source>
        <translation>指令或备注（回车记为指令）</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="196" />
        <source>Log order</source>
        <translation>记录指令</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="197" />
        <source>Log note</source>
        <translation>记录备注</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="198" />
        <source>Situation report</source>
        <translation>态势报告</translation>
    </message>
    <message>
        <location filename="../../widgets/emergency_panel.py" line="199" />
        <source>Stand down…</source>
        <translation>解除应急…</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../widgets/export_dialog.py" line="32" />
        <location filename="../../widgets/export_dialog.py" line="73" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="35" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="37" />
        <source>all statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="38" />
        <source>open only</source>
        <translation>仅未办结</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="39" />
        <source>reported between</source>
        <translation>上报时间介于</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="46" />
        <source>GCJ-02 coordinates (Amap, Tencent web maps)</source>
        <translation>GCJ-02 坐标（高德、腾讯网络地图）</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="48" />
        <source>file to write: .gpkg, .geojson, .shp or .csv</source>
        <translation>要写入的文件：.gpkg、.geojson、.shp 或 .csv</translation>
    </message>
    <message>
        <location filename="../../widgets/export_dialog.py" line="94" />
        <source>Name a file ending in .gpkg, .geojson, .shp or .csv.</source>
        <translation>请给出以 .gpkg、.geojson、.shp 或 .csv 结尾的文件名。</translation>
    </message>
</context>
<context>
    <name>Features</name>
    <message>
        <location filename="../../console/features.py" line="15" />
        <source>Grid id</source>
        <translation>网格编号</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="16" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="16" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="17" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="17" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="18" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="18" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="19" />
        <source>Sensors in alarm</source>
        <translation>报警传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="20" />
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="20" />
        <source>Open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="21" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="21" />
        <source>Sensor</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="22" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="22" />
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="23" />
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="25" />
        <source>Video stream</source>
        <translation>视频流</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="28" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="29" />
        <source>Past incidents</source>
        <translation>历史事件</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="30" />
        <source>Compactness (Polsby–Popper)</source>
        <translation>紧凑度 (Polsby–Popper)</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="31" />
        <source>Workload (fair share = 1)</source>
        <translation>工作量（均衡值 = 1）</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="32" />
        <source>Deviation from fair share</source>
        <translation>相对均衡负荷的偏差</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="33" />
        <source>Handled at</source>
        <translation>办理层级</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="33" />
        <source>Due</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="15" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="23" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="24" />
        <source>Heading</source>
        <translation>朝向</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="24" />
        <source>Field of view</source>
        <translation>视场角</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="25" />
        <source>Range</source>
        <translation>可视距离</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="26" />
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="27" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="27" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="28" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>GoToGrid</name>
    <message>
        <location filename="../../console/goto.py" line="57" />
        <source>No grid matches “%1”</source>
        <translation>没有与“%1”匹配的网格</translation>
    </message>
    <message>
        <location filename="../../console/goto.py" line="58" />
        <source>%2 grids match “%1”: type more of the code or the name</source>
        <translation>有 %2 个网格与“%1”匹配：请输入更完整的编号或名称</translation>
    </message>
    <message>
        <location filename="../../console/goto.py" line="70" />
        <source>Go to grid</source>
        <translation>定位网格</translation>
    </message>
    <message>
        <location filename="../../console/goto.py" line="71" />
        <source>Go to grid: code or name (Ctrl+G)</source>
        <translation>定位网格：编号或名称 (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../console/goto.py" line="72" />
        <source>Find a grid by its code or name and show it</source>
        <translation>按编号或名称查找网格并显示</translation>
    </message>
</context>
<context>
    <name>GovernancePanel</name>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <source>Within</source>
        <translation>所属</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <source>Rank change</source>
        <translation>名次变化</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="116" />
        <source>%1 units · weights from %2</source>
        <translation>%1 个单位 · 权重取自 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="146" />
        <source>Index of %1, month by month (0–100, higher is better)</source>
        <translation>%1 的逐月指数（0–100，越高越好）</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="150" />
        <source>Export the ranking</source>
        <translation>导出排名</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="159" />
        <source>Governance index · %1 · %2</source>
        <translation>社会治理指数 · %1 · %2</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="168" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="174" />
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="174" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="174" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="178" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="179" />
        <source>Export HTML…</source>
        <translation>导出 HTML…</translation>
    </message>
    <message>
        <location filename="../../widgets/governance_panel.py" line="106" />
        <location filename="../../widgets/governance_panel.py" line="180" />
        <source>Index</source>
        <translation>指数</translation>
    </message>
</context>
<context>
    <name>GridLayer</name>
    <message>
        <location filename="../../layers/grids.py" line="202" />
        <source>Street boundary</source>
        <translation>街道界线</translation>
    </message>
    <message>
        <location filename="../../layers/grids.py" line="203" />
        <source>Community boundary</source>
        <translation>社区界线</translation>
    </message>
    <message>
        <location filename="../../layers/grids.py" line="204" />
        <source>Grid boundary</source>
        <translation>网格界线</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../console/help.py" line="66" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="66" />
        <source>What it does</source>
        <translation>功能</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="74" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="84" />
        <source>GridTwin %1 — grid governance command console</source>
        <translation>GridTwin %1 — 网格化治理指挥台</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="85" />
        <source>District: %1 (%2 grids)</source>
        <translation>辖区：%1（%2 个网格）</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="86" />
        <source>Data: %1</source>
        <translation>数据：%1</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="87" />
        <source>Every time is shown in China Standard Time (UTC+8, Asia/Shanghai).</source>
        <translation>所有时间均为北京时间（UTC+8，Asia/Shanghai）。</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="88" />
        <source>Qt %1, PySide6 %2</source>
        <translation>Qt %1，PySide6 %2</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="92" />
        <location filename="../../console/help.py" line="99" />
        <source>About GridTwin</source>
        <translation>关于 GridTwin</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="97" />
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../../console/help.py" line="98" />
        <source>Keyboard shortcuts (F1)</source>
        <translation>键盘快捷键 (F1)</translation>
    </message>
</context>
<context>
    <name>HierarchyPanel</name>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="114" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="114" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="114" />
        <source>Incidents, 30 days</source>
        <translation>近30天事件</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="115" />
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="115" />
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="115" />
        <source>Escalated</source>
        <translation>已上报升级</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="115" />
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="116" />
        <source>On time, 30 days</source>
        <translation>近30天按期办结</translation>
    </message>
    <message>
        <location filename="../../widgets/hierarchy_panel.py" line="117" />
        <source>Choose a street, community or grid: the map zooms there and the incident list follows it.</source>
        <translation>选择街道、社区或网格：地图缩放到该处，事件列表随之筛选。</translation>
    </message>
</context>
<context>
    <name>HotspotLayer</name>
    <message>
        <location filename="../../layers/analysis.py" line="166" />
        <source>Hot spot, 99 % confidence</source>
        <translation>热点，置信度 99 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="166" />
        <source>Hot spot, 95 %</source>
        <translation>热点，95 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="166" />
        <source>Hot spot, 90 %</source>
        <translation>热点，90 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="167" />
        <source>Cold spot, 90 %</source>
        <translation>冷点，90 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="167" />
        <source>Cold spot, 95 %</source>
        <translation>冷点，95 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="168" />
        <source>Cold spot, 99 % confidence</source>
        <translation>冷点，置信度 99 %</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="173" />
        <source>Early warning: incidents above the grid's baseline</source>
        <translation>预警：事件高于该网格基线</translation>
    </message>
</context>
<context>
    <name>HotspotPanel</name>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="80" />
        <source>all categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="82" />
        <source>%1: %2 incidents; %3 grids hot, %4 cold at 95 % confidence (Gi*, %5 permutations)</source>
        <translation>%1：%2 起事件；在 95 % 置信度下 %3 个网格为热点，%4 个为冷点（Gi*，%5 次置换）</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Window</source>
        <translation>时间窗</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Expected</source>
        <translation>期望值</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="89" />
        <source>Times</source>
        <translation>倍数</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="90" />
        <source>Strength</source>
        <translation>显著度</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="92" />
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="99" />
        <source>Early warnings (%1)</source>
        <translation>预警（%1）</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="100" />
        <source>Early warnings: no grid is above its baseline</source>
        <translation>预警：没有网格高于其基线</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="112" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="119" />
        <source>Last %1 days</source>
        <translation>近 %1 天</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="121" />
        <source>Find hotspots</source>
        <translation>分析热点</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="122" />
        <source>Clear map</source>
        <translation>清除图层</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="123" />
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location filename="../../widgets/hotspot_panel.py" line="125" />
        <source>A warning: a grid's incidents in the last 3 to 24 hours are above its share of the district's, beyond chance (binomial test, at most one false warning in a hundred days across the district).</source>
        <translation>预警：某网格近 3 至 24 小时的事件超出其在全区中应占的份额，且非偶然（二项检验，全区平均每一百天误报不超过一次）。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../widgets/import_dialog.py" line="44" />
        <source>Import a district</source>
        <translation>导入辖区数据</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="49" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="49" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="49" />
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="50" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="50" />
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="50" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="51" />
        <source>Shelters</source>
        <translation>避难场所</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="51" />
        <source>District boundary</source>
        <translation>辖区边界</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="56" />
        <source>file (GeoPackage, Shapefile, GeoJSON, KML, CSV, XLSX …)</source>
        <translation>文件（GeoPackage、Shapefile、GeoJSON、KML、CSV、XLSX …）</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="60" />
        <source>as the file says</source>
        <translation>按文件声明</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="67" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="67" />
        <source>Column in the grids file</source>
        <translation>网格文件中的列</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="76" />
        <source>the district file to write (.gpkg)</source>
        <translation>要写入的辖区文件 (.gpkg)</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="79" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="81" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="83" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="89" />
        <location filename="../../widgets/import_dialog.py" line="137" />
        <source>Write to</source>
        <translation>写入</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="163" />
        <source>%1 grids with the columns %2</source>
        <translation>%1 个网格，列：%2</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="182" />
        <source>Preview: nothing is written yet.</source>
        <translation>预览：尚未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../widgets/import_dialog.py" line="202" />
        <source>Choose the grids file and the district file to write.</source>
        <translation>请选择网格文件和要写入的辖区文件。</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <location filename="../../widgets/incident_detail.py" line="96" />
        <source>Choose an incident in the list or on the map</source>
        <translation>在列表或地图上选择一件事件</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="106" />
        <location filename="../../widgets/incident_detail.py" line="141" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="106" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="107" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="107" />
        <source>Due</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="108" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="109" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="110" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="111" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="114" />
        <source>National class</source>
        <translation>国标分类</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="116" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="141" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="141" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="141" />
        <source>By / note</source>
        <translation>操作人 / 备注</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="142" />
        <source>Note for the next action (optional)</source>
        <translation>下一步操作的备注（可选）</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="143" />
        <source>Show personal data… (asks for a reason, recorded)</source>
        <translation>查看个人信息…（须说明理由，将被记录）</translation>
    </message>
</context>
<context>
    <name>IncidentLayer</name>
    <message>
        <location filename="../../layers/incidents.py" line="168" />
        <source>Open incidents / km²</source>
        <translation>在办事件/平方公里</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <location filename="../../widgets/incident_list.py" line="271" />
        <source>Within: %1</source>
        <translation>范围：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="310" />
        <source>No open incidents</source>
        <translation>无未办结事件</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="311" />
        <source>%1 of %2 incidents</source>
        <translation>显示 %1 / 共 %2 件事件</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="329" />
        <source>Open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="329" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="331" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="332" />
        <source>Any severity</source>
        <translation>任意等级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="332" />
        <source>Severity ≥ %1</source>
        <translation>等级 ≥ %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="334" />
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="334" />
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="334" />
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="335" />
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="337" />
        <source>Grid id or name</source>
        <translation>网格编号或名称</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="338" />
        <source>Overdue only</source>
        <translation>仅超时</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="339" />
        <source>Whole district</source>
        <translation>全区视图</translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <location filename="../../widgets/incident_list.py" line="80" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="81" />
        <source>Sev.</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="81" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="82" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="83" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="82" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="82" />
        <source>Due</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="141" />
        <source>%1 min late</source>
        <translation>超时 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="142" />
        <source>%1 h late</source>
        <translation>超时 %1 小时</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="143" />
        <source>in %1 min</source>
        <translation>剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="144" />
        <source>in %1 h</source>
        <translation>剩 %1 小时</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../widgets/inspector.py" line="38" />
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="38" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="40" />
        <source>Click the map to inspect a grid, sensor, camera or incident</source>
        <translation>点击地图查看网格、传感器、摄像头或事件</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../layers/labels.py" line="11" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="12" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="13" />
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="14" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="15" />
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="16" />
        <source>Risk sites &amp; shelters</source>
        <translation>风险点与避难场所</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="17" />
        <source>Boundary editing</source>
        <translation>边界编辑</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="19" />
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="20" />
        <source>Smoke</source>
        <translation>烟感</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="21" />
        <source>Water level</source>
        <translation>水位</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="22" />
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="23" />
        <source>Slope movement</source>
        <translation>边坡位移</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="24" />
        <source>Manhole cover</source>
        <translation>井盖</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="26" />
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="27" />
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="28" />
        <source>Alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="29" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="30" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="31" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="32" />
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="33" />
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="34" />
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="35" />
        <source>Resolved</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="36" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="37" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="38" />
        <source>Escalated</source>
        <translation>已上报升级</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="39" />
        <source>Overdue (escalates)</source>
        <translation>已超时（将升级）</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="41" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="42" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="43" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="44" />
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="46" />
        <source>Sanitation</source>
        <translation>市容环卫</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="47" />
        <source>Illegal construction</source>
        <translation>违法建设</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="48" />
        <source>Road damage</source>
        <translation>道路破损</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="49" />
        <source>Illegal parking</source>
        <translation>违规停车</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="50" />
        <source>Noise nuisance</source>
        <translation>噪声扰民</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="51" />
        <source>Fire hazard</source>
        <translation>消防隐患</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="52" />
        <source>Water &amp; drainage</source>
        <translation>供排水</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="53" />
        <source>Street vending</source>
        <translation>占道经营</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="54" />
        <source>Public facility</source>
        <translation>公共设施</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="55" />
        <source>Safety hazard</source>
        <translation>安全隐患</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="56" />
        <source>Neighbour dispute</source>
        <translation>邻里纠纷</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="57" />
        <source>Gas leak</source>
        <translation>燃气泄漏</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="58" />
        <source>Flooding</source>
        <translation>内涝</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="60" />
        <source>Hotline 12345</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="61" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="62" />
        <source>Citizen</source>
        <translation>市民上报</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="63" />
        <source>Sensor</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="64" />
        <source>Warning system (CAP)</source>
        <translation>预警系统 (CAP)</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="66" />
        <source>Retaining wall</source>
        <translation>挡土墙</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="67" />
        <source>Flood point</source>
        <translation>易涝点</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="68" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="69" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="70" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="71" />
        <source>Shelter</source>
        <translation>应急避难场所</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="73" />
        <source>Declared</source>
        <translation>宣布</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="74" />
        <source>Order</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="75" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="76" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="77" />
        <source>Stand-down</source>
        <translation>解除</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="78" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="80" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="81" />
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="82" />
        <source>Dispatcher</source>
        <translation>调度员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="83" />
        <source>Planner</source>
        <translation>规划员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="84" />
        <source>Viewer</source>
        <translation>只读用户</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="86" />
        <source>Space-time query</source>
        <translation>时空查询</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="87" />
        <source>Hotspots (Gi*)</source>
        <translation>热点（Gi*）</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="88" />
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="89" />
        <source>Camera coverage</source>
        <translation>视频覆盖</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="91" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="92" />
        <source>Open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="93" />
        <source>Population per community</source>
        <translation>各社区人口</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="94" />
        <source>Population per street</source>
        <translation>各街道人口</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="95" />
        <source>Open incidents per community</source>
        <translation>各社区在办事件</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="96" />
        <source>Open incidents per street</source>
        <translation>各街道在办事件</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="97" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../widgets/layer_panel.py" line="24" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../widgets/layer_panel.py" line="24" />
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
</context>
<context>
    <name>LiveIncidents</name>
    <message>
        <location filename="../../console/live.py" line="78" />
        <source>Feeds are off: %1 may not store incidents</source>
        <translation>数据接入已关闭：%1 无权存储事件</translation>
    </message>
</context>
<context>
    <name>LoadingWindow</name>
    <message>
        <location filename="../../console/loading.py" line="132" />
        <source>GridTwin — loading %1</source>
        <translation>GridTwin — 正在加载 %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../widgets/login_dialog.py" line="21" />
        <source>GridTwin — log in</source>
        <translation>网格孪生指挥台 — 登录</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="22" />
        <source>Log in to %1</source>
        <translation>登录到 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="31" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="32" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../console/login.py" line="64" />
        <source>Wrong user name or password</source>
        <translation>用户名或密码错误</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/main_window.py" line="379" />
        <source>Users…</source>
        <translation>用户管理…</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="380" />
        <source>GridTwin — %1</source>
        <translation>网格孪生指挥台 — %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="381" />
        <source>Data warnings %1</source>
        <translation>数据提示 %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="382" />
        <source>What the district file lacked and which defaults stand in; stored in %1</source>
        <translation>辖区数据缺少的内容及所用默认值；存储坐标系 %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="384" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="384" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="384" />
        <source>Inspector</source>
        <translation>要素详情</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="385" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="388" />
        <source>Whole district</source>
        <translation>全区视图</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="389" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="390" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="391" />
        <source>Zoom box</source>
        <translation>框选放大</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="392" />
        <location filename="../../console/main_window.py" line="470" />
        <source>Emergency mode (F12)</source>
        <translation>切换应急模式 (F12)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="393" />
        <location filename="../../console/main_window.py" line="471" />
        <source>Stand down (F12)</source>
        <translation>解除应急 (F12)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="394" />
        <source>Grid fill:</source>
        <translation>网格着色：</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="405" />
        <source>per grid</source>
        <translation>按网格</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="405" />
        <source>per community</source>
        <translation>按社区</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="406" />
        <source>per street</source>
        <translation>按街道</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="410" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="427" />
        <source>Declare emergency… (Ctrl+D)</source>
        <translation>宣布应急… (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="428" />
        <source>Declare on an area… (Ctrl+Shift+D)</source>
        <translation>按区域宣布应急… (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="429" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="530" />
        <source>declare and stand down</source>
        <translation>宣布和解除应急</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="530" />
        <source>act on incidents</source>
        <translation>处置事件</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="531" />
        <source>edit plans</source>
        <translation>编辑方案</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="531" />
        <source>activate plans</source>
        <translation>启用方案</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="532" />
        <source>import and export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="532" />
        <source>unmask personal data</source>
        <translation>查看个人信息</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="533" />
        <source>manage users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="534" />
        <source>Your role (%1) may not do this: %2</source>
        <translation>您的角色（%1）无此权限：%2</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="558" />
        <source>Give the user a password</source>
        <translation>请为该用户设置密码</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="741" />
        <source>Show personal data</source>
        <translation>查看个人信息</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="742" />
        <source>Why do you need to see this reporter's personal data?</source>
        <translation>为什么需要查看该报告人的个人信息？</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="747" />
        <source>Personal data is shown only with a reason</source>
        <translation>须说明理由才能查看个人信息</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="758" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="815" />
        <source>Feed: in %1 · stored %2</source>
        <translation>接入：收到 %1 · 已存 %2</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="817" />
        <source>Rejected %1</source>
        <translation>拒收 %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="830" />
        <source>The store is out of reach: rejected messages cannot be read now</source>
        <translation>无法连接数据库：暂时无法查看被拒消息</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="841" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="848" />
        <source>Grids %1 · Sensors %2 (%3 in alarm) · Cameras %4 · Open incidents %5</source>
        <translation>网格 %1 · 传感器 %2（报警 %3）· 摄像头 %4 · 未办结事件 %5</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="895" />
        <source>live</source>
        <translation>在线同步</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="895" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="896" />
        <source>Shared store %1 · %2</source>
        <translation>共享数据库 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="902" />
        <source>On duty: %1 (%2) · %3 CST (UTC+8)</source>
        <translation>值班：%1（%2）· 北京时间 %3（UTC+8）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="910" />
        <source>The store is reachable again; caught up with the other consoles</source>
        <translation>已重新连接数据库，已与其他指挥台同步</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="913" />
        <source>OFFLINE since %1 — showing the last picture; actions are refused until the store is back</source>
        <translation>自 %1 起离线 — 显示的是最后一次画面；恢复连接前不接受任何操作</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../geodata/messages.py" line="18" />
        <source>no grid has a vertex at ({x}, {y})</source>
        <translation>({x}, {y}) 处没有网格顶点</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="19" />
        <source>grids {a} and {b} share no boundary</source>
        <translation>网格 {a} 与 {b} 没有共同边界</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="20" />
        <source>no grid boundary within reach: click on a boundary to add a vertex</source>
        <translation>附近没有网格边界：请点击边界以添加顶点</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="22" />
        <source>there is already a vertex there</source>
        <translation>该处已有顶点</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="23" />
        <source>the edit would break the grid: {why}</source>
        <translation>此编辑会破坏网格：{why}</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="24" />
        <source>that grid no longer exists</source>
        <translation>该网格已不存在</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="25" />
        <source>the line must cross grid {grid} from boundary to boundary</source>
        <translation>分割线必须从边界到边界穿过网格 {grid}</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="26" />
        <source>select at least two grids to merge</source>
        <translation>请至少选择两个网格进行合并</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="27" />
        <source>a selected grid no longer exists</source>
        <translation>所选网格已不存在</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="28" />
        <source>the selected grids are not all adjacent: merging them would make a multi-part grid</source>
        <translation>所选网格并不全部相邻：合并后将成为多部分网格</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="30" />
        <source>the drawn area covers no grid</source>
        <translation>所画区域未覆盖任何网格</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="31" />
        <source>draw the area so that it reaches into the neighbouring grid that should receive it</source>
        <translation>所画区域须伸入接收它的相邻网格</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="33" />
        <source>the drawn area does not cover any of grid {grid}</source>
        <translation>所画区域未覆盖网格 {grid} 的任何部分</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="34" />
        <source>the block must share a boundary with grid {grid}</source>
        <translation>该区块必须与网格 {grid} 有共同边界</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="35" />
        <source>that would give away all of grid {grid}: merge the grids instead</source>
        <translation>这会划走网格 {grid} 的全部：请改为合并网格</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="36" />
        <source>Shift+drag on a boundary between two grids to move it</source>
        <translation>在两个网格之间的边界上按住 Shift 拖动以移动它</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="37" />
        <source>draw at least {n} points</source>
        <translation>请至少画 {n} 个点</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="38" />
        <source>the line crosses no grid</source>
        <translation>该线未穿过任何网格</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="40" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="41" />
        <source>watching {folder}</source>
        <translation>正在监视 {folder}</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="42" />
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="43" />
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="44" />
        <source>retrying in {seconds} s ({why})</source>
        <translation>{seconds} 秒后重试（{why}）</translation>
    </message>
    <message>
        <location filename="../../geodata/messages.py" line="45" />
        <source>disconnected ({why}); retrying in {seconds} s</source>
        <translation>连接已断开（{why}）；{seconds} 秒后重试</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <location filename="../../widgets/mode_banner.py" line="24" />
        <source>⚠ EMERGENCY COMMAND MODE   ·   elapsed %1</source>
        <translation>⚠ 应急指挥模式   ·   已持续 %1</translation>
    </message>
</context>
<context>
    <name>PlanEditLayer</name>
    <message>
        <location filename="../../layers/plan_edit.py" line="157" />
        <source>Coverage problem (gap, overlap, sliver)</source>
        <translation>覆盖问题（缝隙、重叠、碎片）</translation>
    </message>
    <message>
        <location filename="../../layers/plan_edit.py" line="158" />
        <source>Boundary that does not match</source>
        <translation>不吻合的边界</translation>
    </message>
    <message>
        <location filename="../../layers/plan_edit.py" line="159" />
        <source>Worst-balanced grids</source>
        <translation>负荷最失衡的网格</translation>
    </message>
    <message>
        <location filename="../../layers/plan_edit.py" line="160" />
        <source>Grids chosen for merging</source>
        <translation>待合并网格</translation>
    </message>
</context>
<context>
    <name>PlanVersionsDialog</name>
    <message>
        <location filename="../../widgets/plan_versions.py" line="74" />
        <source>Plan versions</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="74" />
        <source>Plan versions (read-only)</source>
        <translation>方案版本（只读）</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="87" />
        <source>Make active</source>
        <translation>设为生效</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="88" />
        <source>Compare two</source>
        <translation>比较两个版本</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="89" />
        <source>Export GeoJSON…</source>
        <translation>导出 GeoJSON…</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="110" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="110" />
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="110" />
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="111" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="111" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="111" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="114" />
        <source>active</source>
        <translation>生效中</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="114" />
        <source>draft (%1 problems)</source>
        <translation>草稿（%1 处问题）</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="115" />
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="132" />
        <source>Select one version to make active.</source>
        <translation>请选择一个要生效的版本。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="141" />
        <source>Not made active.</source>
        <translation>未设为生效。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="148" />
        <source>Version %1 is now the active plan.</source>
        <translation>版本 %1 已成为生效方案。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="153" />
        <source>Make this plan active?</source>
        <translation>将此方案设为生效？</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="163" />
        <source>Select two versions to compare.</source>
        <translation>请选择两个要比较的版本。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="166" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="166" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="166" />
        <source>Area km²</source>
        <translation>面积 km²</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="167" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="167" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="167" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="177" />
        <source>%1 grid(s) differ between version %2 and %3.</source>
        <translation>版本 %2 与 %3 之间有 %1 个网格不同。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="183" />
        <source>Select one version to export.</source>
        <translation>请选择一个要导出的版本。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="186" />
        <source>Export plan</source>
        <translation>导出方案</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="193" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="195" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>Planning</name>
    <message>
        <location filename="../../console/planning.py" line="166" />
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="167" />
        <source>Edit grid boundaries (Ctrl+E)</source>
        <translation>编辑网格边界 (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="168" />
        <source>Vertices (V)</source>
        <translation>节点 (V)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="169" />
        <source>Split grid (X)</source>
        <translation>拆分网格 (X)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="170" />
        <source>Reassign area (R)</source>
        <translation>划转区域 (R)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="171" />
        <source>Merge chosen grids (M)</source>
        <translation>合并所选网格 (M)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="172" />
        <source>Save plan…</source>
        <translation>保存方案…</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="173" />
        <source>Plan versions…</source>
        <translation>方案版本…</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="174" />
        <source>Propose balanced redraw…</source>
        <translation>生成均衡划分方案…</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="175" />
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="176" />
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="177" />
        <source>Coverage check</source>
        <translation>覆盖检查</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="178" />
        <source>Workload balance</source>
        <translation>工作量均衡</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="179" />
        <source>vertex</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="179" />
        <source>boundary</source>
        <translation>边界</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="179" />
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="180" />
        <source>river</source>
        <translation>河流</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="438" />
        <source>Plan version %1 is now active</source>
        <translation>方案版本 %1 已生效</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="449" />
        <source>Read-only outside boundary editing: start editing (Ctrl+E) to make a version active</source>
        <translation>非边界编辑状态下为只读：开始编辑 (Ctrl+E) 后才能使版本生效</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="473" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="474" />
        <source>Saved as draft version %1 (%2 coverage problems); open Plan versions to compare or activate it</source>
        <translation>已保存为草稿版本 %1（%2 处覆盖问题）；可在“方案版本”中比较或生效</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="486" />
        <source>open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="486" />
        <source>sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="487" />
        <source>cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="488" />
        <source>Making version %1 active moves:</source>
        <translation>使版本 %1 生效将移动：</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="491" />
        <source>grid workers with another grid: %1</source>
        <translation>更换网格的网格员：%1</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="492" />
        <source>grids added: %1 · retired: %2</source>
        <translation>新增网格：%1 · 撤销网格：%2</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="495" />
        <source>largest deviation from the fair share after: %1 %</source>
        <translation>生效后相对均衡负荷的最大偏差：%1 %</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="496" />
        <source>grid · workload before → after (fair share 1.00)</source>
        <translation>网格 · 工作量 生效前 → 生效后（均衡值 1.00）</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="498" />
        <source>grid worker changes:</source>
        <translation>网格员变动：</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="199" />
        <source>Boundary editing is off in emergency mode</source>
        <translation>应急模式下不能编辑边界</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="385" />
        <source>Saved plan version %1</source>
        <translation>已保存方案版本 %1</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="386" />
        <source> (active)</source>
        <translation>（生效）</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="386" />
        <source> (draft)</source>
        <translation>（草稿）</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="397" />
        <source>Plan not saved</source>
        <translation>方案未保存</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="413" />
        <source>Plan version %1 was made active at another console; save or undo your edits to see it</source>
        <translation>方案版本 %1 已在其他指挥台生效；请保存或撤销您的修改后查看</translation>
    </message>
    <message>
        <location filename="../../console/planning.py" line="439" />
        <source>Plan version %1 is now active (made active at another console)</source>
        <translation>方案版本 %1 现已生效（由其他指挥台设置）</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="170" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="170" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="171" />
        <source>%1 %2 (%3 grids)</source>
        <translation>%1 %2（%3 个网格）</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="188" />
        <source>Looking for balanced plans…</source>
        <translation>正在寻找均衡方案…</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="207" />
        <source>No proposal: %1</source>
        <translation>没有方案：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="212" />
        <source>The plan in force is worse balanced than %1 % of the %2 plans the chain visited.</source>
        <translation>现行方案的均衡程度差于链所访问的 %2 个方案中的 %1 %。</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="215" />
        <source>Plan in force</source>
        <translation>现行方案</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="215" />
        <source>Proposal %1</source>
        <translation>方案 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="215" />
        <source>Plan being edited</source>
        <translation>编辑中的方案</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="248" />
        <source>Propose a balanced redraw</source>
        <translation>生成均衡划分方案</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="249" />
        <source>Workload within ± of the fair share</source>
        <translation>工作量相对均衡值的允许偏差 ±</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="249" />
        <source>Street or community</source>
        <translation>街道或社区</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="250" />
        <source>Keep community boundaries</source>
        <translation>保持社区边界</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="250" />
        <source>Proposals</source>
        <translation>方案数量</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="251" />
        <source>Chain steps per community</source>
        <translation>每个社区的链步数</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="253" />
        <source>Red: more than 20 % over the fair share · blue: more than 20 % under · grey: within</source>
        <translation>红色：超出均衡值 20% 以上 · 蓝色：低于均衡值 20% 以上 · 灰色：在范围内</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="254" />
        <source>Propose</source>
        <translation>生成方案</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="255" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="256" />
        <source>Take into a draft version</source>
        <translation>存为草稿版本</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="257" />
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="257" />
        <source>Worst deviation</source>
        <translation>最大偏差</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="258" />
        <source>Mean compactness</source>
        <translation>平均紧凑度</translation>
    </message>
    <message>
        <location filename="../../widgets/propose_dialog.py" line="258" />
        <source>Cut edges</source>
        <translation>切割边数</translation>
    </message>
</context>
<context>
    <name>QueryLayer</name>
    <message>
        <location filename="../../layers/analysis.py" line="108" />
        <source>Query place</source>
        <translation>查询范围</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="109" />
        <source>Incident found</source>
        <translation>查到的事件</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="110" />
        <source>Sensor with readings</source>
        <translation>有读数的传感器</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="111" />
        <source>Camera view covering the place</source>
        <translation>覆盖该处的摄像头视野</translation>
    </message>
</context>
<context>
    <name>QueryPanel</name>
    <message>
        <location filename="../../widgets/query_panel.py" line="135" />
        <source>Drawn area around %1, %2</source>
        <translation>绘制区域（中心 %1, %2）</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="139" />
        <source>Not chosen: pick a point or draw an area on the map</source>
        <translation>未选择：请在地图上点选一点或绘制区域</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="144" />
        <source>Choose a place first: pick a point or draw an area on the map</source>
        <translation>请先选择地点：在地图上点选一点或绘制区域</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="197" />
        <source>Export the answer</source>
        <translation>导出查询结果</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="198" />
        <source>GeoJSON (*.geojson);;CSV (*.csv);;JSON (*.json)</source>
        <translation>GeoJSON (*.geojson);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="210" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="214" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="179" />
        <location filename="../../widgets/query_panel.py" line="214" />
        <source>Readings</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="164" />
        <source>%1 incidents, %2 readings, %3 alarms, %4 cameras, %5 grids</source>
        <translation>%1 起事件，%2 条读数，%3 个告警，%4 个摄像头，%5 个网格</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="170" />
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="170" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="170" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="170" />
        <location filename="../../widgets/query_panel.py" line="182" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="170" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="171" />
        <location filename="../../widgets/query_panel.py" line="182" />
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="171" />
        <location filename="../../widgets/query_panel.py" line="185" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="175" />
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>Sensor</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="175" />
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="175" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="175" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>First</source>
        <translation>首次</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>Last</source>
        <translation>最近</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="178" />
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="182" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="185" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="185" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="185" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="214" />
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="215" />
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="215" />
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="221" />
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="222" />
        <source>Radius (m)</source>
        <translation>半径（米）</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="223" />
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="224" />
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="225" />
        <source>Pick a point on the map</source>
        <translation>在地图上点选</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="226" />
        <source>Draw an area</source>
        <translation>绘制区域</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="227" />
        <source>Ask</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../widgets/query_panel.py" line="228" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>ReplayLayer</name>
    <message>
        <location filename="../../layers/analysis.py" line="215" />
        <source>Replayed incident</source>
        <translation>回放事件</translation>
    </message>
    <message>
        <location filename="../../layers/analysis.py" line="216" />
        <source>Reported in the last replayed hour</source>
        <translation>回放中最近一小时上报</translation>
    </message>
</context>
<context>
    <name>ReplayPanel</name>
    <message>
        <location filename="../../widgets/replay_panel.py" line="123" />
        <source>%1 incidents in the period</source>
        <translation>该时段共 %1 起事件</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="168" />
        <source>%1 · %2 incidents so far · ×%3</source>
        <translation>%1 · 已回放 %2 起 · ×%3</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="186" />
        <source>No saved plan versions to compare with</source>
        <translation>没有可比较的已保存方案版本</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>Open hours</source>
        <translation>在办时长（小时）</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="189" />
        <source>× mean</source>
        <translation>× 平均</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="192" />
        <source>%1: %2 grids, %3 incidents; busiest %4× the mean, %5 grids over 1.5×</source>
        <translation>%1：%2 个网格，%3 起事件；最繁忙网格为平均的 %4 倍，%5 个网格超过 1.5 倍</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="202" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="202" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="208" />
        <source>×%1 (an hour in %2)</source>
        <translation>×%1（%2 回放一小时）</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="209" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="211" />
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="212" />
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="213" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="214" />
        <source>Close replay</source>
        <translation>结束回放</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="215" />
        <source>Compare with the active plan</source>
        <translation>与现行方案比较</translation>
    </message>
</context>
<context>
    <name>RiskLayer</name>
    <message>
        <location filename="../../layers/risk.py" line="34" />
        <source>Risk site</source>
        <translation>风险点</translation>
    </message>
</context>
<context>
    <name>SavePlanDialog</name>
    <message>
        <location filename="../../widgets/plan_versions.py" line="42" />
        <source>Save plan as a new version</source>
        <translation>将方案保存为新版本</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="44" />
        <source>What changed and why</source>
        <translation>改了什么、为什么改</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="45" />
        <source>Make this the active plan</source>
        <translation>设为生效方案</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="48" />
        <source>Coverage valid.</source>
        <translation>覆盖有效。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="49" />
        <source>%1 coverage problem(s): this version will be a draft.</source>
        <translation>%1 处覆盖问题：此版本将保存为草稿。</translation>
    </message>
    <message>
        <location filename="../../widgets/plan_versions.py" line="55" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>SensorChart</name>
    <message>
        <location filename="../../widgets/sensor_chart.py" line="46" />
        <source>%1 readings · last %2 %3 · threshold %4 %3</source>
        <translation>%1 个读数 · 最新 %2 %3 · 阈值 %4 %3</translation>
    </message>
    <message>
        <location filename="../../widgets/sensor_chart.py" line="52" />
        <source>No readings received yet · threshold %1 %2</source>
        <translation>尚未收到读数 · 阈值 %1 %2</translation>
    </message>
</context>
<context>
    <name>SensorLayer</name>
    <message>
        <location filename="../../layers/sensors.py" line="70" />
        <source>Sensors / km²</source>
        <translation>传感器/平方公里</translation>
    </message>
</context>
<context>
    <name>StoreSync</name>
    <message>
        <location filename="../../console/sync.py" line="140" />
        <source>Offline since %1: the store cannot be reached, so this action was not taken. Try again when the banner is gone.</source>
        <translation>自 %1 起离线：无法连接数据库，此操作未执行。离线横幅消失后请重试。</translation>
    </message>
</context>
<context>
    <name>SuggestionBanner</name>
    <message>
        <location filename="../../widgets/suggestion_banner.py" line="45" />
        <source>Next (%1 of %2)</source>
        <translation>下一条（第 %1 / %2 条）</translation>
    </message>
    <message>
        <location filename="../../widgets/suggestion_banner.py" line="49" />
        <source>Show on map</source>
        <translation>在地图上查看</translation>
    </message>
    <message>
        <location filename="../../widgets/suggestion_banner.py" line="50" />
        <source>Declare emergency…</source>
        <translation>宣布应急…</translation>
    </message>
    <message>
        <location filename="../../widgets/suggestion_banner.py" line="51" />
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
</context>
<context>
    <name>SuggestionWatch</name>
    <message>
        <location filename="../../console/suggestions.py" line="229" />
        <source>%1 incidents reported</source>
        <translation>上报事件 %1 起</translation>
    </message>
    <message>
        <location filename="../../console/suggestions.py" line="230" />
        <source>%1 %2 sensors in alarm</source>
        <translation>%1 个%2传感器报警</translation>
    </message>
    <message>
        <location filename="../../console/suggestions.py" line="235" />
        <source>Suggest declaring: %1 — %2 within %3 m, %4–%5%6</source>
        <translation>建议启动应急：%1 — %3 米内%2，%4–%5%6</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location filename="../../widgets/users_dialog.py" line="30" />
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="32" />
        <location filename="../../widgets/users_dialog.py" line="46" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="32" />
        <location filename="../../widgets/users_dialog.py" line="47" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="32" />
        <location filename="../../widgets/users_dialog.py" line="48" />
        <source>Jurisdiction</source>
        <translation>辖区</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="42" />
        <source>Add or change user</source>
        <translation>添加或修改用户</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="49" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../widgets/users_dialog.py" line="73" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <location filename="../../widgets/video_tile.py" line="160" />
        <source>No video stream recorded for this camera</source>
        <translation>该摄像头未登记视频流</translation>
    </message>
    <message>
        <location filename="../../widgets/video_tile.py" line="161" />
        <source>Stream address not played (file, RTSP or HTTP only)</source>
        <translation>不播放该地址（仅限文件、RTSP 或 HTTP）</translation>
    </message>
    <message>
        <location filename="../../widgets/video_tile.py" line="162" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../widgets/video_tile.py" line="162" />
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../widgets/video_tile.py" line="163" />
        <source>Stream lost: trying again</source>
        <translation>视频中断：正在重连</translation>
    </message>
    <message>
        <location filename="../../widgets/video_tile.py" line="171" />
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
</context>
<context>
    <name>Wall</name>
    <message>
        <location filename="../../console/wall.py" line="273" />
        <source>GridTwin — wall, screen %1: %2</source>
        <translation>GridTwin — 大屏，第 %1 屏：%2</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="417" />
        <source>follows the console</source>
        <translation>跟随主控台</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="418" />
        <source>follows the console, ×%1 closer</source>
        <translation>跟随主控台，放大 %1 倍</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="420" />
        <source>own view</source>
        <translation>独立视图</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="421" />
        <source>Map: %1 · %2</source>
        <translation>地图：%1 · %2</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="424" />
        <source>situation</source>
        <translation>综合态势</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="424" />
        <source>cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="424" />
        <source>sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="425" />
        <source>incident density</source>
        <translation>事件密度</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="428" />
        <source>Incident board</source>
        <translation>事件看板</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="428" />
        <source>Camera wall</source>
        <translation>视频墙</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="429" />
        <source>Governance ranking</source>
        <translation>治理排名</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="429" />
        <source>Emergency picture</source>
        <translation>应急态势</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="436" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="438" />
        <source>Map: %1</source>
        <translation>地图：%1</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="450" />
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="451" />
        <source>the console's map</source>
        <translation>主控台地图</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="451" />
        <source>the console's map, 4× closer</source>
        <translation>主控台地图，放大 4 倍</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="452" />
        <source>the console's map, 4× wider</source>
        <translation>主控台地图，缩小 4 倍</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="458" />
        <source>nothing (own view)</source>
        <translation>不跟随（独立视图）</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="462" />
        <source>Detail</source>
        <translation>细节</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="463" />
        <source>by scale</source>
        <translation>按比例尺</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="463" />
        <source>every point</source>
        <translation>逐点显示</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="464" />
        <source>density</source>
        <translation>密度</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="470" />
        <source>Split this screen</source>
        <translation>分屏方式</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="471" />
        <source>one view</source>
        <translation>单视图</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="471" />
        <source>one large and two</source>
        <translation>一大两小</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="472" />
        <source>four (2×2)</source>
        <translation>四分屏（2×2）</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="483" />
        <source>No wall screens: start with --screens 0,1,…</source>
        <translation>没有大屏：请用 --screens 0,1,… 启动</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="495" />
        <source>Save this wall as…</source>
        <translation>将当前大屏布局另存为…</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="497" />
        <source>Remove a saved layout</source>
        <translation>删除已保存的布局</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="500" />
        <source>Show the wall again</source>
        <translation>重新显示大屏</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="503" />
        <source>Save wall layout</source>
        <translation>保存大屏布局</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="504" />
        <source>Name for this mode's wall layout:</source>
        <translation>本模式大屏布局的名称：</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="517" />
        <source>%1 is on the wall, screen %2.</source>
        <translation>%1 已在大屏第 %2 屏显示。</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="519" />
        <source>Bring it back here</source>
        <translation>移回主控台</translation>
    </message>
    <message>
        <location filename="../../console/wall.py" line="522" />
        <source>Video wall</source>
        <translation>大屏</translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <location filename="../../widgets/replay_panel.py" line="235" />
        <source>Active plan</source>
        <translation>现行方案</translation>
    </message>
    <message>
        <location filename="../../widgets/replay_panel.py" line="235" />
        <source>One grid per community</source>
        <translation>每个社区一个网格</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <location filename="../../widgets/incident_detail.py" line="26" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="26" />
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="26" />
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="27" />
        <source>Start work</source>
        <translation>开始处置</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="27" />
        <source>Resolve</source>
        <translation>处置完成</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="27" />
        <source>Review &amp; close</source>
        <translation>核查结案</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="28" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="28" />
        <source>Escalate</source>
        <translation>上报升级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_detail.py" line="28" />
        <source>Cancelled by sender</source>
        <translation>发送方撤销</translation>
    </message>
</context>
</TS>