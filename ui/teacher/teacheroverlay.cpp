#include "teacheroverlay.h"

#include "framecomposite.h"
#include "widgets/imageconvert.h"
#include "imageio.h"
#include "overlay.h"
#include "store/projectstore.h"

#include <QComboBox>
#include <QCoreApplication>

#include <opencv2/core.hpp>

namespace sd::ui {

QImage teacherOverlayImage(const ProjectStore &store, qint64 frameId, qint64 structureId, QString *error)
{
    try {
        const std::optional<Frame> frame = store.frame(frameId);
        const std::optional<Mask> mask = store.mask(frameId, structureId);
        if (!frame || !mask) {
            if (error)
                *error = QCoreApplication::translate("sd::ui::TeacherScreens", "Frame %1 or its mask no longer exists")
                             .arg(frameId);
            return {};
        }
        const cv::Mat bgr = loadImage(store.absolutePath(frame->mediaPath));
        return matToQImage(composeOverlay(bgr, mask->rle.decode(), overlayAlphaSetting(&store)));
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
