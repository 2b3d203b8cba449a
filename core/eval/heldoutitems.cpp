#include "heldoutitems.h"

#include "imageio.h"
#include "store/projectstore.h"
#include "trainingoverlay.h"
#include "teacher/answerreview.h"

#include <QMap>
#include <QPair>

namespace sd::eval {

namespace {

// (frame, structure) -> newest reviewed reference, in one pass over the requests.
QMap<QPair<qint64, qint64>, QString> allReferences(const ProjectStore &store)
{
    QMap<QPair<qint64, qint64>, QString> out;
    for (const TeacherRequest &r : store.teacherRequests()) // oldest first: later ones overwrite
        for (const TeacherAnswer &a : store.teacherAnswers(r.id)) {
            const QString text = approvedAnswerText(store, a.id).value_or(QString()).trimmed();
            if (!text.isEmpty())
                out.insert({r.frameId, r.structureId}, text);
        }
    return out;
}

} // namespace

QString reviewedReference(const ProjectStore &store, qint64 frameId, qint64 structureId)
{
    return allReferences(store).value({frameId, structureId});
}

HeldOutItems heldOutItems(const ProjectStore &store)
{
    const auto references = allReferences(store);
    const auto structures = store.structures();
    FrameFilter filter;
    filter.split = QStringLiteral("test");
    HeldOutItems out;
    for (const Frame &frame : store.frames(filter)) {
        for (const Structure &s : structures) {
            const auto mask = store.mask(frame.id, s.id);
            if (!mask || mask->rle.isEmpty())
                continue;
            const QString reference = references.value({frame.id, s.id});
            if (reference.isEmpty()) {
                ++out.withoutReference;
                continue;
            }
            out.items.push_back(EvalItem{frame, s, *mask, reference});
        }
    }
    return out;
}

cv::Mat itemImage(const ProjectStore &store, const TrainingOverlay &overlay, const EvalItem &item)
{
    return overlay.compose(loadImage(store.absolutePath(item.frame.mediaPath)), item.mask.rle.decode());
}

} // namespace sd::eval
