// Chooses the user-interface language and installs the translators.
#pragma once

#include <QString>

namespace sd::app {

// Language code chosen, in order: SURGDISTILL_LANG, the QSettings key
// "ui/language" ("de", "en" or "" = system), the system locale. Unsupported
// codes fall back to "en" (the source language).
QString chooseLanguage();

// Languages with an embedded translation, "en" first.
QStringList availableLanguages();

// Installs SurgDistill's embedded translation (:/i18n/surgdistill_<lang>.qm;
// for English only its plural forms)
// and, when present, Qt's own qtbase_<lang>.qm on the running
// QCoreApplication. Returns the language actually in use ("en" when the
// chosen one could not be loaded; a warning says why). Call once, before
// building any widget.
QString installTranslations(const QString &language = chooseLanguage());

} // namespace sd::app
