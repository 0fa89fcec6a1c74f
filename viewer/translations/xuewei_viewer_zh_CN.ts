<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>xw::viewer::app::ClassesDialog</name>
    <message>
        <source>From year</source>
        <translation>自年份</translation>
    </message>
    <message>
        <source>Grade %1 classes</source>
        <translation>%1 年级班数</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::DetailsPanel</name>
    <message>
        <source>red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>未选中</translation>
    </message>
    <message>
        <source>Click a school, a housing project or a town on the map.</source>
        <translation>在地图上点击学校、新建小区或乡镇。</translation>
    </message>
    <message>
        <source>%1 · %2 · town %3 · year %4</source>
        <translation>%1 · %2 · 乡镇 %3 · %4 年</translation>
    </message>
    <message>
        <source>planned new school</source>
        <translation>方案新建学校</translation>
    </message>
    <message>
        <source>closed by the plan</source>
        <translation>方案撤并</translation>
    </message>
    <message>
        <source>Catchment (%1): %2 grid cells, %3 km²</source>
        <translation>服务范围（%1）：%2 个格网，%3 平方公里</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>学段</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>班数</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>学位</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>在校生</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Class size</source>
        <translation>平均班额</translation>
    </message>
    <message>
        <source>Classes ≥%1</source>
        <translation>大班额班数（≥%1人）</translation>
    </message>
    <message>
        <source>Assigned (mean distance)</source>
        <translation>分配人数（平均距离）</translation>
    </message>
    <message>
        <source>%1: demand against seats by year</source>
        <translation>%1：逐年需求与学位</translation>
    </message>
    <message>
        <source>Projected enrolment</source>
        <translation>预计在校生</translation>
    </message>
    <message>
        <source>Children assigned</source>
        <translation>分配儿童</translation>
    </message>
    <message>
        <source>%1 · district %2 · year %3</source>
        <translation>%1 · 区县 %2 · %3 年</translation>
    </message>
    <message>
        <source>Demand</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Shortfall</source>
        <translation>缺口</translation>
    </message>
    <message>
        <source>Warning (P)</source>
        <translation>学位预警（概率）</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>可达性</translation>
    </message>
    <message>
        <source>%1: projection by year</source>
        <translation>%1：逐年预测</translation>
    </message>
    <message>
        <source>Expected enrolment</source>
        <translation>预计在校生</translation>
    </message>
    <message>
        <source>%1 · town %2 · %3 dwellings · completion %4</source>
        <translation>%1 · 乡镇 %2 · %3 套 · %4 年竣工</translation>
    </message>
    <message>
        <source>Planned kindergarten</source>
        <translation>配套幼儿园</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>班</translation>
    </message>
    <message>
        <source>public or puhui</source>
        <translation>公办或普惠</translation>
    </message>
    <message>
        <source>private</source>
        <translation>民办</translation>
    </message>
    <message>
        <source>complies</source>
        <translation>符合要求</translation>
    </message>
    <message>
        <source>not required</source>
        <translation>规模以下不要求</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>Run as</source>
        <translation>办园性质</translation>
    </message>
    <message>
        <source>Classes required</source>
        <translation>应配班数</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核查</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::HousingDialog</name>
    <message>
        <source>Housing project</source>
        <translation>新建小区</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Dwellings</source>
        <translation>套数</translation>
    </message>
    <message>
        <source>Completion year</source>
        <translation>竣工年份</translation>
    </message>
    <message>
        <source>Kindergarten classes planned</source>
        <translation>规划配套园班数</translation>
    </message>
    <message>
        <source>Delivery year known</source>
        <translation>已知交付年份</translation>
    </message>
    <message>
        <source>Kindergarten delivered in</source>
        <translation>配套园交付年份</translation>
    </message>
    <message>
        <source>Run as public or puhui kindergarten</source>
        <translation>办成公办或普惠园</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::MainWindow</name>
    <message>
        <source>About Xuewei</source>
        <translation>关于学位</translation>
    </message>
    <message>
        <source>Xuewei 学位: school-seat planning simulator.
Maps and figures come from the study engine; this window only shows and edits them.</source>
        <translation>学位 Xuewei：学校布局与学位供需模拟。
