#include "framefilterbar.h"

#include "widgets/displaynames.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLineEdit>
#include <QSignalBlocker>

namespace sd::ui {

FrameFilterBar::FrameFilterBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("frameFilterBar"));
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("frameIdSearch"));
    m_id->setPlaceholderText(tr("Search frame id"));
    m_id->setClearButtonEnabled(true);
    m_structure = new QComboBox(this);
    m_structure->setObjectName(QStringLiteral("structureFilter"));
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("reviewStateFilter"));
    m_state->addItem(tr("Any review state"));
    for (ReviewState s : {ReviewState::Draft, ReviewState::Submitted, ReviewState::Approved,
                          ReviewState::ChangesRequested})
        m_state->addItem(reviewStateDisplayName(s), reviewStateToString(s));
    m_side = new QComboBox(this);
    m_side->setObjectName(QStringLiteral("sideFilter"));
    m_side->addItem(tr("Any side"));
    for (Side s : {Side::Left, Side::Right, Side::Unknown})
        m_side->addItem(sideDisplayName(s), sideToString(s));
    m_annotator = new QComboBox(this);
    m_annotator->setObjectName(QStringLiteral("annotatorFilter"));
    m_suggested = new QCheckBox(tr("Suggested next"), this);
    m_suggested->setObjectName(QStringLiteral("suggestedFilter"));
    m_suggested->setToolTip(tr("Only the frames the segmentation model suggests labelling next, most uncertain first "
                               "(Model > Segmentation model > Suggest next frames to label)."));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setSpacing(4);
    grid->addWidget(m_id, 0, 0, 1, 2);
    grid->addWidget(m_structure, 1, 0);
    grid->addWidget(m_state, 1, 1);
    grid->addWidget(m_side, 2, 0);
    grid->addWidget(m_annotator, 2, 1);
    grid->addWidget(m_suggested, 3, 0, 1, 2);

    auto changed = [this] {
        if (!m_updating)
            Q_EMIT filterChanged(filter());
    };
    connect(m_id, &QLineEdit::textChanged, this, changed);
    for (QComboBox *box : {m_structure, m_state, m_side, m_annotator})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
    connect(m_suggested, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_updating)
            Q_EMIT suggestedOnlyChanged(on);
    });
    setProject(nullptr);
}

void FrameFilterBar::setProject(const ProjectStore *store)
{
    m_updating = true;
    m_id->clear();
    m_structure->clear();
    m_structure->addItem(tr("Any structure"));
    if (store)
        for (const Structure &s : store->structures())
            m_structure->addItem(structureDisplayName(s), s.id);
    m_state->setCurrentIndex(0);
    m_side->setCurrentIndex(0);
    m_suggested->setChecked(false);
    m_annotator->clear();
    m_updating = false;
    refreshAnnotators(store);
}

void FrameFilterBar::refreshAnnotators(const ProjectStore *store)
{
    m_updating = true;
    const QString selected = m_annotator->currentData().toString();
    m_annotator->clear();
    m_annotator->addItem(tr("Any annotator"));
    if (store)
        for (const QString &name : store->maskAuthors())
            m_annotator->addItem(name, name);
    m_annotator->setCurrentIndex(std::max(0, m_annotator->findData(selected)));
    m_updating = false;
}

bool FrameFilterBar::suggestedOnly() const
{
    return m_suggested->isChecked();
}

FrameFilter FrameFilterBar::filter() const
{
    FrameFilter f;
    f.idSearch = m_id->text().trimmed();
    if (m_structure->currentIndex() > 0)
        f.structureId = m_structure->currentData().toLongLong();
    if (m_state->currentIndex() > 0)
        f.reviewState = reviewStateFromString(m_state->currentData().toString());
    if (m_side->currentIndex() > 0)
        f.side = sideFromString(m_side->currentData().toString());
    if (m_annotator->currentIndex() > 0)
        f.author = m_annotator->currentData().toString();
    return f;
}

} // namespace sd::ui
