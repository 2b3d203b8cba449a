#include "consensuspanel.h"

#include "imageio.h"
#include "store/projectstore.h"
#include "widgets/displaynames.h"
#include "widgets/fittedimage.h"
#include "widgets/imageconvert.h"
#include "widgets/errorlabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace sd::ui {

namespace {

cv::Scalar bgr(const QColor &c)
{
    return cv::Scalar(c.blue(), c.green(), c.red());
}

void drawOutline(cv::Mat &image, const RleMask &mask, const cv::Scalar &color, int thickness)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask.decode(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    cv::drawContours(image, contours, -1, color, thickness, cv::LINE_AA);
}

} // namespace

QColor ConsensusPanel::annotatorColor(int index)
{
    // Distinct from each other and from the candidate's white; no green (the training overlay's colour).
    static const QColor colors[] = {QColor(0xff, 0x78, 0x00), QColor(0x35, 0x84, 0xe4), QColor(0xe0, 0x1b, 0x24),
                                    QColor(0xc0, 0x61, 0xcb), QColor(0xf6, 0xd3, 0x2d), QColor(0x33, 0xc7, 0xde),
                                    QColor(0x98, 0x6a, 0x44), QColor(0xff, 0xa3, 0x48), QColor(0x99, 0xc1, 0xf1)};
    return colors[index % int(std::size(colors))];
}

ConsensusPanel::ConsensusPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("consensusPanel"));
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("consensusHeader"));
    m_header->setWordWrap(true);
    m_preview = new FittedImage(this);
    m_preview->setObjectName(QStringLiteral("consensusPreview"));
    m_preview->setMinimumHeight(200);
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("mergeMethod"));
    m_method->addItem(tr("Majority vote"), consensus::mergeMethodToString(consensus::MergeMethod::Majority));
    m_method->addItem(tr("STAPLE"), consensus::mergeMethodToString(consensus::MergeMethod::Staple));
    m_method->setCurrentIndex(1);
    m_useAsReference = new QPushButton(tr("Use as reference"), this);
    m_useAsReference->setObjectName(QStringLiteral("useAsReferenceButton"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Merged candidate:"), this));
    controls->addWidget(m_method, 1);
    controls->addWidget(m_useAsReference);
    m_annotators = new QListWidget(this);
    m_annotators->setObjectName(QStringLiteral("consensusAnnotators"));
    m_annotators->setMaximumHeight(90);
    m_pairs = new QTableWidget(this);
    m_pairs->setObjectName(QStringLiteral("pairwiseDice"));
    m_pairs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_pairs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_pairs->setMaximumHeight(130);
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_error = newErrorLabel(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_header);
    layout->addWidget(m_preview, 1);
    layout->addLayout(controls);
    layout->addWidget(m_error);
    layout->addWidget(new QLabel(tr("Submitted annotations (outline colour; untick to hide)"), this));
    layout->addWidget(m_annotators);
    layout->addWidget(new QLabel(tr("Pairwise Dice"), this));
    layout->addWidget(m_pairs);
    layout->addWidget(m_info);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_useAsReference, &QPushButton::clicked, this, &ConsensusPanel::useAsReference);
    connect(m_annotators, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const QString name = item->data(Qt::UserRole).toString();
        if (item->checkState() == Qt::Checked)
            m_hidden.remove(name);
        else
            m_hidden.insert(name);
        renderPreview();
    });
    refresh();
}

consensus::MergeMethod ConsensusPanel::method() const
{
    return consensus::mergeMethodFromString(m_method->currentData().toString());
}

void ConsensusPanel::setMethod(consensus::MergeMethod method)
{
    m_method->setCurrentIndex(m_method->findData(consensus::mergeMethodToString(method)));
}

QString ConsensusPanel::headerText() const
{
    return m_header->text();
}

QString ConsensusPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ConsensusPanel::setContext(ProjectStore *store, qint64 frameId, qint64 structureId, const UserIdentity &user)
{
    const bool sameMask = store == m_store && frameId == m_frameId && structureId == m_structureId;
    m_store = store;
    m_frameId = frameId;
    m_structureId = structureId;
    m_user = user;
    if (!sameMask)
        m_error->hide();
    if (isVisible())
        refresh();
}

void ConsensusPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // setContext() skips the work while the panel is hidden
}

