#include "expertreviewdialog.h"

#include "trainingoverlay.h"
#include "widgets/imageconvert.h"
#include "store/projectstore.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <opencv2/core.hpp>

namespace sd::ui {

BlindedAnswersWidget::BlindedAnswersWidget(QWidget *parent) : QWidget(parent)
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
}

QString BlindedAnswersWidget::slotName(int index)
{
    QString name;
    for (int i = index + 1; i > 0; i = (i - 1) / 26)
        name.prepend(QChar(u'A' + (i - 1) % 26));
    return name;
}

void BlindedAnswersWidget::setAnswers(const QStringList &texts)
{
    for (QWidget *w : m_boxes)
        delete w;
    m_boxes.clear();
    m_slots.clear();
    for (int i = 0; i < texts.size(); ++i) {
        const QString slot = slotName(i);
        auto *box = new QGroupBox(tr("Answer %1").arg(slot), this);
        box->setAccessibleName(tr("Answer %1").arg(slot));
        auto *v = new QVBoxLayout(box);
        auto *text = new QLabel(texts[i].isEmpty() ? tr("(empty answer)") : texts[i], box);
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setAccessibleName(tr("Text of answer %1").arg(slot));
        v->addWidget(text);

        Slot s;
        auto scoreRow = [&](const QString &label, QButtonGroup *&group) {
            auto *row = new QHBoxLayout;
            row->addWidget(new QLabel(label, box));
            group = new QButtonGroup(box);
            for (int score = 1; score <= 5; ++score) {
                auto *b = new QRadioButton(QString::number(score), box);
                b->setAccessibleName(tr("%1 %2 for answer %3").arg(label).arg(score).arg(slot));
                group->addButton(b, score);
                row->addWidget(b);
            }
            row->addStretch();
            v->addLayout(row);
            connect(group, &QButtonGroup::idClicked, this, &BlindedAnswersWidget::changed);
        };
        scoreRow(tr("Accuracy"), s.accuracy);
        scoreRow(tr("Conciseness"), s.conciseness);
        s.preferred = new QCheckBox(tr("Preferred"), box);
        s.preferred->setAccessibleName(tr("Preferred answer %1").arg(slot));
        connect(s.preferred, &QCheckBox::toggled, this, &BlindedAnswersWidget::changed);
        v->addWidget(s.preferred);

        m_layout->addWidget(box);
        m_boxes.push_back(box);
        m_slots.push_back(s);
    }
}

void BlindedAnswersWidget::setRatings(const std::vector<Rating> &ratings)
{
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const Rating r = i < ratings.size() ? ratings[i] : Rating{};
        for (auto [group, value] : {std::pair{m_slots[i].accuracy, r.accuracy},
                                    std::pair{m_slots[i].conciseness, r.conciseness}}) {
            // Exclusive groups cannot be cleared by unchecking one button.
            group->setExclusive(false);
            for (QAbstractButton *b : group->buttons())
                b->setChecked(group->id(b) == value);
            group->setExclusive(true);
        }
        m_slots[i].preferred->setChecked(r.preferred);
    }
}

std::vector<BlindedAnswersWidget::Rating> BlindedAnswersWidget::ratings() const
{
    std::vector<Rating> out;
    for (const Slot &s : m_slots)
        out.push_back(Rating{std::max(0, s.accuracy->checkedId()), std::max(0, s.conciseness->checkedId()),
                             s.preferred->isChecked()});
    return out;
}

bool BlindedAnswersWidget::isComplete() const
{
    for (const Rating &r : ratings())
        if (r.accuracy == 0 || r.conciseness == 0)
            return false;
    return !m_slots.empty();
}

