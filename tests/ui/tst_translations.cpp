// The German translation is complete and current, and the app's own loader
// (app/i18n) finds it embedded in the binary.
#include "widgets/displaynames.h"
#include "workspace/syntheticbanner.h"
#include "translations.h"

#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

const QString kSourceDir = QStringLiteral(SURGDISTILL_SOURCE_DIR);

struct TsMessage {
    QString context;
    QString source;
    bool numerus = false;
    QString type;             // translation's type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList translations; // one, or one per numerus form
    QString location;         // for messages: "file:line"
};

// A small .ts reader: enough for checks, independent of lupdate/lrelease.
std::vector<TsMessage> readTs(const QString &path, QString *error)
{
    std::vector<TsMessage> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return out;
    }
    QXmlStreamReader xml(&file);
    QString context, lastFile;
    TsMessage msg;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            msg = TsMessage{};
            msg.context = context;
            msg.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("location")) {
            const auto f = xml.attributes().value(QLatin1String("filename"));
            if (!f.isEmpty())
                lastFile = f.toString();
            msg.location = lastFile + QLatin1Char(':') + xml.attributes().value(QLatin1String("line")).toString();
        } else if (name == QLatin1String("source")) {
            msg.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            msg.type = xml.attributes().value(QLatin1String("type")).toString();
            if (msg.numerus) {
                while (xml.readNextStartElement())
                    msg.translations << xml.readElementText(); // <numerusform>
            } else {
                msg.translations << xml.readElementText();
            }
            out.push_back(msg);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

QString describe(const TsMessage &m)
{
    return QStringLiteral("[%1] \"%2\" (%3)").arg(m.context, m.source, m.location);
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("SurgDistillTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    }

    void germanTsIsComplete()
    {
        QString error;
        const auto messages = readTs(kSourceDir + QStringLiteral("/translations/surgdistill_de.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 50, "surgdistill_de.ts has suspiciously few messages");
        QStringList problems;
        for (const TsMessage &m : messages) {
            if (!m.type.isEmpty())
                problems << QStringLiteral("%1 is %2").arg(describe(m), m.type);
            else if (m.translations.isEmpty()
                     || std::any_of(m.translations.begin(), m.translations.end(),
                                    [](const QString &t) { return t.trimmed().isEmpty(); }))
                problems << QStringLiteral("%1 has an empty translation").arg(describe(m));
            else if (m.numerus && m.translations.size() != 2)
                problems << QStringLiteral("%1 needs 2 German plural forms").arg(describe(m));
            for (const QString &t : m.translations)
                if (placeholders(t) != placeholders(m.source))
                    problems << QStringLiteral("%1: placeholders differ in \"%2\"").arg(describe(m), t);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void englishTsHoldsOnlyFinishedPluralForms()
    {
        QString error;
        const auto messages = readTs(kSourceDir + QStringLiteral("/translations/surgdistill_en.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.empty());
        for (const TsMessage &m : messages) {
            QVERIFY2(m.numerus, qPrintable(describe(m) + QStringLiteral(" is not a plural form")));
            QVERIFY2(m.type.isEmpty(), qPrintable(describe(m) + QStringLiteral(" is ") + m.type));
            QCOMPARE(m.translations.size(), 2);
        }
    }

    // lupdate over ui/ and app/ into a copy: nothing new may appear and
    // nothing may disappear, i.e. `ninja update_translations` was run.
    void tsMatchesTheSources()
    {
        const QString lupdate = QStringLiteral(SURGDISTILL_LUPDATE);
        if (!QFileInfo(lupdate).isExecutable())
            QSKIP("lupdate not found; cannot compare the .ts with the sources");
        QFile list(QStringLiteral(SURGDISTILL_TR_SOURCE_LIST));
        QVERIFY2(list.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(list.fileName()));
        QStringList args = QString::fromUtf8(list.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString original = kSourceDir + QStringLiteral("/translations/surgdistill_de.ts");
        const QString copy = tmp.filePath(QStringLiteral("surgdistill_de.ts"));
        QVERIFY(QFile::copy(original, copy));
        args << QStringLiteral("-no-obsolete") << QStringLiteral("-locations") << QStringLiteral("none")
             << QStringLiteral("-ts") << copy;
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(lupdate, args);
        QVERIFY2(p.waitForFinished(120000), "lupdate did not finish");
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAll().constData());

        QString error;
        const auto before = readTs(original, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto after = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto keys = [](const std::vector<TsMessage> &ms) {
            QSet<QString> s;
            for (const TsMessage &m : ms)
                s.insert(m.context + QLatin1Char('|') + m.source);
            return s;
        };
        const QSet<QString> added = keys(after) - keys(before), removed = keys(before) - keys(after);
        QVERIFY2(added.isEmpty(), qPrintable(QStringLiteral("strings missing from surgdistill_de.ts (run ninja "
                                                            "update_translations and translate them):\n")
                                             + QStringList(added.values()).join(QLatin1Char('\n'))));
        QVERIFY2(removed.isEmpty(), qPrintable(QStringLiteral("strings in surgdistill_de.ts no longer in the "
                                                              "sources (run ninja update_translations):\n")
                                               + QStringList(removed.values()).join(QLatin1Char('\n'))));
    }

    void languageChoice()
    {
        qputenv("SURGDISTILL_LANG", "");
        QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("de"));
        QCOMPARE(sd::app::chooseLanguage(), QStringLiteral("de"));
        QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
        QCOMPARE(sd::app::chooseLanguage(), QStringLiteral("en"));
        qputenv("SURGDISTILL_LANG", "de_AT");
        QCOMPARE(sd::app::chooseLanguage(), QStringLiteral("de")); // the environment wins
        qputenv("SURGDISTILL_LANG", "xx");
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("SURGDISTILL_LANG=xx")));
        QCOMPARE(sd::app::chooseLanguage(), QStringLiteral("en")); // falls back to the setting
        qputenv("SURGDISTILL_LANG", "");
        QSettings().remove(QStringLiteral("ui/language"));
        QVERIFY(sd::app::availableLanguages().contains(sd::app::chooseLanguage())); // system, or en
    }

    // Runs before the German test: translators installed later take priority.
    void embeddedEnglishGivesPluralForms()
    {
        QCOMPARE(sd::app::installTranslations(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("sd::ui::MainWindow", "%n frame(s)", nullptr, 1), QStringLiteral("1 frame"));
        QCOMPARE(QCoreApplication::translate("sd::ui::MainWindow", "%n frame(s)", nullptr, 3),
                 QStringLiteral("3 frames"));
    }

    void embeddedGermanTranslates()
    {
        QCOMPARE(sd::app::installTranslations(QStringLiteral("de")), QStringLiteral("de"));
        sd::ui::SyntheticBanner banner;
        QVERIFY2(banner.text().contains(QStringLiteral("Synthetische Demo-Bilder – keine Patientendaten")),
                 qPrintable(banner.text()));
        QCOMPARE(QCoreApplication::translate("sd::ui::MainWindow", "%n frame(s)", nullptr, 1), QStringLiteral("1 Bild"));
        QCOMPARE(QCoreApplication::translate("sd::ui::MainWindow", "%n frame(s)", nullptr, 12),
                 QStringLiteral("12 Bilder"));
        QCOMPARE(sd::ui::sideDisplayName(sd::Side::Left), QStringLiteral("Linksseitig"));

        sd::Structure s;
        s.key = QStringLiteral("angels_hair");
        s.name = QStringLiteral("Angel's hair");
        QCOMPARE(sd::ui::structureDisplayName(s), QStringLiteral("Angel's Hair (Engelshaar)"));
        s.key = QStringLiteral("pancreas");
        s.name = QStringLiteral("Pancreas");
        QCOMPARE(sd::ui::structureDisplayName(s), QStringLiteral("Pankreas"));
        s.name = QStringLiteral("Pankreaskopf"); // renamed by the project: shown as stored
        QCOMPARE(sd::ui::structureDisplayName(s), QStringLiteral("Pankreaskopf"));

        // Qt's own strings (qt6-translations-l10n), when installed.
        const QString qtbase = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_de.qm");
        if (QFile::exists(qtbase))
            QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