地图和数字都来自研究引擎；本窗口只显示和编辑它们。</translation>
    </message>
    <message>
        <source>Xuewei — school places</source>
        <translation>学位 — 学位供需</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>打开方案(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;dataset folder…</source>
        <translation>打开数据集目录(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Compare with scenario…</source>
        <translation>与方案比较(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Save scenario as…</source>
        <translation>方案另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export map (PNG, PDF)…</source>
        <translation>导出地图 (PNG、PDF)(&amp;E)…</translation>
    </message>
    <message>
        <source>Write &amp;report (PDF)…</source>
        <translation>生成报告 (PDF)(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Add school</source>
        <translation>新建学校</translation>
    </message>
    <message>
        <source>Add housing</source>
        <translation>新建小区</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Classes…</source>
        <translation>班数…</translation>
    </message>
    <message>
        <source>Close / reopen school</source>
        <translation>撤并 / 恢复学校</translation>
    </message>
    <message>
        <source>Housing…</source>
        <translation>小区…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Fit to &amp;city</source>
        <translation>全市(&amp;C)</translation>
    </message>
    <message>
        <source>Fit to &amp;district</source>
        <translation>缩放到区县(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Housing projects</source>
        <translation>新建小区</translation>
    </message>
    <message>
        <source>Attendance zones</source>
        <translation>学区</translation>
    </message>
    <message>
        <source>Computed catchments</source>
        <translation>计算服务范围</translation>
    </message>
    <message>
        <source>Road network</source>
        <translation>路网</translation>
    </message>
    <message>
        <source>No grid</source>
        <translation>无格网</translation>
    </message>
    <message>
        <source>Demand points</source>
        <translation>需求点</translation>
    </message>
    <message>
        <source>Accessibility grid (2SFCA)</source>
        <translation>可达性格网 (2SFCA)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Unsaved edits</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The plan has unsaved edits. Quit without saving?</source>
        <translation>方案有未保存的修改。不保存就退出吗？</translation>
    </message>
    <message>
        <source>Xuewei</source>
        <translation>学位</translation>
    </message>
    <message>
        <source>Open dataset folder</source>
        <translation>打开数据集目录</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开方案</translation>
    </message>
    <message>
        <source>Scenario files (*.yaml *.yml)</source>
        <translation>方案文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Compare with scenario</source>
        <translation>与方案比较</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>方案另存为</translation>
    </message>
    <message>
        <source>Scenario files (*.yaml)</source>
        <translation>方案文件 (*.yaml)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation>PNG 图像 (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Written %1</source>
        <translation>已写出 %1</translation>
    </message>
    <message>
        <source>Write report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing report %1 …</source>
        <translation>正在生成报告 %1 …</translation>
    </message>
    <message>
        <source>Written %1 (%2 pages)</source>
        <translation>已写出 %1（%2 页）</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::NewSchoolDialog</name>
    <message>
        <source>New school</source>
        <translation>新建学校</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Opens in</source>
        <translation>开办年份</translation>
    </message>
    <message>
        <source>Classes per grade (%1 grades of %2)</source>
        <translation>每年级班数（%2 共 %1 个年级）</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::PlanEditor</name>
    <message>
        <source>New %1 %2</source>
        <translation>新建%1 %2</translation>
    </message>
    <message>
        <source>New housing %1</source>
        <translation>新建小区 %1</translation>
    </message>
    <message>
        <source>Add school %1</source>
        <translation>新建学校 %1</translation>
    </message>
    <message>
        <source>Add housing %1</source>
        <translation>新建小区 %1</translation>
    </message>
    <message>
        <source>Only the plan&apos;s new schools can be moved; the schools of the dataset stay where they are.</source>
        <translation>只能移动方案中新建的学校；数据集中的学校位置不变。</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>移动 %1</translation>
    </message>
    <message>
        <source>Classes of %1</source>
        <translation>%1 的班数</translation>
    </message>
    <message>
        <source>Reopen %1</source>
        <translation>恢复 %1</translation>
    </message>
    <message>
        <source>Close %1</source>
        <translation>撤并 %1</translation>
    </message>
    <message>
        <source>Edit housing %1</source>
        <translation>修改小区 %1</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::RunStatus</name>
    <message>
        <source>Ready. Last run: %1 s</source>
        <translation>就绪。上次计算：%1 秒</translation>
    </message>
    <message>
        <source>Computing: %1</source>
        <translation>计算中：%1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::ViewControls</name>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Stage </source>
        <translation>学段 </translation>
    </message>
    <message>
        <source> Map </source>
        <translation> 专题 </translation>
    </message>
    <message>
        <source> Year </source>
        <translation> 年份 </translation>
    </message>
    <message>
        <source> Scenario </source>
        <translation> 方案 </translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Seat shortfall</source>
        <translation>学位缺口</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Seat warning</source>
        <translation>学位预警</translation>
    </message>
    <message>
        <source>Indicators not met</source>
        <translation>未达标指标</translation>
    </message>
    <message>
        <source>Accessibility (2SFCA)</source>
        <translation>可达性 (2SFCA)</translation>
    </message>
    <message>
        <source>Single</source>
        <translation>单个方案</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排比较</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差值图</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（编辑中）</translation>
    </message>
</context>
</TS>