ExpertReviewDialog::ExpertReviewDialog(ProjectStore &store, const QString &expert, quint64 seed, QWidget *parent)
    : QDialog(parent), m_store(store), m_expert(expert)
{
    setWindowTitle(tr("Blinded expert evaluation"));
    m_items = eval::blindedItems(store, eval::latestEvaluations(store), seed);

    auto *layout = new QVBoxLayout(this);
    m_progress = new QLabel(this);
    layout->addWidget(m_progress);
    auto *content = new QHBoxLayout;
    m_image = new QLabel(this);
    m_image->setMinimumSize(320, 256);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setAccessibleName(tr("Frame with the structure highlighted"));
    content->addWidget(m_image, 1);
    auto *right = new QVBoxLayout;
    m_question = new QLabel(this);
    m_question->setWordWrap(true);
    m_question->setTextFormat(Qt::PlainText);
    right->addWidget(m_question);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    m_answers = new BlindedAnswersWidget(scroll);
    scroll->setWidget(m_answers);
    right->addWidget(scroll, 1);
    content->addLayout(right, 1);
    layout->addLayout(content, 1);
    m_status = new QLabel(this);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_prev = buttons->addButton(tr("Previous"), QDialogButtonBox::ActionRole);
    m_save = buttons->addButton(tr("Save and next"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_prev, &QPushButton::clicked, this, [this] { showItem(m_index - 1); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (saveCurrent() && m_index + 1 < itemCount())
            showItem(m_index + 1);
    });
    connect(m_answers, &BlindedAnswersWidget::changed, this, &ExpertReviewDialog::updateButtons);

    if (m_items.empty()) {
        m_progress->setText(tr("No evaluation answers to score: run an evaluation of at least two models first."));
        m_answers->setAnswers({});
        updateButtons();
    } else {
        showItem(0);
    }
    resize(1100, 700);
}

int ExpertReviewDialog::itemCount() const { return int(m_items.size()); }
int ExpertReviewDialog::currentIndex() const { return m_index; }

void ExpertReviewDialog::showItem(int index)
{
    if (index < 0 || index >= itemCount())
        return;
    m_index = index;
    const eval::BlindedItem &item = m_items[size_t(index)];
    m_progress->setText(tr("Item %1 of %2").arg(index + 1).arg(itemCount()));
    m_question->setText(item.question);
    m_status->clear();

    // The same composite the models were asked about.
    m_image->setText(QString());
    try {
        const QImage image = matToQImage(TrainingOverlay(m_store).ofStructure(item.frameId, item.structureId).compositeBgr);
        m_image->setPixmap(QPixmap::fromImage(image.scaled(640, 512, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    } catch (const std::exception &e) {
        m_image->setText(tr("The frame cannot be shown: %1").arg(QString::fromUtf8(e.what())));
    }

    QStringList texts;
    for (const auto &a : item.answers)
        texts << a.text;
    m_answers->setAnswers(texts);
    // Resume: this expert's earlier scores of these answers.
    std::vector<BlindedAnswersWidget::Rating> ratings(item.answers.size());
    for (const ExpertScore &s : m_store.expertScores())
        for (size_t i = 0; i < item.answers.size(); ++i)
            if (s.answerId == item.answers[i].answerId && s.expert == m_expert)
                ratings[i] = {s.accuracy, s.conciseness, s.preferred};
    m_answers->setRatings(ratings);
    updateButtons();
}

bool ExpertReviewDialog::saveCurrent()
{
    if (m_index < 0)
        return false;
    if (!m_answers->isComplete()) {
        m_status->setText(tr("Score accuracy and conciseness of every answer before saving."));
        return false;
    }
    const auto &item = m_items[size_t(m_index)];
    const auto ratings = m_answers->ratings();
    std::vector<ExpertScore> scores;
    for (size_t i = 0; i < item.answers.size(); ++i) {
        ExpertScore s;
        s.answerId = item.answers[i].answerId;
        s.expert = m_expert;
        s.accuracy = ratings[i].accuracy;
        s.conciseness = ratings[i].conciseness;
        s.preferred = ratings[i].preferred;
        scores.push_back(s);
    }
    try {
        m_store.saveExpertScores(scores);
    } catch (const std::exception &e) {
        m_status->setText(tr("The scores could not be saved: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_status->setText(tr("Saved."));
    return true;
}

void ExpertReviewDialog::updateButtons()
{
    m_prev->setEnabled(m_index > 0);
    m_save->setEnabled(m_answers->isComplete());
}

} // namespace sd::ui
