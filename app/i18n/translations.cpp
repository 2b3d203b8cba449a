#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <QtGlobal>

namespace sd::app {

namespace {

// "de_DE", "de-AT" or "DE" -> "de".
QString normalise(const QString &code)
{
    return code.trimmed().section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0).toLower();
}

QString supportedOrEmpty(const QString &code)
{
    const QString c = normalise(code);
    return availableLanguages().contains(c) ? c : QString();
}

} // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString chooseLanguage()
{
    const QString env = qEnvironmentVariable("SURGDISTILL_LANG");
    if (!env.trimmed().isEmpty()) {
        if (const QString c = supportedOrEmpty(env); !c.isEmpty())
            return c;
        qWarning("SURGDISTILL_LANG=%s is not a supported language (%s); ignoring it", qPrintable(env),
                 qPrintable(availableLanguages().join(QStringLiteral(", "))));
    }
    const QString setting = QSettings().value(QStringLiteral("ui/language")).toString();
    if (const QString c = supportedOrEmpty(setting); !c.isEmpty())
        return c;
    // System: the first supported language in the user's preference list.
    for (const QString &ui : QLocale::system().uiLanguages())
        if (const QString c = supportedOrEmpty(ui); !c.isEmpty())
            return c;
    return QStringLiteral("en");
}

QString installTranslations(const QString &language)
{
    QCoreApplication *app = QCoreApplication::instance();
    QString lang = supportedOrEmpty(language);
    if (lang.isEmpty()) {
        qWarning("'%s' is not a supported language; using English", qPrintable(language));
        lang = QStringLiteral("en");
    }
    if (!app)
        return QStringLiteral("en");

    // Parented to the application: they live exactly as long as it does.
    auto *own = new QTranslator(app);
    const QString ownFile = QStringLiteral(":/i18n/surgdistill_%1.qm").arg(lang);
    if (!own->load(ownFile)) {
        delete own;
        if (lang == QLatin1String("en"))
            return lang; // only the plural forms are lost: "1 frame(s)"
        qWarning("Cannot load the embedded translation %s; using English", qPrintable(ownFile));
        return installTranslations(QStringLiteral("en"));
    }
    QCoreApplication::installTranslator(own);
    if (lang == QLatin1String("en"))
        return lang; // English is Qt's own language too

    // Qt's own dialogs and buttons (QMessageBox, QFileDialog…); optional.
    auto *qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return lang;
}

} // namespace sd::app
