<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>sd::ReviewIssues</name>
    <message numerus="yes">
        <location filename="../core/reviewissues.cpp" line="+64"/>
        <source>%n review issue(s) on this mask are still open; resolve them before submitting (the project blocks submission while issues are open).</source>
        <translation>
            <numerusform>%n review issue on this mask is still open; resolve it before submitting (the project blocks submission while issues are open).</numerusform>
            <numerusform>%n review issues on this mask are still open; resolve them before submitting (the project blocks submission while issues are open).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::AnswerReviewDialog</name>
    <message numerus="yes">
        <location filename="../ui/teacher/answerreviewdialog.cpp" line="+200"/>
        <source>Accepted %n answer(s) outside the sample.</source>
        <translation>
            <numerusform>Accepted %n answer outside the sample.</numerusform>
            <numerusform>Accepted %n answers outside the sample.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/workspace/mainwindow.cpp" line="+232"/>
        <location line="+614"/>
        <source>%n frame(s) shown</source>
        <translation>
            <numerusform>%n frame shown</numerusform>
            <numerusform>%n frames shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-38"/>
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n frame</numerusform>
            <numerusform>%n frames</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n video</numerusform>
            <numerusform>%n videos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+401"/>
        <source>Imported %n frame(s) from the video</source>
        <translation>
            <numerusform>Imported %n frame from the video</numerusform>
            <numerusform>Imported %n frames from the video</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::PairReviewDialog</name>
    <message numerus="yes">
        <location filename="../ui/teacher/pairreviewdialog.cpp" line="+53"/>
        <source>Imported %n pair(s) from %1 for review.</source>
        <translation>
            <numerusform>Imported %n pair from %1 for review.</numerusform>
            <numerusform>Imported %n pairs from %1 for review.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::PropagateAction</name>
    <message numerus="yes">
        <location filename="../ui/annotation/propagateaction.cpp" line="+107"/>
        <source>%n propagated draft(s) written</source>
        <translation>
            <numerusform>%n propagated draft written</numerusform>
            <numerusform>%n propagated drafts written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; %n frame(s) with a mask skipped</source>
        <translation>
            <numerusform>; %n frame with a mask skipped</numerusform>
            <numerusform>; %n frames with a mask skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; on %n frame(s) the structure left the view</source>
        <translation>
            <numerusform>; on %n frame the structure left the view</numerusform>
            <numerusform>; on %n frames the structure left the view</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::PropagateDialog</name>
    <message numerus="yes">
        <location filename="../ui/annotation/propagatedialog.cpp" line="+78"/>
        <source>%n of these frames already has a mask of this structure:</source>
        <translation>
            <numerusform>%n of these frames already has a mask of this structure:</numerusform>
            <numerusform>%n of these frames already have a mask of this structure:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::SegModelActions</name>
    <message numerus="yes">
        <location filename="../ui/model/segmodelactions.cpp" line="+112"/>
        <source>%n model draft(s) written; each needs a person&apos;s submission and a reviewer&apos;s approval.</source>
        <translation>
            <numerusform>%n model draft written; it needs a person&apos;s submission and a reviewer&apos;s approval.</numerusform>
            <numerusform>%n model drafts written; each needs a person&apos;s submission and a reviewer&apos;s approval.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n frame(s) suggested for labelling next: see the frame list&apos;s &quot;Suggested next&quot; filter.</source>
        <translation>
            <numerusform>%n frame suggested for labelling next: see the frame list&apos;s &quot;Suggested next&quot; filter.</numerusform>
            <numerusform>%n frames suggested for labelling next: see the frame list&apos;s &quot;Suggested next&quot; filter.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherGenerateDialog</name>
    <message numerus="yes">
        <location filename="../ui/teacher/teachergeneratedialog.cpp" line="+352"/>
        <source>Finished with %n failed request(s); Run again to retry them.</source>
        <translation>
            <numerusform>Finished with %n failed request; Run again to retry them.</numerusform>
            <numerusform>Finished with %n failed requests; Run again to retry them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Finished: %n new answer(s). They need a surgeon&apos;s review before they enter a data set.</source>
        <translation>
            <numerusform>Finished: %n new answer. They need a surgeon&apos;s review before they enter a data set.</numerusform>
            <numerusform>Finished: %n new answers. They need a surgeon&apos;s review before they enter a data set.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherMenu</name>
    <message numerus="yes">
        <location filename="../ui/teacher/teachermenu.cpp" line="+59"/>
        <source>SFT: %n example(s) in %1</source>
        <translation>
            <numerusform>SFT: %n example in %1</numerusform>
            <numerusform>SFT: %n examples in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>DPO: %n pair(s) in %1</source>
        <translation>
            <numerusform>DPO: %n pair in %1</numerusform>
            <numerusform>DPO: %n pairs in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::VideoImportDialog</name>
    <message numerus="yes">
        <location filename="../ui/frames/videoimportdialog.cpp" line="+222"/>
        <source>About %n frame(s) will be imported.</source>
        <translation>
            <numerusform>About %n frame will be imported.</numerusform>
            <numerusform>About %n frames will be imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+55"/>
        <source>Imported %n frame(s).</source>
        <translation>
            <numerusform>Imported %n frame.</numerusform>
            <numerusform>Imported %n frames.</numerusform>
        </translation>
    </message>
</context>
</TS>
