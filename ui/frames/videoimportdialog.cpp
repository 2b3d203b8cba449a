#include "videoimportdialog.h"

#include "widgets/displaynames.h"
#include "widgets/imageconvert.h"
#include "store/projectstore.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace sd::ui {

VideoImportDialog::VideoImportDialog(const QString &projectFolder, QWidget *parent)
    : QDialog(parent), m_folder(projectFolder)
{
    setObjectName(QStringLiteral("videoImportDialog"));
    setWindowTitle(tr("Import video"));
    resize(760, 640);
    auto *choose = new QPushButton(tr("Choose video…"), this);
    m_file = new QLabel(tr("No video chosen"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(choose);
    fileRow->addWidget(m_file, 1);

    m_preview = new QLabel(this);
    m_preview->setMinimumSize(640, 360);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setStyleSheet(QStringLiteral("QLabel { background: #17191c; }"));
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("videoScrubber"));
    m_time = new QLabel(this);
    auto *scrubRow = new QHBoxLayout;
    scrubRow->addWidget(m_slider, 1);
    scrubRow->addWidget(m_time);

    auto spin = [this](double max, double step) {
        auto *s = new QDoubleSpinBox(this);
        s->setRange(0, max);
        s->setDecimals(2);
        s->setSingleStep(step);
        s->setSuffix(tr(" s"));
        return s;
    };
    m_start = spin(1e7, 1);
    m_end = spin(1e7, 1);
    m_interval = spin(3600, 0.5);
    m_interval->setMinimum(0.04);
    m_interval->setValue(1.0);
    auto *markStart = new QPushButton(tr("Mark phase start"), this);
    auto *markEnd = new QPushButton(tr("Mark phase end"), this);
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_start, 1);
    startRow->addWidget(markStart);
    auto *endRow = new QHBoxLayout;
    endRow->addWidget(m_end, 1);
    endRow->addWidget(markEnd);
    m_side = new QComboBox(this);
    for (Side s : {Side::Unknown, Side::Left, Side::Right})
        m_side->addItem(sideDisplayName(s), sideToString(s));
    m_estimate = new QLabel(this);
    auto *form = new QFormLayout;
    form->addRow(tr("CME phase start:"), startRow);
    form->addRow(tr("CME phase end:"), endRow);
    form->addRow(tr("One frame every:"), m_interval);
    form->addRow(tr("Side:"), m_side);
    form->addRow(QString(), m_estimate);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_import = new QPushButton(tr("Import"), this);
    m_import->setDefault(true);
    m_close = new QPushButton(tr("Close"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_import);
    buttons->addWidget(m_close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(m_preview, 1);
    layout->addLayout(scrubRow);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(choose, &QPushButton::clicked, this, &VideoImportDialog::chooseVideo);
    connect(m_slider, &QSlider::valueChanged, this, [this](int ms) { showPreview(ms / 1000.0); });
    connect(markStart, &QPushButton::clicked, this, &VideoImportDialog::markPhaseStart);
    connect(markEnd, &QPushButton::clicked, this, &VideoImportDialog::markPhaseEnd);
    for (QDoubleSpinBox *s : {m_start, m_end, m_interval})
        connect(s, &QDoubleSpinBox::valueChanged, this, &VideoImportDialog::updateButtons);
    connect(m_import, &QPushButton::clicked, this, &VideoImportDialog::startImport);
    connect(m_close, &QPushButton::clicked, this, &VideoImportDialog::reject);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &VideoImportDialog::finished);
    updateButtons();
}

VideoImportDialog::~VideoImportDialog()
{
    cancelImport();
    m_watcher.waitForFinished(); // the worker writes m_result / m_error
}

void VideoImportDialog::chooseVideo()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a video"), QString(),
                                                      tr("Videos (*.mp4 *.avi *.mov *.mkv *.m4v *.mpg);;All files (*)"));
    if (!path.isEmpty())
        setVideo(path);
}

bool VideoImportDialog::setVideo(const QString &path)
{
    m_capture.release();
    m_path.clear();
    m_duration = 0;
    // Checked first: OpenCV's back ends log noisily on a missing file.
    if (!QFileInfo(path).isFile() || !m_capture.open(path.toStdString()) || !m_capture.isOpened()) {
        m_error = tr("Cannot read %1 as a video.").arg(QDir::toNativeSeparators(path));
        m_status->setText(m_error);
        updateButtons();
        return false;
    }
    m_fps = m_capture.get(cv::CAP_PROP_FPS);
    const double frames = m_capture.get(cv::CAP_PROP_FRAME_COUNT);
    m_duration = m_fps > 0 && frames > 0 ? frames / m_fps : 0;
    m_path = path;
    m_error.clear();
    m_file->setText(QFileInfo(path).fileName()); // shown here only, never stored in the project
    m_slider->setRange(0, int(m_duration * 1000));
    m_start->setValue(0);
    m_end->setValue(m_duration);
    m_status->setText(tr("%1 s at %2 frames/s").arg(m_duration, 0, 'f', 1).arg(m_fps, 0, 'f', 2));
    showPreview(0);
    updateButtons();
    return true;
}