void ConsensusPanel::refresh()
{
    m_candidate = {};
    m_annotators->clear();
    m_pairs->clear();
    m_pairs->setRowCount(0);
    m_pairs->setColumnCount(0);
    m_info->clear();
    m_useAsReference->setEnabled(false);
    const auto structure = m_store && m_structureId ? m_store->structure(m_structureId) : std::nullopt;
    if (!m_store || !m_frameId || !structure) {
        m_header->setText(tr("Select a frame and a structure."));
        renderPreview();
        return;
    }
    if (m_user.role != UserRole::Reviewer) {
        m_header->setText(tr("Only reviewers see the independent annotations and the merged candidate."));
        renderPreview();
        return;
    }
    const int wanted = consensus::independentAnnotations(*m_store);
    const bool honeypot = m_store->isHoneypot(m_frameId);
    try {
        m_candidate = consensus::consensusCandidate(*m_store, m_frameId, m_structureId, method(), m_user);
    } catch (const std::exception &e) {
        m_header->setText(QString::fromUtf8(e.what()));
        renderPreview();
        return;
    }
    const int submitted = int(m_candidate.annotations.size());
    QString header = tr("%1: %2 of %3 independent annotation(s) submitted.")
                         .arg(structureDisplayName(*structure))
                         .arg(submitted)
                         .arg(wanted);
    if (honeypot)
        header += QLatin1Char(' ') + tr("Honeypot frame: the approved mask is the reference.");
    m_header->setText(header);
    m_useAsReference->setEnabled(!honeypot && submitted >= std::max(2, wanted));

    {
        const QSignalBlocker block(m_annotators);
        for (int i = 0; i < submitted; ++i) {
            const Annotation &a = m_candidate.annotations[size_t(i)];
            QPixmap swatch(14, 14);
            swatch.fill(annotatorColor(i));
            auto *item = new QListWidgetItem(QIcon(swatch), tr("%1 · v%2 · %3 px").arg(a.annotator).arg(a.version)
                                                                 .arg(a.rle.area()), m_annotators);
            item->setData(Qt::UserRole, a.annotator);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_hidden.contains(a.annotator) ? Qt::Unchecked : Qt::Checked);
        }
    }
    QStringList names;
    for (const Annotation &a : m_candidate.annotations)
        names << a.annotator;
    m_pairs->setRowCount(submitted);
    m_pairs->setColumnCount(submitted);
    m_pairs->setHorizontalHeaderLabels(names);
    m_pairs->setVerticalHeaderLabels(names);
    for (int i = 0; i < submitted; ++i)
        for (int j = 0; j < submitted; ++j)
            m_pairs->setItem(i, j, new QTableWidgetItem(i == j ? QStringLiteral("—")
                                                               : QString::number(m_candidate.pairDice[size_t(i)][size_t(j)],
                                                                                 'f', 3)));
    if (submitted > 0) {
        QString info = tr("Candidate: %1 px.").arg(m_candidate.merged.area());
        for (size_t i = 0; i < m_candidate.sensitivity.size(); ++i)
            info += QLatin1Char(' ') + tr("%1: sensitivity %2, specificity %3.")
                                           .arg(names[qsizetype(i)])
                                           .arg(m_candidate.sensitivity[i], 0, 'f', 3)
                                           .arg(m_candidate.specificity[i], 0, 'f', 3);
        m_info->setText(info);
    }
    renderPreview();
}

void ConsensusPanel::renderPreview()
{
    if (!m_store || !m_frameId || m_candidate.annotations.empty()) {
        m_preview->setImage({}, tr("No submitted annotation to show."));
        return;
    }
    cv::Mat image;
    try {
        image = loadImage(m_store->absolutePath(m_store->frame(m_frameId)->mediaPath));
    } catch (const std::exception &e) {
        m_preview->setImage({}, QString::fromUtf8(e.what()));
        return;
    }
    const RleMask &merged = m_candidate.merged;
    if (image.rows != merged.height || image.cols != merged.width) {
        m_preview->setImage({}, tr("The annotations do not fit the frame's size."));
        return;
    }
    // The candidate filled in white at 35 %, then every shown annotation's outline, then the candidate's.
    cv::Mat fill = image.clone();
    fill.setTo(cv::Scalar(255, 255, 255), merged.decode());
    cv::addWeighted(fill, 0.35, image, 0.65, 0, image);
    const int thickness = std::max(1, image.cols / 320);
    for (size_t i = 0; i < m_candidate.annotations.size(); ++i)
        if (!m_hidden.contains(m_candidate.annotations[i].annotator))
            drawOutline(image, m_candidate.annotations[i].rle, bgr(annotatorColor(int(i))), thickness);
    drawOutline(image, merged, cv::Scalar(255, 255, 255), thickness + 1);
    // Cropped to the annotations with a margin: their differences are what the reviewer looks at.
    QRect region = merged.boundingBox();
    for (const Annotation &a : m_candidate.annotations)
        region |= a.rle.boundingBox();
    if (!region.isEmpty()) {
        const int margin = std::max(20, std::max(region.width(), region.height()) / 6);
        region = region.adjusted(-margin, -margin, margin, margin).intersected(QRect(0, 0, image.cols, image.rows));
        image = image(cv::Rect(region.x(), region.y(), region.width(), region.height())).clone();
    }
    m_preview->setImage(matToQImage(image));
}

bool ConsensusPanel::useAsReference()
{
    if (!m_store || !m_frameId || !m_structureId)
        return false;
    Q_EMIT aboutToSave();
    try {
        consensus::useAsReference(*m_store, m_frameId, m_structureId, method(), m_user);
    } catch (const std::exception &e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return false;
    }
    m_error->hide();
    refresh();
    Q_EMIT referenceSaved(m_frameId, m_structureId);
    return true;
}

} // namespace sd::ui
