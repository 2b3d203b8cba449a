<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>sd::app</name>
    <message>
        <location filename="../app/gui.cpp" line="+117"/>
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
        <location line="+32"/>
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
        <location line="+32"/>
        <source>the project has no frame to show</source>
        <translation>das Projekt enthält kein Bild, das angezeigt werden kann</translation>
    </message>
</context>
<context>
    <name>sd::ui::DemoCreation</name>
    <message>
        <location filename="../ui/democreationdialog.cpp" line="+29"/>
        <source>Rendering the synthetic demo project…</source>
        <translation>Synthetisches Demo-Projekt wird gerendert…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Creating the demo project</source>
        <translation>Demo-Projekt wird erstellt</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+5"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rendering the synthetic demo project… %1 of %2 frames</source>
        <translation>Synthetisches Demo-Projekt wird gerendert… %1 von %2 Bildern</translation>
    </message>
</context>
<context>
    <name>sd::ui::DisplayNames</name>
    <message>
        <location filename="../ui/displaynames.cpp" line="+20"/>
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
    <name>sd::ui::FrameListDelegate</name>
    <message>
        <location filename="../ui/framelistdelegate.cpp" line="+47"/>
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
        <location filename="../ui/framelistmodel.cpp" line="+79"/>
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
        <location filename="../ui/framepropertiespanel.cpp" line="+18"/>
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
        <location line="+24"/>
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
    <name>sd::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+72"/>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Structures</source>
        <translation>Strukturen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frame properties</source>
        <translation>Bildeigenschaften</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Synthetic demo frames — not patient data</source>
        <translation>Synthetische Demo-Bilder – keine Patientendaten</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Zoom %1%</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>x %1, y %2</source>
        <translation>x %1, y %2</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About SurgDistill</source>
        <translation>Ü&amp;ber SurgDistill</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location line="+23"/>
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
        <location line="+50"/>
        <location line="+8"/>
        <location line="+163"/>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>%1 is not a SurgDistill project folder.</source>
        <translation>%1 ist kein SurgDistill-Projektordner.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot open %1:
%2</source>
        <translation>%1 kann nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <location line="+22"/>
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
        <location line="+23"/>
        <source>Frame %1 no longer exists</source>
        <translation>Bild %1 existiert nicht mehr</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot load frame %1: %2</source>
        <translation>Bild %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The %1 mask of frame %2 has the wrong size and is not shown</source>
        <translation>Die Maske „%1“ von Bild %2 hat die falsche Größe und wird nicht angezeigt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not reviewed</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Training composite: %1 (green overlay, opacity %2)</source>
        <translation>Trainingsbild: %1 (grüne Überlagerung, Deckkraft %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training composite: this frame has no mask</source>
        <translation>Trainingsbild: Dieses Bild hat keine Maske</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Choose a new, empty folder for the demo project</source>
        <translation>Neuen, leeren Ordner für das Demo-Projekt wählen</translation>
    </message>
    <message>
        <location line="+6"/>
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
    <name>sd::ui::StructurePanel</name>
    <message>
        <location filename="../ui/structurepanel.cpp" line="+36"/>
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
        <location line="+39"/>
        <source>Show or hide the %1 layer</source>
        <translation>Ebene „%1“ ein- oder ausblenden</translation>
    </message>
</context>
<context>
    <name>sd::ui::SyntheticBanner</name>
    <message>
        <location filename="../ui/syntheticbanner.cpp" line="+18"/>
        <source>&lt;b&gt;Synthetic demo frames — not patient data.&lt;/b&gt; Rendered for trying out the workflow; not for clinical use.</source>
        <translation>&lt;b&gt;Synthetische Demo-Bilder – keine Patientendaten.&lt;/b&gt; Zum Ausprobieren des Arbeitsablaufs gerendert; nicht für den klinischen Einsatz.</translation>
    </message>
</context>
</TS>
