#include "framefilterbar.h"

#include "widgets/displaynames.h"

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

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setSpacing(4);
    grid->addWidget(m_id, 0, 0, 1, 2);
    grid->addWidget(m_structure, 1, 0);
    grid->addWidget(m_state, 1, 1);
    grid->addWidget(m_side, 2, 0);
    grid->addWidget(m_annotator, 2, 1);

    auto changed = [this] {
        if (!m_updating)
            Q_EMIT filterChanged(filter());
    };
    connect(m_id, &QLineEdit::textChanged, this, changed);
    for (QComboBox *box : {m_structure, m_state, m_side, m_annotator})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
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
