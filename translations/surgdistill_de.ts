<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>sd::ConsensusWorkflow</name>
    <message>
        <location filename="../core/consensus/honeypots.cpp" line="+33"/>
        <source>The honeypot share must be above 0 and at most 1 (e.g. 0.1).</source>
        <translation>Der Anteil der Kontrollbilder muss größer als 0 und höchstens 1 sein (z. B. 0,1).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No frame has all its masks approved yet: honeypots need an approved reference.</source>
        <translation>Noch kein Bild hat nur freigegebene Masken: Kontrollbilder brauchen eine freigegebene Referenz.</translation>
    </message>
    <message>
        <location filename="../core/consensus/independentannotation.cpp" line="+18"/>
        <source>Only reviewers see and merge the independent annotations.</source>
        <translation>Nur Prüfer sehen die unabhängigen Annotationen und führen sie zusammen.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A frame needs between 1 and %1 independent annotations, not %2.</source>
        <translation>Ein Bild braucht zwischen 1 und %1 unabhängigen Annotationen, nicht %2.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Frame %1 is not annotated independently by %2.</source>
        <translation>Bild %1 wird von %2 nicht unabhängig annotiert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 already submitted this annotation; it cannot change any more.</source>
        <translation>%1 hat diese Annotation bereits eingereicht; sie kann nicht mehr geändert werden.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 has no annotation of this structure on frame %2 to submit.</source>
        <translation>%1 hat keine Annotation dieser Struktur auf Bild %2, die eingereicht werden könnte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This annotation is already submitted.</source>
        <translation>Diese Annotation ist bereits eingereicht.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Frame %1 is a honeypot: its reference is the approved mask and stays as it is.</source>
        <translation>Bild %1 ist ein Kontrollbild: Seine Referenz ist die freigegebene Maske und bleibt unverändert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 independent annotations are submitted; wait for the others.</source>
        <translation>%1 von %2 unabhängigen Annotationen sind eingereicht; warten Sie auf die übrigen.</translation>
    </message>
