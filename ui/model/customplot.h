// QCustomPlot for this project: its header uses Qt's signals/slots/foreach keywords,
// which QT_NO_KEYWORDS (needed beside libtorch) switches off project-wide.
// Include this instead of <qcustomplot.h>, only in .cpp files.
#pragma once

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef foreach
