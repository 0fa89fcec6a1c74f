<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>xw::viewer::app::ClassesDialog</name>
    <message>
        <source>From year</source>
        <translation>From year</translation>
    </message>
    <message>
        <source>Grade %1 classes</source>
        <translation>Grade %1 classes</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::DetailsPanel</name>
    <message>
        <source>red</source>
        <translation>red</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>yellow</translation>
    </message>
    <message>
        <source>green</source>
        <translation>green</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nothing selected</translation>
    </message>
    <message>
        <source>Click a school, a housing project or a town on the map.</source>
        <translation>Click a school, a housing project or a town on the map.</translation>
    </message>
    <message>
        <source>%1 · %2 · town %3 · year %4</source>
        <translation>%1 · %2 · town %3 · year %4</translation>
    </message>
    <message>
        <source>planned new school</source>
        <translation>planned new school</translation>
    </message>
    <message>
        <source>closed by the plan</source>
        <translation>closed by the plan</translation>
    </message>
    <message>
        <source>Catchment (%1): %2 grid cells, %3 km²</source>
        <translation>Catchment (%1): %2 grid cells, %3 km²</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>Class size</source>
        <translation>Class size</translation>
    </message>
    <message>
        <source>Classes ≥%1</source>
        <translation>Classes ≥%1</translation>
    </message>
    <message>
        <source>Assigned (mean distance)</source>
        <translation>Assigned (mean distance)</translation>
    </message>
    <message>
        <source>%1: demand against seats by year</source>
        <translation>%1: demand against seats by year</translation>
    </message>
    <message>
        <source>Projected enrolment</source>
        <translation>Projected enrolment</translation>
    </message>
    <message>
        <source>Children assigned</source>
        <translation>Children assigned</translation>
    </message>
    <message>
        <source>%1 · district %2 · year %3</source>
        <translation>%1 · district %2 · year %3</translation>
    </message>
    <message>
        <source>Demand</source>
        <translation>Demand</translation>
    </message>
    <message>
        <source>Shortfall</source>
        <translation>Shortfall</translation>
    </message>
    <message>
        <source>Warning (P)</source>
        <translation>Warning (P)</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>Accessibility</translation>
    </message>
    <message>
        <source>%1: projection by year</source>
        <translation>%1: projection by year</translation>
    </message>
    <message>
        <source>Expected enrolment</source>
        <translation>Expected enrolment</translation>
    </message>
    <message>
        <source>%1 · town %2 · %3 dwellings · completion %4</source>
        <translation>%1 · town %2 · %3 dwellings · completion %4</translation>
    </message>
    <message>
        <source>Planned kindergarten</source>
        <translation>Planned kindergarten</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>classes</translation>
    </message>
    <message>
        <source>public or puhui</source>
        <translation>public or puhui</translation>
    </message>
    <message>
        <source>private</source>
        <translation>private</translation>
    </message>
    <message>
        <source>complies</source>
        <translation>complies</translation>
    </message>
    <message>
        <source>not required</source>
        <translation>not required</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Run as</source>
        <translation>Run as</translation>
    </message>
    <message>
        <source>Classes required</source>
        <translation>Classes required</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::HousingDialog</name>
    <message>
        <source>Housing project</source>
        <translation>Housing project</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Dwellings</source>
        <translation>Dwellings</translation>
    </message>
    <message>
        <source>Completion year</source>
        <translation>Completion year</translation>
    </message>
    <message>
        <source>Kindergarten classes planned</source>
        <translation>Kindergarten classes planned</translation>
    </message>
    <message>
        <source>Delivery year known</source>
        <translation>Delivery year known</translation>
    </message>
    <message>
        <source>Kindergarten delivered in</source>
        <translation>Kindergarten delivered in</translation>
    </message>
    <message>
        <source>Run as public or puhui kindergarten</source>
        <translation>Run as public or puhui kindergarten</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::MainWindow</name>
    <message>
        <source>About Xuewei</source>
        <translation>About Xuewei</translation>
    </message>
    <message>
        <source>Xuewei 学位: school-seat planning simulator.
Maps and figures come from the study engine; this window only shows and edits them.</source>
        <translation>Xuewei 学位: school-seat planning simulator.
