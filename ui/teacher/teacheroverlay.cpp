#include "teacheroverlay.h"

#include "trainingoverlay.h"
#include "widgets/imageconvert.h"
#include "store/projectstore.h"

#include <QComboBox>
#include <QCoreApplication>

#include <opencv2/core.hpp>

namespace sd::ui {

QImage teacherOverlayImage(const ProjectStore &store, qint64 frameId, qint64 structureId, QString *error)
{
    try {
        if (!store.frame(frameId) || !store.mask(frameId, structureId)) {
            if (error)
                *error = QCoreApplication::translate("sd::ui::TeacherScreens", "Frame %1 or its mask no longer exists")
                             .arg(frameId);
            return {};
        }
        return matToQImage(TrainingOverlay(store).ofStructure(frameId, structureId).compositeBgr);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return {};
    }
}

void fillProviderCombo(QComboBox *combo)
{
    combo->addItem(QCoreApplication::translate("sd::ui::TeacherScreens", "Offline knowledge base (no network)"),
                   QStringLiteral("offline"));
    combo->addItem(QCoreApplication::translate("sd::ui::TeacherScreens", "OpenAI-compatible (cloud or on-premises)"),
                   QStringLiteral("openai"));
    combo->addItem(QCoreApplication::translate("sd::ui::TeacherScreens", "Gemini"), QStringLiteral("gemini"));
}

} // namespace sd::ui