void VideoImportDialog::seek(double seconds)
{
    m_slider->setValue(int(std::lround(seconds * 1000)));
    showPreview(seconds); // also when the slider value did not change
}

double VideoImportDialog::position() const
{
    return m_slider->value() / 1000.0;
}

void VideoImportDialog::markPhaseStart()
{
    m_start->setValue(position());
    if (m_end->value() < position())
        m_end->setValue(m_duration);
}

void VideoImportDialog::markPhaseEnd()
{
    m_end->setValue(position());
    if (m_start->value() > position())
        m_start->setValue(0);
}

void VideoImportDialog::showPreview(double seconds)
{
    m_time->setText(timestampDisplay(seconds));
    if (!m_capture.isOpened())
        return;
    m_capture.set(cv::CAP_PROP_POS_MSEC, seconds * 1000.0);
    cv::Mat bgr;
    if (!m_capture.read(bgr) || bgr.empty() || bgr.type() != CV_8UC3)
        return;
    m_previewImage = matToQImage(bgr);
    m_preview->setPixmap(QPixmap::fromImage(m_previewImage).scaled(m_preview->size(), Qt::KeepAspectRatio,
                                                                    Qt::SmoothTransformation));
}

VideoImportOptions VideoImportDialog::options() const
{
    VideoImportOptions o;
    o.intervalSec = m_interval->value();
    o.phaseStartSec = m_start->value();
    o.phaseEndSec = m_end->value();
    o.side = sideFromString(m_side->currentData().toString());
    return o;
}

void VideoImportDialog::setOptions(const VideoImportOptions &o)
{
    m_interval->setValue(o.intervalSec);
    m_start->setValue(o.phaseStartSec);
    m_end->setValue(o.phaseEndSec < 0 ? m_duration : o.phaseEndSec);
    m_side->setCurrentIndex(std::max(0, m_side->findData(sideToString(o.side))));
}

void VideoImportDialog::updateButtons()
{
    const bool running = m_watcher.isRunning();
    const bool valid = !m_path.isEmpty() && m_end->value() > m_start->value() && m_interval->value() > 0;
    m_import->setEnabled(valid && !running);
    m_close->setText(running ? tr("Cancel") : tr("Close"));
    if (valid)
        m_estimate->setText(tr("About %n frame(s) will be imported.", nullptr,
                               int(std::floor((m_end->value() - m_start->value()) / m_interval->value())) + 1));
    else
        m_estimate->clear();
}

void VideoImportDialog::startImport()
{
    if (m_watcher.isRunning() || m_path.isEmpty())
        return;
    m_result = {};
    m_error.clear();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_status->setText(tr("Importing…"));
    m_progress->setRange(0, 0);
    const QString folder = m_folder, path = m_path;
    const VideoImportOptions o = options();
    auto cancel = m_cancel;
    QPointer<VideoImportDialog> self(this);
    m_watcher.setFuture(QtConcurrent::run([this, self, folder, path, o, cancel] {
        try {
            auto store = ProjectStore::open(folder); // this thread's own connection
            m_result = importVideo(*store, path, o, [self, cancel](int done, int total) {
                if (self)
                    QMetaObject::invokeMethod(self, [self, done, total] {
                        if (self)
                            self->setProgress(done, total);
                    }, Qt::QueuedConnection);
                return !cancel->load();
            });
        } catch (const std::exception &e) {
            m_error = QString::fromUtf8(e.what());
        }
    }));
    updateButtons();
}

void VideoImportDialog::cancelImport()
{
    if (m_cancel)
        m_cancel->store(true);
}

void VideoImportDialog::setProgress(int done, int total)
{
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(std::min(done, std::max(1, total)));
    m_status->setText(tr("Imported %1 of %2 frames…").arg(done).arg(total));
}

void VideoImportDialog::finished()
{
    const bool ok = m_error.isEmpty();
    m_progress->setRange(0, 1);
    m_progress->setValue(ok ? 1 : 0);
    m_status->setText(ok ? tr("Imported %n frame(s).", nullptr, int(m_result.frameIds.size()))
                         : tr("Nothing was imported: %1").arg(m_error));
    updateButtons();
    Q_EMIT importFinished(ok);
    if (ok)
        accept();
}

void VideoImportDialog::reject()
{
    if (m_watcher.isRunning()) {
        cancelImport(); // finished() reports it; the dialog stays open until then
        return;
    }
    QDialog::reject();
}

} // namespace sd::ui
