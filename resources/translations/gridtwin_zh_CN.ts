<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BasemapLayer</name>
    <message>
        <location filename="../../layers/basemap.py" line="65" />
        <source>Water</source>
        <translation>水系</translation>
    </message>
    <message>
        <location filename="../../layers/basemap.py" line="66" />
        <source>Trunk road</source>
        <translation>快速路</translation>
    </message>
    <message>
        <location filename="../../layers/basemap.py" line="67" />
        <source>Arterial road</source>
        <translation>主干道</translation>
    </message>
</context>
<context>
    <name>CameraLayer</name>
    <message>
        <location filename="../../layers/cameras.py" line="98" />
        <source>View cone (zoomed in)</source>
        <translation>视域（放大后显示）</translation>
    </message>
</context>
<context>
    <name>Features</name>
    <message>
        <location filename="../../console/features.py" line="12" />
        <source>Grid id</source>
        <translation>网格编号</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="13" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="13" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="14" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="14" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="15" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="15" />
        <source>Sensors</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="16" />
        <source>Sensors in alarm</source>
        <translation>报警传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="17" />
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="17" />
        <source>Open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="18" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="18" />
        <source>Sensor</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="19" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="19" />
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="20" />
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="24" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="12" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="20" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="21" />
        <source>Heading</source>
        <translation>朝向</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="21" />
        <source>Field of view</source>
        <translation>视场角</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="22" />
        <source>Range</source>
        <translation>可视距离</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="22" />
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="23" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="23" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../console/features.py" line="24" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>GridLayer</name>
    <message>
        <location filename="../../layers/grids.py" line="128" />
        <source>Street boundary</source>
        <translation>街道界线</translation>
    </message>
    <message>
        <location filename="../../layers/grids.py" line="129" />
        <source>Community boundary</source>
        <translation>社区界线</translation>
    </message>
    <message>
        <location filename="../../layers/grids.py" line="130" />
        <source>Grid boundary</source>
        <translation>网格界线</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <location filename="../../widgets/incident_list.py" line="103" />
        <source>Open incidents only</source>
        <translation>仅显示未办结事件</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="104" />
        <source>%1 of %2 incidents</source>
        <translation>显示 %1 / 共 %2 件事件</translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <location filename="../../widgets/incident_list.py" line="34" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="34" />
        <source>Sev.</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="34" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="34" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/incident_list.py" line="34" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../widgets/inspector.py" line="26" />
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="26" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="28" />
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
        <location filename="../../layers/labels.py" line="18" />
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="19" />
        <source>Smoke</source>
        <translation>烟感</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="20" />
        <source>Water level</source>
        <translation>水位</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="21" />
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="22" />
        <source>Slope movement</source>
        <translation>边坡位移</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="23" />
        <source>Manhole cover</source>
        <translation>井盖</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="25" />
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="26" />
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="27" />
        <source>Alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="28" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="29" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="30" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="31" />
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="32" />
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="33" />
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="34" />
        <source>Resolved</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="35" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="36" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="37" />
        <source>Escalated</source>
        <translation>已上报升级</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="39" />
        <source>Sanitation</source>
        <translation>市容环卫</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="40" />
        <source>Illegal construction</source>
        <translation>违法建设</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="41" />
        <source>Road damage</source>
        <translation>道路破损</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="42" />
        <source>Illegal parking</source>
        <translation>违规停车</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="43" />
        <source>Noise nuisance</source>
        <translation>噪声扰民</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="44" />
        <source>Fire hazard</source>
        <translation>消防隐患</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="45" />
        <source>Water &amp; drainage</source>
        <translation>供排水</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="46" />
        <source>Street vending</source>
        <translation>占道经营</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="47" />
        <source>Public facility</source>
        <translation>公共设施</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="48" />
        <source>Safety hazard</source>
        <translation>安全隐患</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="49" />
        <source>Neighbour dispute</source>
        <translation>邻里纠纷</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="50" />
        <source>Gas leak</source>
        <translation>燃气泄漏</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="51" />
        <source>Flooding</source>
        <translation>内涝</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="53" />
        <source>Hotline 12345</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="54" />
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="55" />
        <source>Citizen</source>
        <translation>市民上报</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="56" />
        <source>Sensor</source>
        <translation>传感器</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="58" />
        <source>Retaining wall</source>
        <translation>挡土墙</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="59" />
        <source>Flood point</source>
        <translation>易涝点</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="60" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="61" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="62" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="63" />
        <source>Shelter</source>
        <translation>应急避难场所</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="65" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="66" />
        <source>Open incidents</source>
        <translation>未办结事件</translation>
    </message>
    <message>
        <location filename="../../layers/labels.py" line="67" />
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
    <name>MainWindow</name>
    <message>
        <location filename="../../console/main_window.py" line="178" />
        <source>GridTwin — %1</source>
        <translation>网格孪生指挥台 — %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="179" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="179" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="179" />
        <source>Inspector</source>
        <translation>要素详情</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="180" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="183" />
        <source>Whole district</source>
        <translation>全区视图</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="184" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="185" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="186" />
        <source>Zoom box</source>
        <translation>框选放大</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="187" />
        <source>Emergency mode (F12)</source>
        <translation>切换应急模式 (F12)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="188" />
        <source>Stand down (F12)</source>
        <translation>解除应急 (F12)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="189" />
        <source>Grid fill:</source>
        <translation>网格着色：</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="197" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="198" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="327" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="334" />
        <source>Grids %1 · Sensors %2 (%3 in alarm) · Cameras %4 · Open incidents %5</source>
        <translation>网格 %1 · 传感器 %2（报警 %3）· 摄像头 %4 · 未办结事件 %5</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <location filename="../../widgets/mode_banner.py" line="23" />
        <source>⚠ EMERGENCY COMMAND MODE   ·   elapsed %1</source>
        <translation>⚠ 应急指挥模式   ·   已持续 %1</translation>
    </message>
</context>
<context>
    <name>RiskLayer</name>
    <message>
        <location filename="../../layers/risk.py" line="37" />
        <source>Risk site</source>
        <translation>风险点</translation>
    </message>
</context>
</TS>