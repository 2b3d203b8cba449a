// The model headers first: they must be parsed before any other Qt header pulls in more.
#include "widgets/segmodel.h"

#include "propagateaction.h"
#include "propagatedialog.h"

#include "assist/propagation.h"
#include "currentuser.h"
#include "store/projectstore.h"
#include "widgets/displaynames.h"
#include "widgets/progressrun.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>

#include <set>

namespace sd::ui {

namespace {
// More than any clip needs; the dialog offers as many as follow.
constexpr int kMaxPropagation = 200;
} // namespace

PropagateAction::PropagateAction(QWidget *window, QMenu *menu, std::function<ProjectStore *()> project,
                                 std::function<qint64()> frameId, std::function<qint64()> structureId)
    : QObject(window), m_window(window), m_project(std::move(project)), m_frameId(std::move(frameId)),
      m_structureId(std::move(structureId))
{
    m_action = menu->addAction(tr("Propa&gate to the next N frames…"), this, [this] { propagate(); });
    m_action->setObjectName(QStringLiteral("propagateAction"));
    m_action->setStatusTip(tr("Carry the current structure's mask onto the following frames of this video as drafts"));
    connect(menu, &QMenu::aboutToShow, this, &PropagateAction::updateEnabled);
    updateEnabled();
}

void PropagateAction::updateEnabled()
{
    bool ok = false;
    if (ProjectStore *store = m_project()) {
        try {
            const auto frame = store->frame(m_frameId());
            const auto mask = frame && frame->videoId ? store->mask(frame->id, m_structureId()) : std::nullopt;
            ok = mask && !mask->rle.isEmpty();
        } catch (const std::exception &) {
            ok = false; // a team server that does not answer: try again when the menu opens
        }
    }
    m_action->setEnabled(ok);
}

bool PropagateAction::propagate()
{
    const QString title = tr("Propagate mask");
    ProjectStore *store = m_project();
    if (!store) {
        QMessageBox::information(m_window, title, tr("Open a project first."));
        return false;
    }
    Q_EMIT aboutToPropagate();
    PropagationPlan plan;
    try {
        plan = planPropagation(*store, m_frameId(), m_structureId(), kMaxPropagation);
    } catch (const std::exception &e) {
        QMessageBox::information(m_window, title, QString::fromUtf8(e.what()));
        return false;
    }
    const std::set<qint64> occupiedIds(plan.occupied.begin(), plan.occupied.end());
    std::vector<bool> occupied;
    for (const Frame &f : plan.targets)
        occupied.push_back(occupiedIds.count(f.id) > 0);
    PropagateDialog dialog(structureDisplayName(plan.structure), plan.source.id, occupied, m_lastCount, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    m_lastCount = dialog.count();
    plan.targets.resize(size_t(dialog.count()));
    const bool overwrite = dialog.overwrite();

    std::vector<PropagatedDraft> drafts;
    QString model;
    const QString location = store->location(); // the folder, or a team project's URL
    const ProgressRunResult r = runWithProgress(
        m_window, title, tr("Propagating the mask… frame %1 of %2"),
        [&](const std::atomic<bool> &cancel, const std::function<void(int, int)> &progress) {
            // A store belongs to its thread: the worker reads through its own.
            const auto reader = ProjectStore::open(location, OpenMode::ReadOnly);
            const auto refiner = propagationRefiner(*reader, plan.structure.key);
            model = propagationModelName(refiner.get());
            drafts = computePropagation(*reader, plan, refiner.get(), {}, &cancel, progress);
        });
    if (r.cancelled) {
        Q_EMIT message(tr("Propagation cancelled: nothing was written."), 8000);
        return false;
    }
    if (!r.error.isEmpty()) {
        QMessageBox::warning(m_window, title, r.error);
        return false;
    }
    PropagationWrite w;
    try {
        w = savePropagatedDrafts(*store, plan.structure.id, drafts, currentUserName(), model, overwrite);
    } catch (const std::exception &e) {
        QMessageBox::warning(m_window, title, QString::fromUtf8(e.what()));
        return false;
    }
    QString text = tr("%n propagated draft(s) written", nullptr, w.written + w.overwritten);
    if (w.skipped > 0)
        text += tr("; %n frame(s) with a mask skipped", nullptr, w.skipped);
    if (w.empty > 0)
        text += tr("; on %n frame(s) the structure left the view", nullptr, w.empty);
    if (w.written + w.overwritten > 0)
        Q_EMIT masksChanged(); // first: showing the frame anew clears the status bar
    Q_EMIT message(text + tr(". Drafts need a person's check and a reviewer's approval."), 10000);
    return w.written + w.overwritten > 0;
}

} // namespace sd::ui