</context>
<context>
    <name>sd::Propagation</name>
    <message>
        <location filename="../core/assist/propagation.cpp" line="+148"/>
        <source>There is no frame %1 in this project.</source>
        <translation>Dieses Projekt hat kein Bild %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no such structure in this project.</source>
        <translation>Dieses Projekt hat keine solche Struktur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Propagate to at least one following frame (got %1).</source>
        <translation>Übertragen Sie auf mindestens ein folgendes Bild (angegeben: %1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Frame %1 is not part of a video: a mask can only follow the frames after it in the same video. Nothing was written.</source>
        <translation>Bild %1 gehört zu keinem Video: Eine Maske kann nur den folgenden Bildern desselben Videos folgen. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Frame %1 is the last frame of its video in this project: there are no following frames to propagate to. Nothing was written.</source>
        <translation>Bild %1 ist das letzte Bild seines Videos in diesem Projekt: Es gibt keine folgenden Bilder, auf die übertragen werden kann. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Frame %1 has no mask of %2 to propagate. Nothing was written.</source>
        <translation>Bild %1 hat keine Maske von %2, die übertragen werden könnte. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The mask of %2 on frame %1 is empty: there is nothing to propagate. Nothing was written.</source>
        <translation>Die Maske von %2 auf Bild %1 ist leer: Es gibt nichts zu übertragen. Es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>sd::ReviewIssues</name>
    <message>
        <location filename="../core/reviewissues.cpp" line="+15"/>
        <source>Review issue %1 does not exist.</source>
        <translation>Prüfhinweis %1 existiert nicht.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Review issue %1 is already resolved.</source>
        <translation>Prüfhinweis %1 ist bereits erledigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review issue %1 is already open.</source>
        <translation>Prüfhinweis %1 ist bereits offen.</translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>%n review issue(s) on this mask are still open; resolve them before submitting (the project blocks submission while issues are open).</source>
        <translation>
            <numerusform>%n Prüfhinweis zu dieser Maske ist noch offen; erledigen Sie ihn vor dem Einreichen (das Projekt sperrt das Einreichen, solange Prüfhinweise offen sind).</numerusform>
            <numerusform>%n Prüfhinweise zu dieser Maske sind noch offen; erledigen Sie sie vor dem Einreichen (das Projekt sperrt das Einreichen, solange Prüfhinweise offen sind).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Only reviewers can open review issues.</source>
        <translation>Nur Prüfer können Prüfhinweise anlegen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Say what the issue is: the comment is empty.</source>
        <translation>Beschreiben Sie das Problem: Der Kommentar ist leer.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Frame %1 does not exist.</source>
        <translation>Bild %1 existiert nicht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The issue must lie inside the frame (%1 × %2 pixels).</source>
        <translation>Der Prüfhinweis muss innerhalb des Bildes liegen (%1 × %2 Pixel).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Structure %1 does not exist.</source>
        <translation>Struktur %1 existiert nicht.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The reply is empty.</source>
        <translation>Die Antwort ist leer.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Only the mask&apos;s annotator (%1) or a reviewer can resolve or reopen this issue.</source>
        <translation>Nur der Annotator der Maske (%1) oder ein Prüfer kann diesen Prüfhinweis erledigen oder wieder öffnen.</translation>
    </message>
</context>
<context>
    <name>sd::ReviewWorkflow</name>
    <message>
        <location filename="../core/reviewworkflow.cpp" line="+15"/>
        <location line="+107"/>
        <source>Mask %1 does not exist.</source>
        <translation>Maske %1 existiert nicht.</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>Set a user name first (Edit &gt; User…).</source>
        <translation>Legen Sie zuerst einen Benutzernamen fest (Bearbeiten &gt; Benutzer…).</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A mask needs one or two reviews, not %1.</source>
        <translation>Eine Maske benötigt eine oder zwei Prüfungen, nicht %1.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Only reviewers can approve masks or request changes.</source>
        <translation>Nur Prüfer können Masken freigeben oder Änderungen anfordern.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 annotated this mask and cannot review it.</source>
        <translation>%1 hat diese Maske annotiert und kann sie nicht prüfen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mask is not submitted for review.</source>
        <translation>Die Maske ist nicht zur Prüfung eingereicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 submitted this model-made mask and so stands as its annotator; another reviewer must approve it.</source>
        <translation>%1 hat diese vom Modell erstellte Maske eingereicht und gilt damit als ihr Annotator; eine andere Prüferin oder ein anderer Prüfer muss sie freigeben.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 already approved this version; a second, independent reviewer must approve it.</source>
        <translation>%1 hat diese Version bereits freigegeben; ein zweiter, unabhängiger Prüfer muss sie freigeben.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This version is already submitted for review.</source>
        <translation>Diese Version ist bereits zur Prüfung eingereicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This version is already approved.</source>
        <translation>Diese Version ist bereits freigegeben.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Say what should change: the comment is empty.</source>
        <translation>Geben Sie an, was geändert werden soll: Der Kommentar ist leer.</translation>
    </message>
</context>
<context>
    <name>sd::app</name>
    <message>
        <location filename="../app/gui.cpp" line="+56"/>
        <source>SurgDistill workspace. Without a folder, opens the embedded synthetic demo project.</source>
        <translation>SurgDistill-Arbeitsbereich. Ohne Ordner wird das eingebettete synthetische Demo-Projekt geöffnet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Project folder to open.</source>
        <translation>Zu öffnender Projektordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save a PNG of the main window once the first frame is shown, then quit.</source>
        <translation>Speichert ein PNG des Hauptfensters, sobald das erste Bild angezeigt wird, und beendet dann das Programm.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select this frame id first.</source>
        <translation>Zuerst das Bild mit dieser ID auswählen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Frames of the embedded demo project when it is created (default 300).</source>
        <translation>Anzahl der Bilder des eingebetteten Demo-Projekts bei seiner Erstellung (Standard: 300).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reduce the screenshot&apos;s colour depth until the PNG fits in N KiB.</source>
        <translation>Verringert die Farbtiefe des Screenshots, bis das PNG in N KiB passt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>With --screenshot: grab this window instead of the main window (training, ask, tutor, %1).</source>
        <translation>Mit --screenshot: Nimmt dieses Fenster statt des Hauptfensters auf (training, ask, tutor, %1).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>With --view: the model folder to ask.</source>
        <translation>Mit --view: der zu befragende Modellordner.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>With --view training: the run folder to show.</source>
        <translation>Mit --view training: der anzuzeigende Lauf-Ordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work as this user for this session only (Edit &gt; User… remembers a user).</source>
        <translation>Nur in dieser Sitzung als dieser Benutzer arbeiten (Bearbeiten &gt; Benutzer… merkt sich einen Benutzer).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>annotator or reviewer (with --user).</source>
        <translation>annotator oder reviewer (mit --user).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start in review mode at the next frame needing your review.</source>
        <translation>Startet im Prüfmodus beim nächsten Bild, das Ihre Prüfung erfordert.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>SurgDistill</source>
        <translation>SurgDistill</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a SurgDistill project folder.</source>
        <translation>%1 ist kein SurgDistill-Projektordner.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot create the demo project:
%1</source>
        <translation>Das Demo-Projekt kann nicht erstellt werden:
%1</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>the project has no frame to show</source>
        <translation>das Projekt enthält kein Bild, das angezeigt werden kann</translation>
    </message>
</context>
<context>
    <name>sd::ui::AgreementTable</name>
    <message>
        <location filename="../ui/annotation/agreementtable.cpp" line="+20"/>
        <source>vs. reference</source>
        <translation>gegen Referenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>honeypot</source>
        <translation>Kontrollbild</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>pairwise</source>
        <translation>paarweise</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Update</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Annotator(s)</source>
        <translation>Annotator(en)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mean Dice</source>
        <translation>Mittlerer Dice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Min</source>
        <translation>Min.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Annotator agreement (project)</source>
        <translation>Übereinstimmung der Annotatoren (Projekt)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Press Update to compare the submitted independent annotations.</source>
        <translation>Drücken Sie „Aktualisieren“, um die eingereichten unabhängigen Annotationen zu vergleichen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 submitted annotation(s) on %2 frame(s) by %3 annotator(s); %4 honeypot frame(s), %5 honeypot result(s).</source>
        <translation>%1 eingereichte Annotation(en) auf %2 Bild(ern) von %3 Annotator(en); %4 Kontrollbild(er), %5 Kontrollergebnis(se).</translation>
    </message>
</context>
<context>
    <name>sd::ui::AnnotationEditor</name>
    <message>
        <location filename="../ui/annotation/annotationeditor.cpp" line="+158"/>
        <source>Choose a structure to draw (keys 1–9).</source>
        <translation>Wählen Sie eine Struktur zum Zeichnen aus (Tasten 1–9).</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Fill holes</source>
        <translation>Löcher füllen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove small islands</source>
        <translation>Kleine Inseln entfernen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Erase polygon</source>
        <translation>Polygon radieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The proposal is not ready yet.</source>
        <translation>Der Vorschlag ist noch nicht fertig.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag a box around the structure or click inside it first.</source>
        <translation>Ziehen Sie zuerst einen Rahmen um die Struktur oder klicken Sie hinein.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Smart select</source>
        <translation>Intelligente Auswahl</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The proposal is already part of the layer.</source>
        <translation>Der Vorschlag ist bereits Teil der Ebene.</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Magic wand (remove)</source>
        <translation>Zauberstab (entfernen)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Magic wand</source>
        <translation>Zauberstab</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Erase</source>
        <translation>Radieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
</context>
<context>
    <name>sd::ui::AnnotationToolsMenu</name>
    <message>
        <location filename="../ui/annotation/annotationtoolsmenu.cpp" line="+19"/>
        <source>T&amp;ools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Pan</source>
        <translation>&amp;Verschieben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Eraser</source>
        <translation>&amp;Radierer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;olygon</source>
        <translation>P&amp;olygon</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Magic wand</source>
        <translation>&amp;Zauberstab</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Smart select</source>
        <translation>&amp;Intelligente Auswahl</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pin &amp;issue</source>
        <translation>Prüf&amp;hinweis anheften</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Smart select: drag a box around the structure, click inside it, Shift+click outside it; Enter accepts the outlined proposal, Esc discards it</source>
        <translation>Intelligente Auswahl: Rahmen um die Struktur ziehen, hineinklicken, mit Umschalt+Klick außerhalb klicken; Eingabe übernimmt den umrandeten Vorschlag, Esc verwirft ihn</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pin issue (reviewers): click a point or drag a rectangle on the frame, then describe the issue</source>
        <translation>Prüfhinweis anheften (Prüfer): einen Punkt anklicken oder ein Rechteck auf dem Bild aufziehen, dann das Problem beschreiben</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Smaller brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bigger brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close polygon / accept selection</source>
        <translation>Polygon schließen / Auswahl übernehmen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel polygon / selection</source>
        <translation>Polygon / Auswahl abbrechen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Fill holes</source>
        <translation>&amp;Löcher füllen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No holes to fill</source>
        <translation>Keine Löcher zu füllen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove small islands</source>
        <translation>&amp;Kleine Inseln entfernen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No islands smaller than %1 px</source>
        <translation>Keine Inseln kleiner als %1 px</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Radius </source>
        <translation>Radius </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tolerance </source>
        <translation>Toleranz </translation>
    </message>
</context>
<context>
    <name>sd::ui::AnswerReviewDialog</name>
    <message>
        <location filename="../ui/teacher/answerreviewdialog.cpp" line="+33"/>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edited</source>
        <translation>bearbeitet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review teacher answers</source>
        <translation>Antworten des Lehrermodells prüfen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Review sample</source>
        <translation>Prüfstichprobe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All answers</source>
        <translation>Alle Antworten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> % + flagged</source>
        <translation> % + markierte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Share of all answers drawn at random for review (the same answers for every reviewer); flagged answers are always in the sample</source>
        <translation>Anteil aller Antworten, der zufällig zur Prüfung gezogen wird (für jeden Prüfer dieselben Antworten); markierte Antworten sind immer in der Stichprobe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reviewer:</source>
        <translation>Prüfer:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue:</source>
        <translation>Warteschlange:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Accept the rest…</source>
        <translation>Rest annehmen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept every unreviewed answer outside the review sample, recorded under your name</source>
        <translation>Alle ungeprüften Antworten außerhalb der Prüfstichprobe annehmen, unter Ihrem Namen protokolliert</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>wrong structure</source>
        <translation>falsche Struktur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>wrong side (laterality)</source>
        <translation>falsche Seite (Lateralität)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>factually wrong</source>
        <translation>sachlich falsch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incomplete or unclear</source>
        <translation>unvollständig oder unklar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not relevant for CME</source>
        <translation>nicht relevant für die CME</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for a rejection (required)</source>
        <translation>Grund für die Ablehnung (erforderlich)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teacher texts need a surgeon&apos;s review before clinical use; only accepted or edited answers enter the training data.</source>
        <translation>Texte des Lehrermodells müssen vor dem klinischen Einsatz von einer Chirurgin oder einem Chirurgen geprüft werden; nur angenommene oder bearbeitete Antworten gehen in die Trainingsdaten ein.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Teacher answer:</source>
        <translation>Antwort des Lehrermodells:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accept the answer as it is (A)</source>
        <translation>Antwort unverändert annehmen (A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+257"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location line="-257"/>
        <source>Correct the answer; the original is kept (E)</source>
        <translation>Antwort korrigieren; das Original bleibt erhalten (E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel edit</source>
        <translation>Bearbeitung abbrechen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Discard the changes (Esc)</source>
        <translation>Änderungen verwerfen (Esc)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reject with the reason above (R)</source>
        <translation>Mit dem obigen Grund ablehnen (R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flag</source>
        <translation>Markieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mark for review: flagged answers are always in the sample</source>
        <translation>Zur Prüfung markieren: Markierte Antworten sind immer in der Stichprobe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Go to the next answer without deciding (N)</source>
        <translation>Ohne Entscheidung zur nächsten Antwort wechseln (N)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Accept the rest</source>
        <translation>Rest annehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept every unreviewed answer outside the review sample under the name &quot;%1&quot;?</source>
        <translation>Alle ungeprüften Antworten außerhalb der Prüfstichprobe unter dem Namen „%1“ annehmen?</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Accepted %n answer(s) outside the sample.</source>
        <translation>
            <numerusform>%n Antwort außerhalb der Stichprobe angenommen.</numerusform>
            <numerusform>%n Antworten außerhalb der Stichprobe angenommen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+104"/>
        <source>Frame %1 · %2</source>
        <translation>Bild %1 · %2</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>to review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#%1  %2
%3</source>
        <translation>#%1  %2
%3</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>No teacher answers yet: generate them first (Teacher ▸ Generate teacher answers)</source>
        <translation>Noch keine Antworten des Lehrermodells: Generieren Sie diese zuerst (Lehrermodell ▸ Antworten des Lehrermodells generieren)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing in this queue</source>
        <translation>Nichts in dieser Warteschlange</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Answer %1 no longer exists</source>
        <translation>Antwort %1 existiert nicht mehr</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Question: %1</source>
        <translation>Frage: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not reviewed yet · teacher %1 (%2)</source>
        <translation>Noch nicht geprüft · Lehrermodell %1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 by %2 on %3</source>
        <translation>%1 von %2 am %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · reason: %1</source>
        <translation> · Grund: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Changes to the teacher&apos;s answer:&lt;/b&gt; </source>
        <translation>&lt;b&gt;Änderungen an der Antwort des Lehrermodells:&lt;/b&gt; </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sample: %1 of %2 reviewed · accepted %3 · edited %4 · rejected %5 · unreviewed %6 of %7 · flagged %8</source>
        <translation>Stichprobe: %1 von %2 geprüft · angenommen %3 · bearbeitet %4 · abgelehnt %5 · ungeprüft %6 von %7 · markiert %8</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save edit</source>
        <translation>Bearbeitung speichern</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Unsaved edit</source>
        <translation>Ungespeicherte Bearbeitung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close and discard the edit of this answer?</source>
        <translation>Schließen und die Bearbeitung dieser Antwort verwerfen?</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Answer %1 accepted.</source>
        <translation>Antwort %1 angenommen.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Edit the answer, then Save edit. The teacher&apos;s original is kept.</source>
        <translation>Bearbeiten Sie die Antwort und klicken Sie dann auf „Bearbeitung speichern“. Das Original des Lehrermodells bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer %1 saved as edited.</source>
        <translation>Antwort %1 als bearbeitet gespeichert.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Give a reason for the rejection, then press Reject (or Enter).</source>
        <translation>Geben Sie einen Grund für die Ablehnung an und klicken Sie dann auf „Ablehnen“ (oder drücken Sie die Eingabetaste).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Answer %1 rejected: %2</source>
        <translation>Antwort %1 abgelehnt: %2</translation>
    </message>
</context>
<context>
    <name>sd::ui::AskView</name>
    <message>
        <location filename="../ui/model/askview.cpp" line="+39"/>
        <source>Ask the model</source>
        <translation>Modell befragen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a frame</source>
        <translation>Bild auswählen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw region</source>
        <translation>Bereich zeichnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep as model draft</source>
        <translation>Als Modellentwurf behalten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drag a rectangle on the frame to ask about that region instead of a structure</source>
        <translation>Ziehen Sie ein Rechteck auf dem Bild auf, um nach diesem Bereich statt nach einer Struktur zu fragen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Highlight</source>
        <translation>Hervorhebung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Max. new tokens</source>
        <translation>Max. neue Tokens</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save to project</source>
        <translation>Im Projekt speichern</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The answer appears here as it is generated.</source>
        <translation>Die Antwort erscheint hier, während sie generiert wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model answers need review by a surgeon before clinical use.</source>
        <translation>Modellantworten müssen vor dem klinischen Einsatz von einer Chirurgin oder einem Chirurgen geprüft werden.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Loading the model from %1…</source>
        <translation>Modell wird aus %1 geladen…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+240"/>
        <source>Generating…</source>
        <translation>Wird generiert…</translation>
    </message>
    <message>
        <location line="-231"/>
        <source>Stopped (%1)</source>
        <translation>Angehalten (%1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done (%1)</source>
        <translation>Fertig (%1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model failed: %1</source>
        <translation>Fehler im Modell: %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Frame %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 (no mask: model proposal)</source>
        <translation>%1 (keine Maske: Modellvorschlag)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Drawn region</source>
        <translation>Gezeichneter Bereich</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Draw a region on the frame (Draw region)</source>
        <translation>Zeichnen Sie einen Bereich auf dem Bild (Bereich zeichnen)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The segmentation model proposes no mask here: %1</source>
        <translation>Das Segmentierungsmodell schlägt hier keine Maske vor: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model-proposed mask (segmentation model %1), not checked by a person: look at it before asking. &quot;Keep as model draft&quot; saves it for editing and review in the annotation view.</source>
        <translation>Vom Modell vorgeschlagene Maske (Segmentierungsmodell %1), von niemandem geprüft: Sehen Sie sie vor der Frage an. „Als Modellentwurf behalten“ speichert sie zum Bearbeiten und Prüfen in der Annotationsansicht.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Choose a frame and a structure, or draw a region, first.</source>
        <translation>Wählen Sie zuerst ein Bild und eine Struktur aus oder zeichnen Sie einen Bereich.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type a question first.</source>
        <translation>Geben Sie zuerst eine Frage ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a model folder first.</source>
        <translation>Wählen Sie zuerst einen Modellordner aus.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Cannot save the answer: %1</source>
        <translation>Die Antwort kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer saved to the project.</source>
        <translation>Antwort im Projekt gespeichert.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The frame has a mask for this structure now; the proposal was not saved.</source>
        <translation>Das Bild hat jetzt eine Maske für diese Struktur; der Vorschlag wurde nicht gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot save the model draft: %1</source>
        <translation>Der Modellentwurf kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved as a model draft of frame %1: edit and submit it in the annotation view; a reviewer approves it.</source>
        <translation>Als Modellentwurf von Bild %1 gespeichert: Bearbeiten und reichen Sie ihn in der Annotationsansicht ein; eine Prüferin oder ein Prüfer gibt ihn frei.</translation>
    </message>
</context>
<context>
    <name>sd::ui::AuditLogDialog</name>
    <message>
        <location filename="../ui/teacher/auditlogdialog.cpp" line="+26"/>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Verify chain</source>
        <translation>Kette &amp;verifizieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;load</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+6"/>
        <source>Export audit log</source>
        <translation>Prüfprotokoll exportieren</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>JSON lines with payloads (*.jsonl);;CSV without payloads (*.csv)</source>
        <translation>JSON Lines mit Nutzdaten (*.jsonl);;CSV ohne Nutzdaten (*.csv)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Entries: %1 (oldest first)</source>
        <translation>Einträge: %1 (älteste zuerst)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>(no destination: %1)</source>
        <translation>(kein Ziel: %1)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>✗ The audit log is BROKEN at entry %1: it was altered, or an entry before it was removed.</source>
        <translation>✗ Das Audit-Protokoll ist BESCHÄDIGT bei Eintrag %1: Er wurde verändert, oder ein Eintrag davor wurde entfernt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✗ The audit log is BROKEN: it holds %1 entries but its anchor records %2 (entries were removed or added outside SurgDistill).</source>
        <translation>✗ Das Audit-Protokoll ist BESCHÄDIGT: Es enthält %1 Einträge, sein Anker verzeichnet aber %2 (Einträge wurden außerhalb von SurgDistill entfernt oder hinzugefügt).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✗ The audit log is BROKEN: this computer verified %1 entries earlier, and they are no longer there unchanged (the log was shortened or rewritten).</source>
        <translation>✗ Das Audit-Protokoll ist BESCHÄDIGT: Dieser Computer hat früher %1 Einträge geprüft, und sie sind nicht mehr unverändert vorhanden (das Protokoll wurde gekürzt oder neu geschrieben).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keep this project as it is and tell your data-protection officer.</source>
        <translation>Lassen Sie dieses Projekt unverändert und informieren Sie Ihre Datenschutzbeauftragte oder Ihren Datenschutzbeauftragten.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✓ Intact: the hash chain and every payload&apos;s SHA-256 verified (entries: %1).</source>
        <translation>✓ Intakt: Hash-Kette und SHA-256 aller Nutzdaten verifiziert (Einträge: %1).</translation>
    </message>
</context>
<context>
    <name>sd::ui::BlindedAnswersWidget</name>
    <message>
        <location filename="../ui/eval/expertreviewdialog.cpp" line="+44"/>
        <location line="+1"/>
        <source>Answer %1</source>
        <translation>Antwort %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(empty answer)</source>
        <translation>(leere Antwort)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Text of answer %1</source>
        <translation>Text der Antwort %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 %2 for answer %3</source>
        <translation>%1 %2 für Antwort %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Accuracy</source>
        <translation>Korrektheit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conciseness</source>
        <translation>Prägnanz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred</source>
        <translation>Bevorzugt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred answer %1</source>
        <translation>Bevorzugte Antwort %1</translation>
    </message>
</context>
<context>
    <name>sd::ui::ConflictNotice</name>
    <message>
        <location filename="../ui/workspace/conflictnotice.cpp" line="+25"/>
        <source>Compare versions</source>
        <translation>Versionen vergleichen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close this notice</source>
        <translation>Hinweis schließen</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>someone else</source>
        <translation>jemand anderes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Edited at the same time:&lt;/b&gt; %1 saved the %2 mask of frame %3 while you were drawing. Both are kept — theirs is version %4, yours is version %5 and is now the current one.</source>
        <translation>&lt;b&gt;Gleichzeitig bearbeitet:&lt;/b&gt; %1 hat die Maske %2 von Frame %3 gespeichert, während Sie gezeichnet haben. Beide bleiben erhalten – deren Stand ist Version %4, Ihrer ist Version %5 und jetzt der aktuelle.</translation>
    </message>
</context>
<context>
    <name>sd::ui::ConsensusPanel</name>
    <message>
        <location filename="../ui/annotation/consensuspanel.cpp" line="+61"/>
        <source>Majority vote</source>
        <translation>Mehrheitsentscheid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STAPLE</source>
        <translation>STAPLE</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use as reference</source>
        <translation>Als Referenz übernehmen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged candidate:</source>
        <translation>Zusammengeführter Kandidat:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Submitted annotations (outline colour; untick to hide)</source>
        <translation>Eingereichte Annotationen (Umrissfarbe; Haken entfernen zum Ausblenden)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pairwise Dice</source>
        <translation>Paarweiser Dice</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Select a frame and a structure.</source>
        <translation>Wählen Sie ein Bild und eine Struktur aus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only reviewers see the independent annotations and the merged candidate.</source>
        <translation>Nur Prüfer sehen die unabhängigen Annotationen und den zusammengeführten Kandidaten.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2 of %3 independent annotation(s) submitted.</source>
        <translation>%1: %2 von %3 unabhängigen Annotation(en) eingereicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Honeypot frame: the approved mask is the reference.</source>
        <translation>Kontrollbild: Die freigegebene Maske ist die Referenz.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 · v%2 · %3 px</source>
        <translation>%1 · v%2 · %3 px</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Candidate: %1 px.</source>
        <translation>Kandidat: %1 px.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: sensitivity %2, specificity %3.</source>
        <translation>%1: Sensitivität %2, Spezifität %3.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No submitted annotation to show.</source>
        <translation>Keine eingereichte Annotation anzuzeigen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The annotations do not fit the frame&apos;s size.</source>
        <translation>Die Annotationen passen nicht zur Größe des Bildes.</translation>
    </message>
</context>
<context>
    <name>sd::ui::DemoCreation</name>
    <message>
        <location filename="../ui/workspace/democreationdialog.cpp" line="+22"/>
        <source>Creating the demo project</source>
        <translation>Demo-Projekt wird erstellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rendering the synthetic demo project… %1 of %2 frames</source>
        <translation>Synthetisches Demo-Projekt wird gerendert… %1 von %2 Bildern</translation>
    </message>
</context>
<context>
    <name>sd::ui::DemoPipelineDialog</name>
    <message>
        <location filename="../ui/model/demopipelinedialog.cpp" line="+33"/>
        <source>Run the demo pipeline</source>
        <translation>Demo-Pipeline ausführen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs the paper&apos;s whole pipeline on a synthetic demo project, without a GPU or a network: offline teacher answers, automatic demo review, SFT of the small cme-tiny model, preference pairs, DPO and the evaluation of base, SFT and DPO. The models are toys and not clinically meaningful.</source>
        <translation>Führt die gesamte Pipeline der Publikation an einem synthetischen Demo-Projekt aus, ohne GPU und ohne Netzwerk: Offline-Antworten des Lehrermodells, automatische Demo-Prüfung, SFT des kleinen Modells cme-tiny, Präferenzpaare, DPO sowie die Evaluation von Basis-, SFT- und DPO-Modell. Die Modelle sind nur Spielzeugmodelle und klinisch nicht aussagekräftig.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output folder (new or empty)</source>
        <translation>Ausgabeordner (neu oder leer)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo frames</source>
        <translation>Demo-Bilder</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The stages&apos; messages appear here.</source>
        <translation>Die Meldungen der einzelnen Stufen erscheinen hier.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel run</source>
        <translation>Lauf a&amp;bbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training &amp;curves…</source>
        <translation>Trainings&amp;kurven…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;report</source>
        <translation>&amp;Bericht öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>%1 is not empty; choose a new folder.</source>
        <translation>%1 ist nicht leer; wählen Sie einen neuen Ordner.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot start the pipeline: %1</source>
        <translation>Die Pipeline kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 step %2 of %3, loss %4</source>
        <translation>%1 Schritt %2 von %3, Loss %4</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Finished. The report is in %1.</source>
        <translation>Abgeschlossen. Der Bericht liegt in %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The pipeline stopped (exit status %1). Its log: %2</source>
        <translation>Die Pipeline wurde beendet (Exit-Status %1). Ihr Protokoll: %2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The demo pipeline is still running. Stop it?</source>
        <translation>Die Demo-Pipeline läuft noch. Soll sie angehalten werden?</translation>
    </message>
</context>
<context>
    <name>sd::ui::DisplayNames</name>
    <message>
        <location filename="../ui/widgets/displaynames.cpp" line="+20"/>
        <source>Left-sided</source>
        <translation>Linksseitig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Right-sided</source>
        <translation>Rechtsseitig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown side</source>
        <translation>Seite unbekannt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No phase</source>
        <translation>Keine Phase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CME mobilisation</source>
        <translation>CME-Mobilisation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vascular dissection</source>
        <translation>Gefäßpräparation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Access / exposure</source>
        <translation>Zugang / Exposition</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes requested</source>
        <translation>Änderungen angefordert</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preparation plane</source>
        <translation>Präparationsebene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angel&apos;s hair</source>
        <translation>Angel&apos;s Hair (Engelshaar)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vena mesenterica inferior</source>
        <translation>Vena mesenterica inferior</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duodenum</source>
        <translation>Duodenum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pancreas</source>
        <translation>Pankreas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>unassigned</source>
        <translation>nicht zugeordnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>test</source>
        <translation>Test</translation>
    </message>
</context>
<context>
    <name>sd::ui::EvaluationMenu</name>
    <message>
        <location filename="../ui/eval/evaluationmenu.cpp" line="+13"/>
        <source>&amp;Evaluation</source>
        <translation>&amp;Evaluation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Blinded expert review…</source>
        <translation>&amp;Verblindete Expertenbewertung…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+7"/>
        <location line="+10"/>
        <source>Blinded expert review</source>
        <translation>Verblindete Expertenbewertung</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Your name (stored with your scores):</source>
        <translation>Ihr Name (wird mit Ihren Bewertungen gespeichert):</translation>
    </message>
</context>
<context>
    <name>sd::ui::ExpertReviewDialog</name>
    <message>
        <location filename="../ui/eval/expertreviewdialog.cpp" line="+46"/>
        <source>Blinded expert evaluation</source>
        <translation>Verblindete Expertenbewertung</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Frame with the structure highlighted</source>
        <translation>Bild mit hervorgehobener Struktur</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save and next</source>
        <translation>Speichern und weiter</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No evaluation answers to score: run an evaluation of at least two models first.</source>
        <translation>Keine Evaluationsantworten zu bewerten: Führen Sie zuerst eine Evaluation von mindestens zwei Modellen durch.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Item %1 of %2</source>
        <translation>Eintrag %1 von %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The frame cannot be shown: %1</source>
        <translation>Das Bild kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Score accuracy and conciseness of every answer before saving.</source>
        <translation>Bewerten Sie vor dem Speichern Korrektheit und Prägnanz jeder Antwort.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The scores could not be saved: %1</source>
        <translation>Die Bewertungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
</context>
<context>
    <name>sd::ui::FrameFilterBar</name>
    <message>
        <location filename="../ui/frames/framefilterbar.cpp" line="+18"/>
        <source>Search frame id</source>
        <translation>Bild-ID suchen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any review state</source>
        <translation>Alle Prüfstatus</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any side</source>
        <translation>Alle Seiten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Suggested next</source>
        <translation>Als Nächstes vorgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the frames the segmentation model suggests labelling next, most uncertain first (Model &gt; Segmentation model &gt; Suggest next frames to label).</source>
        <translation>Nur die Bilder, die das Segmentierungsmodell als Nächstes zum Annotieren vorschlägt, die unsichersten zuerst (Modell &gt; Segmentierungsmodell &gt; Nächste Bilder zum Annotieren vorschlagen).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Any structure</source>
        <translation>Alle Strukturen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Any annotator</source>
        <translation>Alle Annotatoren</translation>
    </message>
</context>
<context>
    <name>sd::ui::FrameLayers</name>
    <message>
        <location filename="../ui/annotation/framelayers.cpp" line="+20"/>
        <source>%1 (model draft)</source>
        <translation>%1 (Modellentwurf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model draft, not reviewed</source>
        <translation>Modellentwurf, nicht geprüft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (propagated draft)</source>
        <translation>%1 (übertragener Entwurf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propagated draft, not reviewed</source>
        <translation>Übertragener Entwurf, nicht geprüft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not reviewed</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited after its review</source>
        <translation>Nach der Prüfung geändert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Own annotation, submitted</source>
        <translation>Eigene Annotation, eingereicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Own annotation, draft</source>
        <translation>Eigene Annotation, Entwurf</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The %1 mask of frame %2 has the wrong size and is not shown</source>
        <translation>Die Maske „%1“ von Bild %2 hat die falsche Größe und wird nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>sd::ui::FrameListDelegate</name>
    <message>
        <location filename="../ui/frames/framelistdelegate.cpp" line="+47"/>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>no masks</source>
        <translation>keine Masken</translation>
    </message>
</context>
<context>
    <name>sd::ui::FrameListModel</name>
    <message>
        <location filename="../ui/frames/framelistmodel.cpp" line="+118"/>
        <source>Frame %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frame %1 — %2, %3
Structures: %4%5</source>
        <translation>Bild %1 – %2, %3
Strukturen: %4%5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>
Synthetic demo frame — not patient data</source>
        <translation>
Synthetisches Demo-Bild – keine Patientendaten</translation>
    </message>
</context>
<context>
    <name>sd::ui::FramePropertiesPanel</name>
    <message>
        <location filename="../ui/frames/framepropertiespanel.cpp" line="+19"/>
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timestamp</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Masks</source>
        <translation>Masken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Set side:</source>
        <translation>Seite festlegen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set phase:</source>
        <translation>Phase festlegen:</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>still image</source>
        <translation>Einzelbild</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synthetic demo frame</source>
        <translation>Synthetisches Demo-Bild</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
</context>
<context>
    <name>sd::ui::IssueDialog</name>
    <message>
        <location filename="../ui/annotation/issuedialog.cpp" line="+14"/>
        <source>New review issue</source>
        <translation>Neuer Prüfhinweis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issue at %1. What should the annotator look at?</source>
        <translation>Prüfhinweis bei %1. Was soll sich der Annotator ansehen?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. The border runs into the fat here</source>
        <translation>z. B. Die Grenze läuft hier ins Fettgewebe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open issue</source>
        <translation>Prüfhinweis anlegen</translation>
    </message>
</context>
<context>
    <name>sd::ui::IssuesPanel</name>
    <message>
        <location filename="../ui/annotation/issuespanel.cpp" line="+42"/>
        <source>Reply, or a comment for Resolve / Reopen</source>
        <translation>Antwort, oder ein Kommentar zu Erledigen / Wieder öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Thread</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>%1. %2 · %3 · %4</source>
        <translation>%1. %2 · %3 · %4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>resolved</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Issue %1 on mask version %2, opened %3</source>
        <translation>Prüfhinweis %1 zu Maskenversion %2, angelegt %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No frame shown.</source>
        <translation>Kein Bild angezeigt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No review issues on this frame. Reviewers pin one with Tools &gt; Pin issue (I).</source>
        <translation>Keine Prüfhinweise auf diesem Bild. Prüfer heften einen mit Werkzeuge &gt; Prüfhinweis anheften (I) an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 open, %2 resolved on this frame</source>
        <translation>%1 offen, %2 erledigt auf diesem Bild</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 resolved the issue · %2</source>
        <translation>%1 hat den Prüfhinweis erledigt · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 reopened the issue · %2</source>
        <translation>%1 hat den Prüfhinweis wieder geöffnet · %2</translation>
    </message>
</context>
<context>
    <name>sd::ui::MainWindow</name>
    <message>
        <location filename="../ui/workspace/mainwindow.cpp" line="+126"/>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Structures</source>
        <translation>Strukturen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frame properties</source>
        <translation>Bildeigenschaften</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Consensus</source>
        <translation>Konsens</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Issues</source>
        <translation>Prüfhinweise</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Synthetic demo frames — not patient data</source>
        <translation>Synthetische Demo-Bilder – keine Patientendaten</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <location line="+614"/>
        <source>%n frame(s) shown</source>
        <translation>
            <numerusform>%n Bild angezeigt</numerusform>
            <numerusform>%n Bilder angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <location line="-606"/>
        <location line="+724"/>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location line="-718"/>
        <location line="+718"/>
        <source>All changes saved</source>
        <translation>Alle Änderungen gespeichert</translation>
    </message>
    <message>
        <location line="-713"/>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The server answers again.</source>
        <translation>Der Server antwortet wieder.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached. Your changes are kept on this computer and saved as soon as it answers again.</source>
        <translation>Der Server ist nicht erreichbar. Ihre Änderungen bleiben auf diesem Rechner und werden gespeichert, sobald er wieder antwortet.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Review recorded</source>
        <translation>Prüfung erfasst</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Merged reference</source>
        <translation>Zusammengeführte Referenz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged candidate saved as the reference mask and submitted for review</source>
        <translation>Zusammengeführter Kandidat als Referenzmaske gespeichert und zur Prüfung eingereicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore version %1</source>
        <translation>Version %1 wiederherstellen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Review issue updated</source>
        <translation>Prüfhinweis aktualisiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom %1%</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>x %1, y %2</source>
        <translation>x %1, y %2</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;team project…</source>
        <translation>&amp;Teamprojekt öffnen…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New demo project…</source>
        <translation>&amp;Neues Demo-Projekt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import &amp;video…</source>
        <translation>&amp;Video importieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import COCO JSON…</source>
        <translation>COCO-JSON importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Import COCO JSON</source>
        <translation>COCO-JSON importieren</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+12"/>
        <source>COCO JSON (*.json)</source>
        <translation>COCO-JSON (*.json)</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Imported %1 new frame(s) and %2 mask(s).</source>
        <translation>%1 neue(s) Bild(er) und %2 Maske(n) importiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export COCO JSON…</source>
        <translation>COCO-JSON exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Export COCO JSON</source>
        <translation>COCO-JSON exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported %1 image(s) with %2 annotation(s).</source>
        <translation>%1 Bild(er) mit %2 Annotation(en) exportiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import PNG masks…</source>
        <translation>PNG-Masken importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Import PNG masks</source>
        <translation>PNG-Masken importieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Imported %1 mask(s) from %2 file(s).</source>
        <translation>%1 Maske(n) aus %2 Datei(en) importiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export PNG masks…</source>
        <translation>PNG-Masken exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export PNG masks into an empty folder</source>
        <translation>PNG-Masken in einen leeren Ordner exportieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export PNG masks</source>
        <translation>PNG-Masken exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported %1 file(s); %2 overlapping pixel(s) kept the later structure.</source>
        <translation>%1 Datei(en) exportiert; bei %2 überlappenden Pixel(n) wurde die spätere Struktur beibehalten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Save now</source>
        <translation>Jetzt &amp;speichern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;User…</source>
        <translation>&amp;Benutzer…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fit to window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actual size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Training composite</source>
        <translation>&amp;Trainingsbild</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the exact picture the model is trained on: the frame with the selected structure&apos;s mask as a semi-transparent green overlay</source>
        <translation>Zeigt genau das Bild, mit dem das Modell trainiert wird: das Einzelbild mit der Maske der ausgewählten Struktur als halbtransparente grüne Überlagerung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Outline mode</source>
        <translation>Umriss&amp;modus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Solo layer</source>
        <translation>Ebene &amp;isolieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only the selected structure&apos;s layer (again: show all)</source>
        <translation>Nur die Ebene der ausgewählten Struktur anzeigen (erneut: alle anzeigen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show all layers</source>
        <translation>Alle Ebenen &amp;einblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide all layers</source>
        <translation>Alle Ebenen a&amp;usblenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next frame</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Previous frame</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Panels</source>
        <translation>&amp;Bereiche</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About SurgDistill</source>
        <translation>Ü&amp;ber SurgDistill</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new language applies when SurgDistill is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von SurgDistill.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Unsaved edits</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some edits are not saved yet: %1
If the project closes now, they are lost. Keep it open and SurgDistill saves them as soon as it can.</source>
        <translation>Einige Änderungen sind noch nicht gespeichert: %1
Wird das Projekt jetzt geschlossen, gehen sie verloren. Lassen Sie es geöffnet, dann speichert SurgDistill sie, sobald es möglich ist.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the project refused them.</source>
        <translation>Das Projekt hat sie abgelehnt.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the server cannot be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+9"/>
        <location line="+536"/>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location line="-544"/>
        <source>%1 is not a SurgDistill project folder.</source>
        <translation>%1 ist kein SurgDistill-Projektordner.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot open %1:
%2</source>
        <translation>%1 kann nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Team: %1 (%2)</source>
        <translation>Team: %1 (%2)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is no longer a SurgDistill project folder; it is removed from the list.</source>
        <translation>%1 ist kein SurgDistill-Projektordner mehr und wird aus der Liste entfernt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No recent projects</source>
        <translation>Keine zuletzt geöffneten Projekte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Frame %1 was updated by %2</source>
        <translation>Frame %1 wurde von %2 aktualisiert</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>SurgDistill</source>
        <translation>SurgDistill</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 — SurgDistill</source>
        <translation>%1 – SurgDistill</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n video(s)</source>
        <translation>
            <numerusform>%n Video</numerusform>
            <numerusform>%n Videos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No suggestions yet: Model &gt; Segmentation model &gt; Suggest next frames to label.</source>
        <translation>Noch keine Vorschläge: Modell &gt; Segmentierungsmodell &gt; Nächste Bilder zum Annotieren vorschlagen.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Frame %1 no longer exists</source>
        <translation>Bild %1 existiert nicht mehr</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot load frame %1: %2</source>
        <translation>Bild %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Training composite: %1 (green overlay, opacity %2)</source>
        <translation>Trainingsbild: %1 (grüne Überlagerung, Deckkraft %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training composite: this frame has no mask</source>
        <translation>Trainingsbild: Dieses Bild hat keine Maske</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Only reviewers can open review issues (Edit &gt; User…).</source>
        <translation>Nur Prüfer können Prüfhinweise anlegen (Bearbeiten &gt; Benutzer…).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the structure the issue is about (keys 1–9).</source>
        <translation>Wählen Sie die Struktur, um die es geht (Tasten 1–9).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1, point (%2, %3)</source>
        <translation>%1, Punkt (%2, %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, area %2 × %3 at (%4, %5)</source>
        <translation>%1, Bereich %2 × %3 bei (%4, %5)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Review issue opened</source>
        <translation>Prüfhinweis angelegt</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>In a team project you work under your server login.</source>
        <translation>In einem Teamprojekt arbeiten Sie unter Ihrer Server-Anmeldung.</translation>
    </message>
    <message numerus="yes">
        <location line="+104"/>
        <source>Imported %n frame(s) from the video</source>
        <translation>
            <numerusform>%n Bild aus dem Video importiert</numerusform>
            <numerusform>%n Bilder aus dem Video importiert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a new, empty folder for the demo project</source>
        <translation>Neuen, leeren Ordner für das Demo-Projekt wählen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New demo project</source>
        <translation>Neues Demo-Projekt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>About SurgDistill</source>
        <translation>Über SurgDistill</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;SurgDistill %1&lt;/h3&gt;&lt;p&gt;Distils a surgical team&apos;s annotated operation videos into a local, private vision-language model that explains anatomy for Complete Mesocolic Excision.&lt;/p&gt;&lt;p&gt;Clinical texts need review by a surgeon before clinical use.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SurgDistill %1&lt;/h3&gt;&lt;p&gt;Destilliert die annotierten Operationsvideos eines chirurgischen Teams in ein lokales, vertrauliches Vision-Language-Modell, das die Anatomie für die CME (komplette mesokolische Exzision) erklärt.&lt;/p&gt;&lt;p&gt;Klinische Texte müssen vor dem klinischen Einsatz von einer Chirurgin oder einem Chirurgen geprüft werden.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>sd::ui::MaskAutosaver</name>
    <message>
        <location filename="../ui/annotation/maskautosaver.cpp" line="+146"/>
        <source>The server cannot be reached. Your changes are kept on this computer and saved as soon as it answers again.</source>
        <translation>Der Server ist nicht erreichbar. Ihre Änderungen bleiben auf diesem Computer und werden gespeichert, sobald er wieder antwortet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Autosave failed, the changes are kept and retried: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen; die Änderungen bleiben erhalten und das Speichern wird wiederholt: %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Your annotation is submitted and cannot change any more; the edit was not saved.</source>
        <translation>Ihre Annotation ist eingereicht und kann nicht mehr geändert werden; die Bearbeitung wurde nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>sd::ui::ModelPicker</name>
    <message>
        <location filename="../ui/model/modelpicker.cpp" line="+31"/>
        <source>Hugging Face Qwen2.5-VL model folder</source>
        <translation>Hugging-Face-Modellordner (Qwen2.5-VL)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a model folder</source>
        <translation>Modellordner auswählen</translation>
    </message>
</context>
<context>
    <name>sd::ui::ModelWindows</name>
    <message>
        <location filename="../ui/model/modelwindows.cpp" line="+17"/>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Training dashboard…</source>
        <translation>&amp;Trainings-Dashboard…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Ask the model…</source>
        <translation>Modell &amp;befragen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Resident &amp;tutor…</source>
        <translation>&amp;Assistenzarzt-Tutor…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run the &amp;demo pipeline…</source>
        <translation>&amp;Demo-Pipeline ausführen…</translation>
    </message>
</context>
<context>
    <name>sd::ui::PairReviewDialog</name>
    <message>
        <location filename="../ui/teacher/pairreviewdialog.cpp" line="+34"/>
        <source>proposed</source>
        <translation>vorgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discarded</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+5"/>
        <location line="+116"/>
        <source>Import preference pairs</source>
        <translation>Präferenzpaare importieren</translation>
    </message>
    <message numerus="yes">
        <location line="-120"/>
        <source>Imported %n pair(s) from %1 for review.</source>
        <translation>
            <numerusform>%n Paar aus %1 zur Prüfung importiert.</numerusform>
            <numerusform>%n Paare aus %1 zur Prüfung importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing was imported from %1:
%2</source>
        <translation>Aus %1 wurde nichts importiert:
%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review preference pairs</source>
        <translation>Präferenzpaare prüfen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discarded</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import JSONL…</source>
        <translation>JSONL importieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Chosen (preferred)</source>
        <translation>Bevorzugt (gewählt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The teacher&apos;s choice is right (A)</source>
        <translation>Die Wahl des Lehrermodells ist richtig (A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Swap and approve</source>
        <translation>Tauschen und freigeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rejected answer is the better one: exchange them and approve (S)</source>
        <translation>Die abgelehnte Antwort ist die bessere: beide tauschen und freigeben (S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Neither is a useful preference (D)</source>
        <translation>Keine der beiden ist eine sinnvolle Präferenz (D)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>DPO JSON lines (*.jsonl);;All files (*)</source>
        <translation>DPO-JSON-Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 proposed · %2 approved · %3 discarded</source>
        <translation>%1 vorgeschlagen · %2 freigegeben · %3 verworfen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>#%1  Frame %2 · %3
%4</source>
        <translation>#%1  Bild %2 · %3
%4</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No preference pairs yet. Import them from JSONL until a trained model proposes its own.</source>
        <translation>Noch keine Präferenzpaare. Importieren Sie diese aus JSONL, bis ein trainiertes Modell eigene vorschlägt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No pairs in this list</source>
        <translation>Keine Paare in dieser Liste</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Frame %1 · %2
Question: %3</source>
        <translation>Bild %1 · %2
Frage: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status: %1 by %2</source>
        <translation>Status: %1 von %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teacher&apos;s reason: %1</source>
        <translation>Begründung des Lehrermodells: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(none given)</source>
        <translation>(keine angegeben)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Pair %1 approved.</source>
        <translation>Paar %1 freigegeben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pair %1 swapped and approved.</source>
        <translation>Paar %1 getauscht und freigegeben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pair %1 discarded.</source>
        <translation>Paar %1 verworfen.</translation>
    </message>
</context>
<context>
    <name>sd::ui::PayloadView</name>
    <message>
        <location filename="../ui/teacher/payloadview.cpp" line="+25"/>
        <source>Destination:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
</context>
<context>
    <name>sd::ui::ProgressRun</name>
    <message>
        <location filename="../ui/widgets/progressrun.cpp" line="+27"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>sd::ui::ProjectMenu</name>
    <message>
        <location filename="../ui/widgets/projectmenu.cpp" line="+26"/>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
</context>
<context>
    <name>sd::ui::PropagateAction</name>
    <message>
        <location filename="../ui/annotation/propagateaction.cpp" line="+31"/>
        <source>Propa&amp;gate to the next N frames…</source>
        <translation>Auf die nächsten N Bilder über&amp;tragen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Carry the current structure&apos;s mask onto the following frames of this video as drafts</source>
        <translation>Die Maske der aktuellen Struktur als Entwürfe auf die folgenden Bilder dieses Videos übertragen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Propagate mask</source>
        <translation>Maske übertragen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Propagating the mask… frame %1 of %2</source>
        <translation>Maske wird übertragen… Bild %1 von %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Propagation cancelled: nothing was written.</source>
        <translation>Übertragung abgebrochen: Es wurde nichts geschrieben.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n propagated draft(s) written</source>
        <translation>
            <numerusform>%n übertragener Entwurf geschrieben</numerusform>
            <numerusform>%n übertragene Entwürfe geschrieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; %n frame(s) with a mask skipped</source>
        <translation>
            <numerusform>; %n Bild mit Maske übersprungen</numerusform>
            <numerusform>; %n Bilder mit Maske übersprungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>; on %n frame(s) the structure left the view</source>
        <translation>
            <numerusform>; auf %n Bild hat die Struktur das Sichtfeld verlassen</numerusform>
            <numerusform>; auf %n Bildern hat die Struktur das Sichtfeld verlassen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>. Drafts need a person&apos;s check and a reviewer&apos;s approval.</source>
        <translation>. Entwürfe müssen von einer Person geprüft und von einer Prüferin oder einem Prüfer freigegeben werden.</translation>
    </message>
</context>
<context>
    <name>sd::ui::PropagateDialog</name>
    <message>
        <location filename="../ui/annotation/propagatedialog.cpp" line="+19"/>
        <source>Propagate to the next frames</source>
        <translation>Auf die nächsten Bilder übertragen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The mask of &lt;b&gt;%1&lt;/b&gt; on frame %2 follows the video: optical flow carries it onto the following frames, refined by the project&apos;s segmentation model when it knows the structure. The results are drafts for a person to check.</source>
        <translation>Die Maske von &lt;b&gt;%1&lt;/b&gt; auf Bild %2 folgt dem Video: Der optische Fluss überträgt sie auf die folgenden Bilder, verfeinert durch das Segmentierungsmodell des Projekts, wenn es die Struktur kennt. Die Ergebnisse sind Entwürfe, die eine Person prüfen muss.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> frames</source>
        <translation> Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next frames of this video (%1 follow):</source>
        <translation>Nächste Bilder dieses Videos (%1 folgen):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Skip frames that already have a mask (keep them)</source>
        <translation>Bilder mit vorhandener Maske überspringen (sie bleiben)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overwrite them (a new version; the history keeps the old one)</source>
        <translation>Überschreiben (neue Version; der Verlauf behält die alte)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Propagate</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>None of these frames has a mask of this structure yet.</source>
        <translation>Keines dieser Bilder hat bereits eine Maske dieser Struktur.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n of these frames already has a mask of this structure:</source>
        <translation>
            <numerusform>%n dieser Bilder hat bereits eine Maske dieser Struktur:</numerusform>
            <numerusform>%n dieser Bilder haben bereits eine Maske dieser Struktur:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::ReviewMenu</name>
    <message>
        <location filename="../ui/annotation/reviewmenu.cpp" line="+19"/>
        <source>&amp;Review</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Review &amp;mode</source>
        <translation>Prüf&amp;modus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next frame needing my review</source>
        <translation>&amp;Nächstes von mir zu prüfendes Bild</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No frame is waiting for your review.</source>
        <translation>Kein Bild wartet auf Ihre Prüfung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Submit for review</source>
        <translation>Zur Prüfung &amp;einreichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request &amp;changes</source>
        <translation>Änderungen &amp;anfordern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next open &amp;issue</source>
        <translation>Nächster offener Prüf&amp;hinweis</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>No review issue is open in this project.</source>
        <translation>In diesem Projekt ist kein Prüfhinweis offen.</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pre&amp;vious open issue</source>
        <translation>&amp;Vorheriger offener Prüfhinweis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Require two independent reviews</source>
        <translation>Zwei unabhängige Prüfungen verlangen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Block submission while issues are open</source>
        <translation>Einreichen sperren, solange Prüfhinweise offen sind</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A mask cannot be submitted for review while review issues on it are open</source>
        <translation>Eine Maske kann nicht zur Prüfung eingereicht werden, solange Prüfhinweise zu ihr offen sind</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Independent annotations per frame…</source>
        <translation>&amp;Unabhängige Annotationen pro Bild…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>Independent annotations per frame</source>
        <translation>Unabhängige Annotationen pro Bild</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Mark &amp;honeypot frames…</source>
        <translation>&amp;Kontrollbilder markieren…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+27"/>
        <location line="+6"/>
        <source>Mark honeypot frames</source>
        <translation>Kontrollbilder markieren</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>How many annotators annotate each frame independently? With 1, everyone edits the one shared mask.</source>
        <translation>Wie viele Annotatoren annotieren jedes Bild unabhängig? Bei 1 bearbeiten alle die eine gemeinsame Maske.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Each frame now gets %1 independent annotation(s).</source>
        <translation>Jedes Bild erhält jetzt %1 unabhängige Annotation(en).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Share of the approved frames to offer again as ground-truth checks (percent):</source>
        <translation>Anteil der freigegebenen Bilder, die erneut als Kontrolle gegen die Referenz angeboten werden (Prozent):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Random seed (the same seed picks the same frames):</source>
        <translation>Zufallsstartwert (derselbe Startwert wählt dieselben Bilder):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 new honeypot frame(s); %2 of %3 approved frames are honeypots.</source>
        <translation>%1 neue(s) Kontrollbild(er); %2 von %3 freigegebenen Bildern sind Kontrollbilder.</translation>
    </message>
</context>
<context>
    <name>sd::ui::ReviewPanel</name>
    <message>
        <location filename="../ui/annotation/reviewpanel.cpp" line="+35"/>
        <source>Comment (required when requesting changes)</source>
        <translation>Kommentar (erforderlich, wenn Änderungen angefordert werden)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submit for review</source>
        <translation>Zur Prüfung einreichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request changes</source>
        <translation>Änderungen anfordern</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Restore selected version</source>
        <translation>Ausgewählte Version wiederherstellen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reviews</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Annotator vs. reviewer (this frame)</source>
        <translation>Annotator vs. Prüfer (dieses Bild)</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>The reviewer approves the reference mask merged from the independent annotations.</source>
        <translation>Der Prüfer gibt die aus den unabhängigen Annotationen zusammengeführte Referenzmaske frei.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: this frame is annotated independently. Draw your own mask; the reference and the other annotations stay hidden until you submit.</source>
        <translation>%1: Dieses Bild wird unabhängig annotiert. Zeichnen Sie Ihre eigene Maske; die Referenz und die anderen Annotationen bleiben verborgen, bis Sie einreichen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, your independent annotation, version %2: &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>%1, Ihre unabhängige Annotation, Version %2: &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>submitted (final)</source>
        <translation>eingereicht (endgültig)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Working as &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>Angemeldet als &lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: no mask on this frame yet.</source>
        <translation>%1: noch keine Maske auf diesem Bild.</translation>
    </message>
    <message>
        <location line="-41"/>
        <location line="+42"/>
        <source>Select a structure.</source>
        <translation>Wählen Sie eine Struktur aus.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1, version %2 by %3: &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>%1, Version %2 von %3: &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Approved by %1; a second, independent review is required.</source>
        <translation>Von %1 freigegeben; eine zweite, unabhängige Prüfung ist erforderlich.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 · %2 · v%3: %4</source>
        <translation>%1 · %2 · v%3: %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved (1 of 2)</source>
        <translation>Freigegeben (1 von 2)</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>v%1 · %2 · %3 · %4 px</source>
        <translation>v%1 · %2 · %3 · %4 px</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
</context>
<context>
    <name>sd::ui::SegModelActions</name>
    <message>
        <location filename="../ui/model/segmodelactions.cpp" line="+23"/>
        <source>&amp;Segmentation model</source>
        <translation>&amp;Segmentierungsmodell</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Train segmentation model</source>
        <translation>Segmentierungsmodell &amp;trainieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Predict drafts for unannotated frames</source>
        <translation>Entwürfe für nicht annotierte Bilder &amp;vorhersagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suggest &amp;next frames to label</source>
        <translation>&amp;Nächste Bilder zum Annotieren vorschlagen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Train segmentation model</source>
        <translation>Segmentierungsmodell trainieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The project has no approved masks outside the test split to train on.</source>
        <translation>Das Projekt hat außerhalb des Testsplits keine freigegebenen Masken zum Trainieren.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Training the segmentation model in the background (at most %1 minutes).</source>
        <translation>Das Segmentierungsmodell wird im Hintergrund trainiert (höchstens %1 Minuten).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Segmentation model</source>
        <translation>Segmentierungsmodell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This project has no segmentation model yet. Train one first (Model &gt; Segmentation model &gt; Train segmentation model).</source>
        <translation>Dieses Projekt hat noch kein Segmentierungsmodell. Trainieren Sie zuerst eines (Modell &gt; Segmentierungsmodell &gt; Segmentierungsmodell trainieren).</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+8"/>
        <location line="+7"/>
        <source>Model drafts</source>
        <translation>Modellentwürfe</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Predicting masks… frame %1 of %2</source>
        <translation>Masken werden vorhergesagt… Bild %1 von %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prediction cancelled: nothing was written.</source>
        <translation>Vorhersage abgebrochen: Es wurde nichts geschrieben.</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n model draft(s) written; each needs a person&apos;s submission and a reviewer&apos;s approval.</source>
        <translation>
            <numerusform>%n Modellentwurf geschrieben; er muss von einer Person eingereicht und von einer Prüferin oder einem Prüfer freigegeben werden.</numerusform>
            <numerusform>%n Modellentwürfe geschrieben; jeder muss von einer Person eingereicht und von einer Prüferin oder einem Prüfer freigegeben werden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+8"/>
        <location line="+8"/>
        <source>Suggest next frames</source>
        <translation>Nächste Bilder vorschlagen</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Measuring the model&apos;s uncertainty… frame %1 of %2</source>
        <translation>Die Unsicherheit des Modells wird gemessen… Bild %1 von %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled: the suggestions were not changed.</source>
        <translation>Abgebrochen: Die Vorschläge wurden nicht geändert.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n frame(s) suggested for labelling next: see the frame list&apos;s &quot;Suggested next&quot; filter.</source>
        <translation>
            <numerusform>%n Bild als Nächstes zum Annotieren vorgeschlagen: siehe den Filter „Als Nächstes vorgeschlagen“ der Bildliste.</numerusform>
            <numerusform>%n Bilder als Nächstes zum Annotieren vorgeschlagen: siehe den Filter „Als Nächstes vorgeschlagen“ der Bildliste.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sd::ui::SmartSelect</name>
    <message>
        <location filename="../ui/annotation/smartselect.cpp" line="+186"/>
        <source>The proposal is empty; click inside the structure or draw a larger box.</source>
        <translation>Der Vorschlag ist leer; klicken Sie in die Struktur oder ziehen Sie einen größeren Rahmen.</translation>
    </message>
</context>
<context>
    <name>sd::ui::StructurePanel</name>
    <message>
        <location filename="../ui/annotation/structurepanel.cpp" line="+38"/>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In this frame</source>
        <translation>Im Bild</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Opacity of the mask layers</source>
        <translation>Deckkraft der Maskenebenen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Show or hide the %1 layer</source>
        <translation>Ebene „%1“ ein- oder ausblenden</translation>
    </message>
</context>
<context>
    <name>sd::ui::SyntheticBanner</name>
    <message>
        <location filename="../ui/workspace/syntheticbanner.cpp" line="+18"/>
        <source>&lt;b&gt;Synthetic demo frames — not patient data.&lt;/b&gt; Rendered for trying out the workflow; not for clinical use.</source>
        <translation>&lt;b&gt;Synthetische Demo-Bilder – keine Patientendaten.&lt;/b&gt; Zum Ausprobieren des Arbeitsablaufs gerendert; nicht für den klinischen Einsatz.</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherGenerateDialog</name>
    <message>
        <location filename="../ui/teacher/teachergeneratedialog.cpp" line="+31"/>
        <source>Generate teacher answers</source>
        <translation>Antworten des Lehrermodells generieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Teacher</source>
        <translation>Lehrermodell</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>completion</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider:</source>
        <translation>Anbieter:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Limit:</source>
        <translation>Limit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price per million tokens:</source>
        <translation>Preis pro Million Tokens:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only text and the mask leave this computer, never a frame; every request is written to the audit log. A second run continues where this one stops.</source>
        <translation>Nur Text und die Maske verlassen diesen Computer, niemals ein Bild; jede Anfrage wird im Prüfprotokoll festgehalten. Ein zweiter Lauf setzt dort fort, wo dieser aufhört.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel run</source>
        <translation>Lauf a&amp;bbrechen</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Payload preview (nothing is sent)</source>
        <translation>Nutzdaten-Vorschau (es wird nichts gesendet)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Preview payload</source>
        <translation>&amp;Vorschau der Nutzdaten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame:</source>
        <translation>Bild:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Structure:</source>
        <translation>Struktur:</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>not needed (offline)</source>
        <translation>nicht erforderlich (offline)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>none found (set SURGDISTILL_%1_API_KEY or store one in Teacher settings; an on-premises server may need none)</source>
        <translation>keiner gefunden (setzen Sie SURGDISTILL_%1_API_KEY oder speichern Sie einen in den Lehrermodell-Einstellungen; ein lokaler Server benötigt eventuell keinen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>from the environment variable SURGDISTILL_%1_API_KEY</source>
        <translation>aus der Umgebungsvariablen SURGDISTILL_%1_API_KEY</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from the system keychain</source>
        <translation>aus dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+61"/>
        <source>Cannot use this teacher: %1</source>
        <translation>Dieses Lehrermodell kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>this computer only: the offline teacher reads this prompt, nothing is sent</source>
        <translation>nur dieser Computer: Das Offline-Lehrermodell liest diesen Prompt, es wird nichts gesendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>POST %1 (allowed by the project&apos;s privacy policy)</source>
        <translation>POST %1 (von der Datenschutzrichtlinie des Projekts zugelassen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>POST %1 — REFUSED: the host is not on the project&apos;s allowed hosts</source>
        <translation>POST %1 – ABGELEHNT: Der Host gehört nicht zu den zugelassenen Hosts des Projekts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The privacy policy would refuse this destination. Allow the host in Teacher settings only if the clinic permits it.</source>
        <translation>Die Datenschutzrichtlinie würde dieses Ziel ablehnen. Lassen Sie den Host in den Lehrermodell-Einstellungen nur zu, wenn die Klinik dies erlaubt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No preview for frame %1 and this structure: %2</source>
        <translation>Keine Vorschau für Bild %1 und diese Struktur: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Done %1 · failed %2 · earlier runs %3 · retries %4 · tokens %5 prompt / %6 completion · cost %7</source>
        <translation>Erledigt %1 · fehlgeschlagen %2 · frühere Läufe %3 · Wiederholungen %4 · Tokens %5 Prompt / %6 Ausgabe · Kosten %7</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Request %1 failed: %2</source>
        <translation>Anfrage %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stopped by the privacy policy: %1</source>
        <translation>Von der Datenschutzrichtlinie gestoppt: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled. Unfinished requests stay pending; Run continues with them.</source>
        <translation>Abgebrochen. Nicht abgeschlossene Anfragen bleiben ausstehend; „Ausführen“ setzt sie fort.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Finished with %n failed request(s); Run again to retry them.</source>
        <translation>
            <numerusform>Beendet, %n Anfrage fehlgeschlagen; klicken Sie erneut auf „Ausführen“, um sie zu wiederholen.</numerusform>
            <numerusform>Beendet, %n Anfragen fehlgeschlagen; klicken Sie erneut auf „Ausführen“, um sie zu wiederholen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Finished: %n new answer(s). They need a surgeon&apos;s review before they enter a data set.</source>
        <translation>
            <numerusform>Beendet: %n neue Antwort. Sie muss von einer Chirurgin oder einem Chirurgen geprüft werden, bevor sie in einen Datensatz eingeht.</numerusform>
            <numerusform>Beendet: %n neue Antworten. Sie müssen von einer Chirurgin oder einem Chirurgen geprüft werden, bevor sie in einen Datensatz eingehen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Teacher %1 (%2): %3 to do, %4 already answered</source>
        <translation>Lehrermodell %1 (%2): %3 offen, %4 bereits beantwortet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherMenu</name>
    <message>
        <location filename="../ui/teacher/teachermenu.cpp" line="+22"/>
        <source>&amp;Teacher</source>
        <translation>&amp;Lehrermodell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Teacher</source>
        <translation>Lehrermodell</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Generate teacher answers…</source>
        <translation>Antworten des Lehrermodells &amp;generieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Review answers…</source>
        <translation>&amp;Antworten prüfen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review &amp;preference pairs…</source>
        <translation>Präferenzpaare p&amp;rüfen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import preference pairs (JSONL)…</source>
        <translation>Präferenzpaare &amp;importieren (JSONL)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import preference pairs</source>
        <translation>Präferenzpaare importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DPO JSON lines (*.jsonl);;All files (*)</source>
        <translation>DPO-JSON-Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>E&amp;xport datasets…</source>
        <translation>Datensätze e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder for sft.jsonl, dpo.jsonl and images</source>
        <translation>Ordner für sft.jsonl, dpo.jsonl und Bilder</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+13"/>
        <location line="+3"/>
        <source>Export datasets</source>
        <translation>Datensätze exportieren</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Frames of the split:</source>
        <translation>Bilder des Datensatzes:</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>SFT: %n example(s) in %1</source>
        <translation>
            <numerusform>SFT: %n Beispiel in %1</numerusform>
            <numerusform>SFT: %n Beispiele in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>DPO: %n pair(s) in %1</source>
        <translation>
            <numerusform>DPO: %n Paar in %1</numerusform>
            <numerusform>DPO: %n Paare in %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only reviewed data was exported: accepted or edited answers, approved pairs.</source>
        <translation>Es wurden nur geprüfte Daten exportiert: angenommene oder bearbeitete Antworten, freigegebene Paare.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Audit log…</source>
        <translation>&amp;Prüfprotokoll…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teacher &amp;settings…</source>
        <translation>Lehrermodell-&amp;Einstellungen…</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherScreens</name>
    <message>
        <location filename="../ui/teacher/teacheroverlay.cpp" line="+19"/>
        <source>Frame %1 or its mask no longer exists</source>
        <translation>Bild %1 oder seine Maske existiert nicht mehr</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Offline knowledge base (no network)</source>
        <translation>Offline-Wissensbasis (kein Netzwerk)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OpenAI-compatible (cloud or on-premises)</source>
        <translation>OpenAI-kompatibel (Cloud oder lokal)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeacherSettingsDialog</name>
    <message>
        <location filename="../ui/teacher/teachersettingsdialog.cpp" line="+27"/>
        <source>Teacher settings</source>
        <translation>Lehrermodell-Einstellungen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Privacy firewall</source>
        <translation>Datenschutz-Firewall</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Teacher requests may only go to these hosts. A new project allows this computer only. Every change is written to the audit log; add a host only if the clinic&apos;s data-protection policy permits it.</source>
        <translation>Anfragen an das Lehrermodell dürfen nur an diese Hosts gehen. Ein neues Projekt lässt nur diesen Computer zu. Jede Änderung wird im Prüfprotokoll festgehalten; fügen Sie einen Host nur hinzu, wenn die Datenschutzrichtlinie der Klinik dies erlaubt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Host, e.g. teacher.clinic.local</source>
        <translation>Host, z. B. teacher.clinic.local</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allow host</source>
        <translation>Host zulassen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send the mask as a 1-bit PNG with requests (otherwise its geometry as text only)</source>
        <translation>Maske als 1-Bit-PNG mit den Anfragen senden (sonst nur ihre Geometrie als Text)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default teacher</source>
        <translation>Standard-Lehrermodell</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the provider&apos;s public endpoint, or e.g. http://127.0.0.1:8000/v1</source>
        <translation>der öffentliche Endpunkt des Anbieters oder z. B. http://127.0.0.1:8000/v1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider:</source>
        <translation>Anbieter:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>API key (stored in the system keychain, never in the project)</source>
        <translation>API-Schlüssel (im Schlüsselbund des Systems gespeichert, nie im Projekt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>paste a new key to store it</source>
        <translation>neuen Schlüssel zum Speichern einfügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store in keychain</source>
        <translation>Im Schlüsselbund speichern</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>For:</source>
        <translation>Für:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New key:</source>
        <translation>Neuer Schlüssel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key in use:</source>
        <translation>Verwendeter Schlüssel:</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Allowed %1 (recorded in the audit log).</source>
        <translation>%1 zugelassen (im Prüfprotokoll festgehalten).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Removed %1 (recorded in the audit log).</source>
        <translation>%1 entfernt (im Prüfprotokoll festgehalten).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none (environment variable SURGDISTILL_%1_API_KEY not set, nothing in the keychain)</source>
        <translation>keiner (Umgebungsvariable SURGDISTILL_%1_API_KEY nicht gesetzt, nichts im Schlüsselbund)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>from the environment variable SURGDISTILL_%1_API_KEY (it takes precedence over the keychain)</source>
        <translation>aus der Umgebungsvariablen SURGDISTILL_%1_API_KEY (hat Vorrang vor dem Schlüsselbund)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>from the system keychain (service &quot;SurgDistill&quot;, account &quot;%1&quot;)</source>
        <translation>aus dem Schlüsselbund des Systems (Dienst „SurgDistill“, Konto „%1“)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paste the key first.</source>
        <translation>Fügen Sie zuerst den Schlüssel ein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The key is stored in the system keychain.</source>
        <translation>Der Schlüssel ist im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keychain refused the key: %1</source>
        <translation>Der Schlüsselbund hat den Schlüssel abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeamConnectionDialog</name>
    <message>
        <location filename="../ui/workspace/teamconnectiondialog.cpp" line="+22"/>
        <source>Open team project</source>
        <translation>Teamprojekt öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A team project lives in a database on your clinic&apos;s PostgreSQL server. Your administrator gives you the server, the database and your login.</source>
        <translation>Ein Teamprojekt liegt in einer Datenbank auf dem PostgreSQL-Server Ihrer Klinik. Server, Datenbank und Anmeldung erhalten Sie von Ihrer Administration.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Host name or address of the server, or the folder of its Unix socket</source>
        <translation>Hostname oder Adresse des Servers oder der Ordner seines Unix-Sockets</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. cme_team</source>
        <translation>z. B. cme_team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Login:</source>
        <translation>Anmeldung:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>from the keychain or ~/.pgpass when left empty</source>
        <translation>leer: aus dem Schlüsselbund oder ~/.pgpass</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remember the password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems merken</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When the server offers it</source>
        <translation>Wenn der Server es anbietet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required, certificate checked</source>
        <translation>Erforderlich, Zertifikat geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required, certificate and host name checked</source>
        <translation>Erforderlich, Zertifikat und Hostname geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off (only on this computer)</source>
        <translation>Aus (nur auf diesem Rechner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encryption (TLS):</source>
        <translation>Verschlüsselung (TLS):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the clinic&apos;s CA certificate (.crt)</source>
        <translation>CA-Zertifikat der Klinik (.crt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CA certificate:</source>
        <translation>CA-Zertifikat:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The password is never written to project files, the recent-projects list, logs or the audit.</source>
        <translation>Das Passwort wird nie in Projektdateien, die Liste der zuletzt geöffneten Projekte, Protokolle oder das Audit geschrieben.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation>Zertifikate (*.crt *.pem);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Connects to %1</source>
        <translation>Verbindet mit %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Server, database and login are needed.</source>
        <translation>Server, Datenbank und Anmeldung werden benötigt.</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeamProjectOpener</name>
    <message>
        <location filename="../ui/workspace/teamprojectopener.cpp" line="+64"/>
        <source>Open team project</source>
        <translation>Teamprojekt öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password could not be kept in the system keychain (%1). You will be asked for it next time.</source>
        <translation>Das Passwort konnte nicht im Schlüsselbund gespeichert werden (%1). Sie werden beim nächsten Mal erneut gefragt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server needs your password.</source>
        <translation>Der Server benötigt Ihr Passwort.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused the login. Check the login and the password.
%1</source>
        <translation>Der Server hat die Anmeldung abgelehnt. Bitte Anmeldung und Passwort prüfen.
%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server does not answer. Check the server name and port, or ask your administrator whether it is running.
%1</source>
        <translation>Der Server antwortet nicht. Bitte Servername und Port prüfen oder bei der Administration nachfragen, ob er läuft.
%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot open the team project:
%1</source>
        <translation>Das Teamprojekt kann nicht geöffnet werden:
%1</translation>
    </message>
</context>
<context>
    <name>sd::ui::TeamStatus</name>
    <message>
        <location filename="../ui/workspace/teamstatus.cpp" line="+118"/>
        <source>Single workstation</source>
        <translation>Einzelplatz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This project is a folder on this computer (SQLite): one person works on it at a time. Teams use a project on their PostgreSQL server (File &gt; Open team project…).</source>
        <translation>Dieses Projekt ist ein Ordner auf diesem Rechner (SQLite): Es arbeitet jeweils eine Person daran. Teams nutzen ein Projekt auf ihrem PostgreSQL-Server (Datei &gt; Teamprojekt öffnen…).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server unreachable — retrying</source>
        <translation>Server nicht erreichbar – neuer Versuch läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 does not answer. Your edits are kept on this computer and saved as soon as it answers again.</source>
        <translation>%1 antwortet nicht. Ihre Änderungen bleiben auf diesem Rechner und werden gespeichert, sobald er wieder antwortet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Team: %1 · %2 · TLS</source>
        <translation>Team: %1 · %2 · TLS</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team: %1 · %2</source>
        <translation>Team: %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team project on %1, logged in as %2. The server checks who may approve what.%3</source>
        <translation>Teamprojekt auf %1, angemeldet als %2. Der Server prüft, wer was freigeben darf.%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> The connection is encrypted (TLS).</source>
        <translation> Die Verbindung ist verschlüsselt (TLS).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> The connection stays on this computer (Unix socket).</source>
        <translation> Die Verbindung bleibt auf diesem Rechner (Unix-Socket).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> The connection is NOT encrypted.</source>
        <translation> Die Verbindung ist NICHT verschlüsselt.</translation>
    </message>
</context>
<context>
    <name>sd::ui::TrainingDashboard</name>
    <message>
        <location filename="../ui/model/trainingdashboard.cpp" line="+41"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location line="+56"/>
        <location line="+510"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="-506"/>
        <source>New SFT run…</source>
        <translation>Neuer SFT-Lauf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New DPO run…</source>
        <translation>Neuer DPO-Lauf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask the job to stop: it saves a checkpoint first, so the run can be resumed</source>
        <translation>Den Job zum Anhalten auffordern: Er speichert zuerst einen Checkpoint, damit der Lauf fortgesetzt werden kann</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Settings of the selected run</source>
        <translation>Einstellungen des ausgewählten Laufs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>lr</source>
        <translation>LR</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DPO rewards</source>
        <translation>DPO-Rewards</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>reward margin</source>
        <translation>Reward-Abstand</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>reward accuracy</source>
        <translation>Reward-Genauigkeit</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>A training job is already running; cancel it first.</source>
        <translation>Ein Trainingsjob läuft bereits; brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+25"/>
        <location line="+18"/>
        <source>Cannot start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Open a project first: runs are recorded in the project.</source>
        <translation>Öffnen Sie zuerst ein Projekt: Läufe werden im Projekt festgehalten.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot start: the project has no approved preference pairs yet.</source>
        <translation>Start nicht möglich: Das Projekt hat noch keine freigegebenen Präferenzpaare.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot start: the project has no accepted teacher answers yet.</source>
        <translation>Start nicht möglich: Das Projekt hat noch keine angenommenen Antworten des Lehrermodells.</translation>
    </message>
    <message>
        <location line="+34"/>
        <location line="+55"/>
        <source>A training job is already running.</source>
        <translation>Ein Trainingsjob läuft bereits.</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>No such training run.</source>
        <translation>Diesen Trainingslauf gibt es nicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The run does not record its data set; start a new run instead.</source>
        <translation>Der Lauf hat seinen Datensatz nicht festgehalten; starten Sie stattdessen einen neuen Lauf.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+38"/>
        <source>Training job started (process %1).</source>
        <translation>Trainingsjob gestartet (Prozess %1).</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No running job to cancel.</source>
        <translation>Kein laufender Job zum Abbrechen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asked the job to stop; it saves a checkpoint first.</source>
        <translation>Der Job wurde zum Anhalten aufgefordert; er speichert zuerst einen Checkpoint.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>The training job ended without reporting a result.</source>
        <translation>Der Trainingsjob wurde beendet, ohne ein Ergebnis zu melden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The training job ended without reporting a result. Its last output:
%1</source>
        <translation>Der Trainingsjob wurde beendet, ohne ein Ergebnis zu melden. Seine letzte Ausgabe:
%1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Cannot record the run in the project: %1</source>
        <translation>Der Lauf kann nicht im Projekt festgehalten werden: %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Waiting for the first step…</source>
        <translation>Warten auf den ersten Schritt…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 step %2 of %3 · epoch %4 · loss %5</source>
        <translation>%1 Schritt %2 von %3 · Epoche %4 · Loss %5</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finished: %1</source>
        <translation>Abgeschlossen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The job failed: %1</source>
        <translation>Der Job ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Interrupted at step %1; Resume continues from the last checkpoint.</source>
        <translation>Bei Schritt %1 unterbrochen; „Fortsetzen“ macht beim letzten Checkpoint weiter.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>done after %1</source>
        <translation>fertig nach %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA %1 (elapsed %2)</source>
        <translation>Restzeit %1 (vergangen %2)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Kind: %1
Base model: %2
Run folder: %3
Status: %4

%5</source>
        <translation>Art: %1
Basismodell: %2
Lauf-Ordner: %3
Status: %4

%5</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>A training job is running. Keep it running in the background?</source>
        <translation>Ein Trainingsjob läuft. Soll er im Hintergrund weiterlaufen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the job</source>
        <translation>Job anhalten</translation>
    </message>
</context>
<context>
    <name>sd::ui::TrainingRunDialog</name>
    <message>
        <location filename="../ui/model/trainingrundialog.cpp" line="+29"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New DPO run</source>
        <translation>Neuer DPO-Lauf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New SFT run</source>
        <translation>Neuer SFT-Lauf</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>empty: the project&apos;s reviewed training data</source>
        <translation>leer: die geprüften Trainingsdaten des Projekts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base model folder</source>
        <translation>Basismodell-Ordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preference pairs (JSONL)</source>
        <translation>Präferenzpaare (JSONL)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training data (JSONL)</source>
        <translation>Trainingsdaten (JSONL)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Full fine-tuning</source>
        <translation>Vollständige Feinabstimmung</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>rank </source>
        <translation>Rang </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>alpha </source>
        <translation>Alpha </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>dropout </source>
        <translation>Dropout </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>vision encoder</source>
        <translation>Vision-Encoder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merger</source>
        <translation>Merger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>language model</source>
        <translation>Sprachmodell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Frozen</source>
        <translation>Eingefroren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warm-up ratio</source>
        <translation>Warm-up-Anteil</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>β (DPO)</source>
        <translation>β (DPO)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checkpoint every (steps)</source>
        <translation>Checkpoint alle (Schritte)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paper defaults</source>
        <translation>Standardwerte der Publikation</translation>
    </message>
</context>
<context>
    <name>sd::ui::TutorView</name>
    <message>
        <location filename="../ui/model/tutorview.cpp" line="+49"/>
        <source>Resident tutor</source>
        <translation>Assistenzarzt-Tutor</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Press “Next structure” to start</source>
        <translation>Klicken Sie zum Starten auf „Nächste Struktur“</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Next structure</source>
        <translation>Nächste Struktur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resident</source>
        <translation>Assistenzarzt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name the highlighted structure, state the side (left- or right-sided CME) and explain its significance for Complete Mesocolic Excision.</source>
        <translation>Benennen Sie die hervorgehobene Struktur, geben Sie die Seite an (linksseitige oder rechtsseitige CME) und erläutern Sie ihre Bedeutung für die komplette mesokolische Exzision (CME).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your answer</source>
        <translation>Ihre Antwort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check my answer</source>
        <translation>Antwort überprüfen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local model&apos;s explanation appears here after you check your answer.</source>
        <translation>Die Erklärung des lokalen Modells erscheint hier, nachdem Sie Ihre Antwort überprüft haben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ask the model a follow-up question</source>
        <translation>Dem Modell eine Anschlussfrage stellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Expert and model texts need review by a surgeon before clinical use.</source>
        <translation>Experten- und Modelltexte müssen vor dem klinischen Einsatz von einer Chirurgin oder einem Chirurgen geprüft werden.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Practice</source>
        <translation>Übung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accuracy</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last %1</source>
        <translation>Letzte %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Key points</source>
        <translation>Kernpunkte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revisit</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>accuracy (structure and side right)</source>
        <translation>Trefferquote (Struktur und Seite richtig)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model failed: %1</source>
        <translation>Fehler im Modell: %1</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Frame %1 has no mask for this structure and the segmentation model proposes none: %2</source>
        <translation>Bild %1 hat keine Maske für diese Struktur, und das Segmentierungsmodell schlägt keine vor: %2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&lt;p&gt;&lt;i&gt;No approved expert answer for this frame and structure yet: only the name and the side of your answer can be graded.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Für dieses Bild und diese Struktur gibt es noch keine freigegebene Expertenantwort: Nur der Name und die Seite Ihrer Antwort können bewertet werden.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frame %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame %1: the highlighted region was proposed by the segmentation model %2 and has not been checked by a person.</source>
        <translation>Bild %1: Die hervorgehobene Region wurde vom Segmentierungsmodell %2 vorgeschlagen und von niemandem geprüft.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This project has no masks to practise on.</source>
        <translation>Dieses Projekt enthält keine Masken zum Üben.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Press “Next structure” first.</source>
        <translation>Klicken Sie zuerst auf „Nächste Struktur“.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the resident&apos;s name first (progress is kept per resident).</source>
        <translation>Geben Sie zuerst den Namen des Assistenzarztes ein (der Fortschritt wird pro Assistenzarzt gespeichert).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type your answer first.</source>
        <translation>Geben Sie zuerst Ihre Antwort ein.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot save the attempt: %1</source>
        <translation>Der Versuch kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Structure: %1</source>
        <translation>Struktur: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You named %1; the highlighted structure is %2.</source>
        <translation>Sie haben %1 genannt; die hervorgehobene Struktur ist %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The structure is not named; it is %1.</source>
        <translation>Die Struktur wurde nicht genannt; es ist %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The side of this frame is not recorded, so the side is not graded.</source>
        <translation>Die Seite ist für dieses Bild nicht erfasst, daher wird die Seite nicht bewertet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You mention both sides; this is a %1 CME.</source>
        <translation>Sie nennen beide Seiten; es handelt sich um eine CME, Seite: %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Side not stated: always say left- or right-sided (this is a %1 CME).</source>
        <translation>Seite nicht angegeben: Nennen Sie immer linksseitig oder rechtsseitig (hier: CME, Seite: %1).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Side: %1</source>
        <translation>Seite: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong side: this is a %1 CME.</source>
        <translation>Falsche Seite: Es handelt sich um eine CME, Seite: %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key points found: %1 of %2</source>
        <translation>Gefundene Kernpunkte: %1 von %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expert answer:</source>
        <translation>Expertenantwort:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No approved expert answer for this frame and structure yet: the significance points could not be graded.</source>
        <translation>Für dieses Bild und diese Struktur gibt es noch keine freigegebene Expertenantwort: Die Punkte zur Bedeutung konnten nicht bewertet werden.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a model folder to see the local model&apos;s explanation.</source>
        <translation>Wählen Sie einen Modellordner aus, um die Erklärung des lokalen Modells zu sehen.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The model is answering…</source>
        <translation>Das Modell antwortet…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>You:</source>
        <translation>Sie:</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Structure %1</source>
        <translation>Struktur %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>revisit</source>
        <translation>wiederholen</translation>
    </message>
</context>
<context>
    <name>sd::ui::UserDialog</name>
    <message>
        <location filename="../ui/workspace/userdialog.cpp" line="+31"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
</context>
<context>
    <name>sd::ui::VideoImportDialog</name>
    <message>
        <location filename="../ui/frames/videoimportdialog.cpp" line="+32"/>
        <source>Import video</source>
        <translation>Video importieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose video…</source>
        <translation>Video auswählen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No video chosen</source>
        <translation>Kein Video ausgewählt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mark phase start</source>
        <translation>Phasenbeginn markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark phase end</source>
        <translation>Phasenende markieren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>CME phase start:</source>
        <translation>Beginn der CME-Phase:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CME phase end:</source>
        <translation>Ende der CME-Phase:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame every:</source>
        <translation>Ein Bild alle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side:</source>
        <translation>Seite:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+129"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Choose a video</source>
        <translation>Video auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Videos (*.mp4 *.avi *.mov *.mkv *.m4v *.mpg);;All files (*)</source>
        <translation>Videos (*.mp4 *.avi *.mov *.mkv *.m4v *.mpg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot read %1 as a video.</source>
        <translation>%1 kann nicht als Video gelesen werden.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 s at %2 frames/s</source>
        <translation>%1 s bei %2 Bildern/s</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>About %n frame(s) will be imported.</source>
        <translation>
            <numerusform>Etwa %n Bild wird importiert.</numerusform>
            <numerusform>Etwa %n Bilder werden importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Importing…</source>
        <translation>Wird importiert…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Imported %1 of %2 frames…</source>
        <translation>%1 von %2 Bildern importiert…</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Imported %n frame(s).</source>
        <translation>
            <numerusform>%n Bild importiert.</numerusform>
            <numerusform>%n Bilder importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was imported: %1</source>
        <translation>Es wurde nichts importiert: %1</translation>
    </message>
</context>
</TS>