Maps and figures come from the study engine; this window only shows and edits them.</translation>
    </message>
    <message>
        <source>Xuewei — school places</source>
        <translation>Xuewei — school places</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>&amp;Open scenario…</translation>
    </message>
    <message>
        <source>Open &amp;dataset folder…</source>
        <translation>Open &amp;dataset folder…</translation>
    </message>
    <message>
        <source>&amp;Compare with scenario…</source>
        <translation>&amp;Compare with scenario…</translation>
    </message>
    <message>
        <source>&amp;Save scenario as…</source>
        <translation>&amp;Save scenario as…</translation>
    </message>
    <message>
        <source>&amp;Export map (PNG, PDF)…</source>
        <translation>&amp;Export map (PNG, PDF)…</translation>
    </message>
    <message>
        <source>Write &amp;report (PDF)…</source>
        <translation>Write &amp;report (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>Add school</source>
        <translation>Add school</translation>
    </message>
    <message>
        <source>Add housing</source>
        <translation>Add housing</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>Classes…</source>
        <translation>Classes…</translation>
    </message>
    <message>
        <source>Close / reopen school</source>
        <translation>Close / reopen school</translation>
    </message>
    <message>
        <source>Housing…</source>
        <translation>Housing…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Fit to &amp;city</source>
        <translation>Fit to &amp;city</translation>
    </message>
    <message>
        <source>Fit to &amp;district</source>
        <translation>Fit to &amp;district</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>&amp;Layers</translation>
    </message>
    <message>
        <source>Schools</source>
        <translation>Schools</translation>
    </message>
    <message>
        <source>Housing projects</source>
        <translation>Housing projects</translation>
    </message>
    <message>
        <source>Attendance zones</source>
        <translation>Attendance zones</translation>
    </message>
    <message>
        <source>Computed catchments</source>
        <translation>Computed catchments</translation>
    </message>
    <message>
        <source>Road network</source>
        <translation>Road network</translation>
    </message>
    <message>
        <source>No grid</source>
        <translation>No grid</translation>
    </message>
    <message>
        <source>Demand points</source>
        <translation>Demand points</translation>
    </message>
    <message>
        <source>Accessibility grid (2SFCA)</source>
        <translation>Accessibility grid (2SFCA)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Unsaved edits</source>
        <translation>Unsaved edits</translation>
    </message>
    <message>
        <source>The plan has unsaved edits. Quit without saving?</source>
        <translation>The plan has unsaved edits. Quit without saving?</translation>
    </message>
    <message>
        <source>Xuewei</source>
        <translation>Xuewei</translation>
    </message>
    <message>
        <source>Open dataset folder</source>
        <translation>Open dataset folder</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Open scenario</translation>
    </message>
    <message>
        <source>Scenario files (*.yaml *.yml)</source>
        <translation>Scenario files (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Compare with scenario</source>
        <translation>Compare with scenario</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>Save scenario as</translation>
    </message>
    <message>
        <source>Scenario files (*.yaml)</source>
        <translation>Scenario files (*.yaml)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Export map</source>
        <translation>Export map</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation>PNG image (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Written %1</source>
        <translation>Written %1</translation>
    </message>
    <message>
        <source>Write report</source>
        <translation>Write report</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing report %1 …</source>
        <translation>Writing report %1 …</translation>
    </message>
    <message>
        <source>Written %1 (%2 pages)</source>
        <translation>Written %1 (%2 pages)</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::NewSchoolDialog</name>
    <message>
        <source>New school</source>
        <translation>New school</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Opens in</source>
        <translation>Opens in</translation>
    </message>
    <message>
        <source>Classes per grade (%1 grades of %2)</source>
        <translation>Classes per grade (%1 grades of %2)</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::PlanEditor</name>
    <message>
        <source>New %1 %2</source>
        <translation>New %1 %2</translation>
    </message>
    <message>
        <source>New housing %1</source>
        <translation>New housing %1</translation>
    </message>
    <message>
        <source>Add school %1</source>
        <translation>Add school %1</translation>
    </message>
    <message>
        <source>Add housing %1</source>
        <translation>Add housing %1</translation>
    </message>
    <message>
        <source>Only the plan&apos;s new schools can be moved; the schools of the dataset stay where they are.</source>
        <translation>Only the plan&apos;s new schools can be moved; the schools of the dataset stay where they are.</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>Move %1</translation>
    </message>
    <message>
        <source>Classes of %1</source>
        <translation>Classes of %1</translation>
    </message>
    <message>
        <source>Reopen %1</source>
        <translation>Reopen %1</translation>
    </message>
    <message>
        <source>Close %1</source>
        <translation>Close %1</translation>
    </message>
    <message>
        <source>Edit housing %1</source>
        <translation>Edit housing %1</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::RunStatus</name>
    <message>
        <source>Ready. Last run: %1 s</source>
        <translation>Ready. Last run: %1 s</translation>
    </message>
    <message>
        <source>Computing: %1</source>
        <translation>Computing: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
</context>
<context>
    <name>xw::viewer::app::ViewControls</name>
    <message>
        <source>View</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Stage </source>
        <translation>Stage </translation>
    </message>
    <message>
        <source> Map </source>
        <translation> Map </translation>
    </message>
    <message>
        <source> Year </source>
        <translation> Year </translation>
    </message>
    <message>
        <source> Scenario </source>
        <translation> Scenario </translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Seat shortfall</source>
        <translation>Seat shortfall</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>Seat warning</source>
        <translation>Seat warning</translation>
    </message>
    <message>
        <source>Indicators not met</source>
        <translation>Indicators not met</translation>
    </message>
    <message>
        <source>Accessibility (2SFCA)</source>
        <translation>Accessibility (2SFCA)</translation>
    </message>
    <message>
        <source>Single</source>
        <translation>Single</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Side by side</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation> (edited)</translation>
    </message>
</context>
</TS>
